"""Retro summaries published to Confluence and Notion, end to end against local sites that
speak each API: published when a retro closes and on demand, updated in place when published
again (one page, however often a publication is tried), hostile text kept as text, failures
shown with their reason, and only facilitators publishing."""

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Client, World, command, expect_error, settings_for, user_id
from tests.fake_confluence import FakeConfluence, fake_confluence
from tests.fake_notion import FakeNotion, fake_notion, text_of
from tests.integration.boards import add_card, to_phase
from tests.local_vendor import Scripted
from twofold.domain.outbox import RetryPolicy
from twofold.integrations.vault import Vault, new_key
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.worker.runner import Worker
from twofold.worker.subscriptions import Subscriptions
from twofold.worker.trackers import tracker_handlers
from twofold.worker.wikis import wiki_handlers, wiki_subscriptions

KEY = new_key()
PUBLIC = "https://retro.example.com"
HOSTILE = '<script>alert("x")</script> & <ac:structured-macro ac:name="html"/> ]]>'


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path).model_copy(
        update={"public_url": PUBLIC, "integrations_timeout_seconds": 2.0}
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY))
    db.dispose()


@pytest.fixture
def confluence() -> Iterator[FakeConfluence]:
    with fake_confluence() as site:
        yield site


@pytest.fixture
def notion() -> Iterator[FakeNotion]:
    with fake_notion() as site:
        yield site


def _worker(ctx: Ctx, settings: Settings, attempts: int = 5) -> Worker:
    subscriptions = Subscriptions()
    wiki_subscriptions(ctx, subscriptions)
    handlers = subscriptions.handlers()
    handlers.update(tracker_handlers(ctx, settings))
    handlers.update(wiki_handlers(ctx, settings))
    return Worker(ctx, handlers, policy=RetryPolicy(max_attempts=attempts, first_delay=0))


def _drain(worker: Worker) -> None:
    for _ in range(40):
        if not worker.run_once().handled:
            return
    raise AssertionError("the worker never ran out of work")


def _connect_confluence(c: Client, team_id: str, site: FakeConfluence, **over: Any) -> str:
    body: dict[str, Any] = {
        "vendor": "confluence",
        "settings": {"site_url": site.url, "email": site.email, "space": "ENG",
                     "parent_page_id": "5001"},
        "token": site.token,
    }  # fmt: skip
    body.update(over)
    return str(c.ok("POST", f"/api/teams/{team_id}/connections", 201, json=body)["id"])


def _connect_notion(c: Client, team_id: str, site: FakeNotion, **over: Any) -> str:
    address = f"https://www.notion.so/Team-retros-{site.parent_id.replace('-', '')}"
    body: dict[str, Any] = {
        "vendor": "notion",
        "settings": {"parent_page": address, "api_url": site.url},
        "token": site.token,
    }
    body.update(over)
    return str(c.ok("POST", f"/api/teams/{team_id}/connections", 201, json=body)["id"])


def _run_retro(world: World, text: str = "Flaky CI ate two days") -> None:
    rid = world.retro["id"]
    card = add_card(world.eng, world, text, 1, friction="tech_debt")
    add_card(world.pm, world, "Specs changed mid-sprint", 0)
    to_phase(world, "vote")
    command(world.pm, rid, "vote", topic_id=card)
    to_phase(world, "actions")
    command(
        world.pm,
        rid,
        "create_action",
        title=f"Fix it: {text}",
        owner={"kind": "person", "user_id": user_id(world.eng)},
        due="2099-01-31",
        topic_id=card,
    )


def _close(world: World) -> None:
    to_phase(world, "closed")


def _pages(c: Client, world: World) -> dict[str, dict[str, Any]]:
    return {p["vendor"]: p for p in c.ok("GET", f"/api/retros/{world.retro['id']}/pages")}


def _publish(c: Client, world: World, connection_id: str, status: int = 202) -> Any:
    url = f"/api/retros/{world.retro['id']}/publish-page"
    return c.ok("POST", url, status, json={"connection_id": connection_id})


def _both(world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence,
          notion: FakeNotion) -> tuple[str, str]:  # fmt: skip
    """Both wikis connected and their first test done."""
    ids = (
        _connect_confluence(world.pm, world.team_id, confluence),
        _connect_notion(world.pm, world.team_id, notion),
    )
    _drain(_worker(ctx, settings))
    return ids


def _published(world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence,
               notion: FakeNotion) -> tuple[str, str, Worker]:  # fmt: skip
    """Both wikis connected, the retro run and closed, and its pages published."""
    ids = _both(world, ctx, settings, confluence, notion)
    _run_retro(world)
    _close(world)
    worker = _worker(ctx, settings)
    _drain(worker)
    return (*ids, worker)


def test_connections_are_tested_and_say_what_works(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _both(world, ctx, settings, confluence, notion)
    shown = {c["vendor"]: c for c in world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")}
    assert shown["confluence"]["kind"] == shown["notion"]["kind"] == "wiki"
    assert shown["confluence"]["check"]["status"] == "ok"
    assert "Engineering (ENG), under page 5001" in shown["confluence"]["check"]["message"]
    assert shown["notion"]["check"]["status"] == "ok"
    assert "Twofold bot" in shown["notion"]["check"]["message"]
    # The page's address was read for its id.
    assert shown["notion"]["settings"]["parent_page"] == notion.parent_id
    assert confluence.token not in str(shown)
    assert notion.token not in str(shown)
    assert all(s.headers["notion-version"] == "2022-06-28" for s in notion.seen)


@pytest.mark.parametrize(
    ("vendor", "change", "status", "says"),
    [
        ("confluence", "token", "bad_token", "refused the token (401)"),
        ("confluence", "space", "unknown_project", "no space NOPE"),
        ("confluence", "parent", "unknown_project", "no page 999"),
        ("confluence", "permission", "forbidden", "may not add pages in the space ENG"),
        ("notion", "token", "bad_token", "refused the token (401)"),
        ("notion", "unshared", "unknown_project", "not shared with the integration"),
        ("notion", "site", "unreachable", "Could not reach Notion"),
    ],
)
def test_the_test_says_exactly_what_is_wrong(
    world: World,
    ctx: Ctx,
    settings: Settings,
    confluence: FakeConfluence,
    notion: FakeNotion,
    vendor: str,
    change: str,
    status: str,
    says: str,
) -> None:
    if vendor == "confluence":
        s: dict[str, Any] = {"site_url": confluence.url, "email": confluence.email, "space": "ENG"}
        if change == "space":
            s["space"] = "NOPE"
        if change == "parent":
            s["parent_page_id"] = "999"
        if change == "permission":
            confluence.may_add_pages = False
        token = "revoked-0000000000" if change == "token" else confluence.token
        _connect_confluence(world.pm, world.team_id, confluence, settings=s, token=token)
    else:
        if change == "unshared":
            notion.shared.clear()
        if change == "site":
            notion.stop()
        token = "secret_revoked_000000" if change == "token" else notion.token
        _connect_notion(world.pm, world.team_id, notion, token=token)
    _drain(_worker(ctx, settings))
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == status
    assert says in shown["check"]["message"]


def test_a_closing_retro_is_published_to_each_wiki_with_its_summary(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _both(world, ctx, settings, confluence, notion)
    _run_retro(world)
    before = _pages(world.eng, world)
    assert {v: p["state"] for v, p in before.items()} == {
        "confluence": "unpublished",
        "notion": "unpublished",
    }
    _close(world)
    _drain(_worker(ctx, settings))
    shown = _pages(world.eng, world)
    [c_page] = confluence.created_pages()
    [n_page] = notion.child_pages()
    assert shown["confluence"]["state"] == shown["notion"]["state"] == "published"
    assert shown["confluence"]["version"] == 1
    assert shown["notion"]["version"] == 1
    assert shown["confluence"][
        "url"
    ] == f"{confluence.url}/wiki/spaces/ENG/pages/{c_page['id']}/" + c_page["title"].replace(
        " ", "+"
    )
    assert shown["notion"]["url"].endswith(n_page.replace("-", ""))
    assert shown["confluence"]["delivery"] is None
    assert shown["confluence"]["published_at"] is not None
    # Filed where the settings say, titled with the retro and the team.
    assert (c_page["spaceId"], c_page["parentId"]) == ("98305", "5001")
    assert c_page["title"].startswith("Retro: Sprint 1 retro · Alpha · ")
    assert notion.pages[n_page]["title"] == c_page["title"]
    link = f"{PUBLIC}/retros/{world.retro['id']}"
    body = c_page["body"]
    assert f'<a href="{link}">' in body
    for said in ("Top topics", "Flaky CI ate two days (1 vote)", "Action items",
                 "Fix it: Flaky CI ate two days: Eng, due Jan 31, 2099", "Sprint signals"):  # fmt: skip
        assert said in body
    texts = [text_of(b) for b in notion.content(n_page)]
    assert texts[0] == "Open this retro in Twofold"
    first = notion.content(n_page)[0]["paragraph"]["rich_text"][0]
    assert first["text"]["link"]["url"] == link
    assert "Fix it: Flaky CI ate two days: Eng, due Jan 31, 2099" in texts
    assert [b["type"] for b in notion.content(n_page)].count("heading_2") >= 3
    assert "Cards: product 50%, engineering 50%" in body
    # Top topics in vote order: the voted card first.
    assert body.index("Flaky CI") < body.index("Specs changed")


def test_publishing_again_updates_the_same_page_in_place(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    c_id, n_id, worker = _published(world, ctx, settings, confluence, notion)
    [c_page] = confluence.created_pages()
    [n_page] = notion.child_pages()
    before = [b["id"] for b in notion.content(n_page)]
    # A change after closing (an item's owner reassigned) goes out when published again.
    world.pm.ok("PATCH", f"/api/retros/{world.retro['id']}", json={"title": "Sprint 1 review"})
    queued = _publish(world.pm, world, c_id)
    assert (queued["state"], queued["delivery"]["state"]) == ("published", "pending")
    _publish(world.pm, world, n_id)
    _drain(worker)
    assert [p["id"] for p in confluence.created_pages()] == [c_page["id"]]
    assert notion.child_pages() == [n_page]
    shown = _pages(world.eng, world)
    assert (shown["confluence"]["version"], shown["notion"]["version"]) == (2, 2)
    assert confluence.pages[c_page["id"]]["version"] == 2
    assert confluence.pages[c_page["id"]]["title"].startswith("Retro: Sprint 1 review")
    assert notion.pages[n_page]["title"].startswith("Retro: Sprint 1 review")
    after = [b["id"] for b in notion.content(n_page)]
    assert len(after) == len(before)
    assert not set(after) & set(before)
    assert all(notion.blocks[b]["archived"] for b in before)
    # The old blocks were listed page by page (three at a time here) before any was deleted.
    listed = notion.requests_to("GET", f"/blocks/{n_page}/children")
    assert any("start_cursor" in s.query for s in listed)
    put = confluence.requests_to("PUT", f"/pages/{c_page['id']}")[-1]
    assert put.body["version"]["number"] == 2


def test_a_page_saved_meanwhile_in_confluence_is_updated_on_its_fresh_version(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    c_id, _, worker = _published(world, ctx, settings, confluence, notion)
    [page] = confluence.created_pages()
    confluence.conflict_next_put = True
    _publish(world.pm, world, c_id)
    _drain(worker)
    puts = confluence.requests_to("PUT", f"/pages/{page['id']}")
    assert [p.body["version"]["number"] for p in puts] == [2, 3]
    assert _pages(world.eng, world)["confluence"]["version"] == 3
    assert confluence.pages[page["id"]]["version"] == 3


@pytest.mark.parametrize("vendor", ["confluence", "notion"])
def test_a_crash_after_the_page_was_made_still_makes_one_page(
    world: World,
    ctx: Ctx,
    settings: Settings,
    confluence: FakeConfluence,
    notion: FakeNotion,
    vendor: str,
) -> None:
    _both(world, ctx, settings, confluence, notion)
    _run_retro(world)
    site = confluence if vendor == "confluence" else notion
    site.drop_after_create = True
    _close(world)
    worker = _worker(ctx, settings)
    _drain(worker)
    made = confluence.created_pages() if vendor == "confluence" else notion.child_pages()
    assert len(made) == 1
    shown = _pages(world.eng, world)[vendor]
    assert shown["state"] == "published"
    assert shown["delivery"] is None
    assert shown["url"]
    creates = [s for s in site.seen if s.method == "POST" and s.path.endswith("/pages")]
    assert len(creates) == 1


def test_a_create_answered_too_late_is_retried_and_still_makes_one_page(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _both(world, ctx, settings, confluence, notion)
    _run_retro(world)
    notion.stall_after_create = settings.integrations_timeout_seconds + 1
    _close(world)
    worker = _worker(ctx, settings)
    late: dict[str, Any] = {}
    for _ in range(10):
        worker.run_once()
        late = _pages(world.eng, world).get("notion") or {}
        if late.get("delivery") and late["delivery"]["attempts"]:
            break
    assert "Notion did not answer within 2 s." in late["delivery"]["last_error"]
    _drain(worker)
    assert len(notion.child_pages()) == 1
    assert _pages(world.eng, world)["notion"]["state"] == "published"


def test_a_retro_closed_again_is_published_again_in_place(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _, _, worker = _published(world, ctx, settings, confluence, notion)
    [page] = confluence.created_pages()
    to_phase(world, "actions")
    command(world.pm, world.retro["id"], "create_action", title="Agreed after reopening")
    _close(world)
    _drain(worker)
    assert [p["id"] for p in confluence.created_pages()] == [page["id"]]
    assert "Agreed after reopening" in confluence.pages[page["id"]]["body"]
    assert _pages(world.eng, world)["confluence"]["version"] == 2
    assert _pages(world.eng, world)["notion"]["version"] == 2


def test_hostile_text_stays_text_on_both_wikis(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _both(world, ctx, settings, confluence, notion)
    _run_retro(world, HOSTILE)
    _close(world)
    _drain(_worker(ctx, settings))
    [c_page] = confluence.created_pages()
    body = c_page["body"]
    assert "<script>" not in body
    assert "<ac:structured-macro" not in body
    assert html.escape(HOSTILE) in body
    [n_page] = notion.child_pages()
    assert any(HOSTILE in text_of(b) for b in notion.content(n_page))


def test_an_outage_is_retried_and_the_team_sees_why(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _both(world, ctx, settings, confluence, notion)
    _run_retro(world)
    confluence.fail_next = [Scripted(503, body={"errors": [{"title": "Service Unavailable"}]})]
    _close(world)
    worker = _worker(ctx, settings)
    failing: dict[str, Any] = {}
    for _ in range(10):
        worker.run_once()
        failing = _pages(world.eng, world).get("confluence") or {}
        if failing.get("delivery") and failing["delivery"]["attempts"]:
            break
    assert failing["state"] == "pending"
    assert failing["delivery"]["attempts"] == 1
    assert failing["delivery"]["last_error"].endswith(
        "Confluence answered 503: Service Unavailable."
    )
    _drain(worker)
    assert _pages(world.eng, world)["confluence"]["state"] == "published"
    assert len(confluence.created_pages()) == 1


def test_rate_limiting_waits_as_long_as_notion_asks(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _, n_id, worker = _published(world, ctx, settings, confluence, notion)
    notion.fail_next = [
        Scripted(429, {"Retry-After": "90"}, {"object": "error", "code": "rate_limited",
                                              "message": "Rate limited"})
    ]  # fmt: skip
    _publish(world.pm, world, n_id)
    worker.run_once()
    seen = _pages(world.eng, world)["notion"]
    assert "429" in seen["delivery"]["last_error"]
    assert "90 s" in seen["delivery"]["last_error"]
    assert seen["delivery"]["next_try_at"] is not None
    assert not worker.run_once().handled  # not due yet
    assert seen["version"] == 1


def test_a_refused_token_is_given_up_with_the_reason_and_can_be_published_again(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    _, n_id = _both(world, ctx, settings, confluence, notion)
    _run_retro(world)
    notion.token = "secret_rotated_in_notion"
    _close(world)
    _drain(_worker(ctx, settings, attempts=2))
    failed = _pages(world.eng, world)["notion"]
    assert (failed["state"], failed["delivery"]["state"]) == ("pending", "failed")
    assert "Notion refused the token (401)" in failed["delivery"]["last_error"]
    assert _pages(world.eng, world)["confluence"]["state"] == "published"
    notion.token = "secret_notion_1234"
    again = _publish(world.pm, world, n_id)
    assert again["delivery"]["state"] == "pending"
    _drain(_worker(ctx, settings))
    assert _pages(world.eng, world)["notion"]["state"] == "published"
    assert len(notion.child_pages()) == 1


def test_a_page_deleted_in_the_wiki_is_made_again(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    c_id, _, worker = _published(world, ctx, settings, confluence, notion)
    [page] = confluence.created_pages()
    del confluence.pages[page["id"]]
    _publish(world.pm, world, c_id)
    _drain(worker)
    [again] = confluence.created_pages()
    assert again["id"] != page["id"]
    assert _pages(world.eng, world)["confluence"]["url"].endswith(again["title"].replace(" ", "+"))


def test_only_facilitators_publish_and_other_teams_see_nothing(
    world: World, ctx: Ctx, settings: Settings, confluence: FakeConfluence, notion: FakeNotion
) -> None:
    c_id, _ = _both(world, ctx, settings, confluence, notion)
    rid = world.retro["id"]
    url = f"/api/retros/{rid}/publish-page"
    body = {"connection_id": c_id}
    expect_error(world.pm.post(url, json=body), 409, "wrong_phase")
    _run_retro(world)
    _close(world)
    expect_error(world.eng.post(url, json=body), 403)
    expect_error(world.guest.post(url, json=body), 403)
    expect_error(world.outsider.post(url, json=body), 404)
    expect_error(world.outsider.get(f"/api/retros/{rid}/pages"), 404)
    expect_error(world.pm.post(url, json={"connection_id": "no-such-connection"}), 404)
    # Beta's facilitator with Beta's own wiki cannot publish Alpha's retro to it.
    other = _connect_confluence(world.outsider, world.other_team_id, confluence)
    expect_error(world.outsider.post(url, json={"connection_id": other}), 404)
    expect_error(world.pm.post(url, json={"connection_id": other}), 404)
    _publish(world.pm, world, c_id)
    _drain(_worker(ctx, settings))
    assert len(confluence.created_pages()) == 1
