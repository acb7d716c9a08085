"""A team connected to Linear, end to end against a local Linear workspace: the connection made
and tested; items pushed through the worker (one issue, however often a push is tried again);
state coming back by signed webhook and by polling; items done here moving their issues; and
Linear failing in each way it does (a refused key, GraphQL errors, rate limits, outages)."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Client, World, expect_error, user_id
from tests.fake_jira import fake_jira
from tests.fake_linear import FakeLinear, fake_linear, rate_limited
from tests.local_vendor import Scripted
from tests.tracker_jobs import PUBLIC, tracker_settings
from tests.tracker_jobs import action_status as _status
from tests.tracker_jobs import drain as _drain
from tests.tracker_jobs import full_worker as _full_worker
from tests.tracker_jobs import jobs_worker as _worker
from tests.tracker_jobs import new_action as _action
from tests.tracker_jobs import tickets as _tickets
from twofold.domain.team_events import TicketPushRequested
from twofold.integrations.linear.webhook import signature
from twofold.integrations.vault import Vault, new_key
from twofold.live.bus import TeamNotice
from twofold.services import outbox
from twofold.services.context import Ctx
from twofold.services.tracker_sync import enqueue_polls
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.worker.trackers import tracker_handlers

KEY = new_key()
WEBHOOK_SECRET = "lin_wh_signing_secret_5678"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return tracker_settings(db_url, tmp_path)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY))
    db.dispose()


@pytest.fixture
def linear() -> Iterator[FakeLinear]:
    with fake_linear() as workspace:
        yield workspace


def _site(linear: FakeLinear, **overrides: Any) -> dict[str, Any]:
    return {"team_key": "eng", "api_url": linear.url, **overrides}


def _connect(c: Client, team_id: str, linear: FakeLinear, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vendor": "linear",
        "settings": _site(linear),
        "token": linear.token,
        "webhook_secret": WEBHOOK_SECRET,
    }
    body.update(overrides)
    made: dict[str, Any] = c.ok("POST", f"/api/teams/{team_id}/connections", 201, json=body)
    return made


def _connected(world: World, ctx: Ctx, settings: Settings, linear: FakeLinear) -> str:
    """Connected, and the first test of the connection done, so scripted failures meet the
    push rather than the test."""
    made = _connect(world.pm, world.team_id, linear)
    _drain(_worker(ctx, settings))
    return str(made["id"])


def _queued(world: World, ctx: Ctx, settings: Settings, linear: FakeLinear) -> str:
    _connected(world, ctx, settings, linear)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    return action_id


def _pushed(world: World, ctx: Ctx, settings: Settings, linear: FakeLinear) -> tuple[str, str]:
    connection_id = _connected(world, ctx, settings, linear)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    return connection_id, action_id


def _hook(c: Client, connection_id: str, body: bytes, signed: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if signed is not None:
        headers["Linear-Signature"] = signed
    url = f"/api/integrations/linear/{connection_id}/webhook"
    return c.post(url, content=body, headers=headers)


def test_a_facilitator_connects_and_the_test_says_it_works(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    made = _connect(world.pm, world.team_id, linear)
    assert (made["kind"], made["where"], made["check_pending"]) == (
        "tracker",
        "ENG in Linear",
        True,
    )
    assert made["settings"]["team_key"] == "ENG"
    assert made["token_hint"] == "••••••••1234"
    assert made["has_webhook_secret"] is True
    assert made["webhook_path"] == f"/api/integrations/linear/{made['id']}/webhook"
    everything = str(world.eng.ok("GET", f"/api/teams/{world.team_id}/connections"))
    assert linear.token not in everything
    assert WEBHOOK_SECRET not in everything

    _drain(_worker(ctx, settings))
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == "ok"
    assert shown["check"]["message"] == "Connected as Lin Bot to Engineering (ENG)."
    [asked] = linear.operations("TwofoldCheck")
    assert asked.authorization == linear.token  # a personal key goes without "Bearer"
    assert asked.variables == {"key": "ENG"}


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ("key", "bad_token", "Linear refused the API key"),
        ("team", "unknown_project", "Linear has no team NOPE"),
        ("401", "bad_token", "refused the token (401)"),
        ("down", "unreachable", "Could not reach Linear"),
    ],
)
def test_the_test_says_exactly_what_is_wrong(
    world: World,
    ctx: Ctx,
    settings: Settings,
    linear: FakeLinear,
    change: str,
    status: str,
    says: str,
) -> None:
    site, token = _site(linear), linear.token
    if change == "key":
        token = "lin_api_revoked_0000"
    elif change == "team":
        site["team_key"] = "NOPE"
    elif change == "401":
        linear.fail_next = [Scripted(401, body={"error": "unauthorized"})]
    else:
        linear.stop()
    _connect(world.pm, world.team_id, linear, settings=site, token=token)
    _drain(_worker(ctx, settings))
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == status
    assert says in shown["check"]["message"]


def test_bad_settings_are_refused_with_the_field(world: World, linear: FakeLinear) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    for settings, wrong in (
        (_site(linear, team_key="E-NG"), "settings.team_key"),
        (_site(linear, api_url="not a url"), "settings.api_url"),
        ({"api_url": linear.url}, "settings.team_key"),
    ):
        body = {"vendor": "linear", "settings": settings, "token": linear.token}
        error = expect_error(world.pm.post(url, json=body), 422)
        assert error["details"][0]["field"] == wrong


def test_the_vendors_offered_include_linear_with_its_form(world: World) -> None:
    vendors = {v["vendor"]: v for v in world.eng.ok("GET", "/api/integrations/vendors")}
    offered = vendors["linear"]
    assert (offered["name"], offered["kind"]) == ("Linear", "tracker")
    assert "signing secret" in offered["webhook_help"]
    fields = {f["name"]: f for f in offered["fields"]}
    assert fields["team_key"]["required"]
    assert fields["team_key"]["placeholder"] == "ENG"
    assert fields["done_states"]["input"] == "list"
    assert fields["api_url"]["default"] == "https://api.linear.app/graphql"


def test_a_push_creates_one_issue_with_the_item_and_a_link_back(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connected(world, ctx, settings, linear)
    due = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    action_id = _action(world, due=due, owner={"kind": "person", "user_id": user_id(world.pm)})
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))

    linked = _tickets(world.eng, world.team_id)[action_id]
    assert (linked["state"], linked["key"]) == ("linked", "ENG-1")
    assert linked["url"] == "https://linear.app/acme/issue/ENG-1/fix-the-flaky-deploy"
    [created] = linear.operations("TwofoldCreate")
    sent = created.variables["input"]
    assert sent["teamId"] == "team-eng"
    assert sent["title"] == "Fix the flaky deploy"
    assert sent["dueDate"] == due
    assert sent["assigneeId"] == "user-pat"  # found by the owner's email
    link = f"{PUBLIC}/teams/{world.team_id}/actions"
    assert f"[{link}]({link})" in sent["description"]
    assert f"twofold-action-{action_id}" in sent["description"]
    # The workspace's own "Retro" label is used; "twofold" was made on the team.
    names = {lab["id"]: lab for lab in linear.labels}
    assert {names[i]["name"] for i in sent["labelIds"]} == {"twofold", "Retro"}
    assert names[sent["labelIds"][0]]["team"] == "team-eng"
    # The marker was looked for first.
    [search] = linear.operations("TwofoldMarked")
    assert search.variables == {"key": "ENG", "marker": f"twofold-action-{action_id}"}
    # Pushed once more when linked: still one issue, and one "twofold" label.
    assert world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)["key"] == "ENG-1"
    _drain(_worker(ctx, settings))
    assert len(linear.issues) == 1
    other = _action(world, "Second", owner={"kind": "person", "user_id": user_id(world.eng)})
    world.eng.ok("POST", f"/api/actions/{other}/push", 202)
    _drain(_worker(ctx, settings))
    assert [lab["name"] for lab in linear.labels].count("twofold") == 1
    assert "assigneeId" not in linear.operations("TwofoldCreate")[-1].variables["input"]


def test_a_push_retried_after_a_crash_between_create_and_commit_makes_one_issue(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world.pm, world.team_id, linear)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    [item] = outbox.claim_due(ctx, "doomed", [TicketPushRequested.kind], 1, timedelta(0))
    tracker_handlers(ctx, settings)[TicketPushRequested.kind](item.payload)
    assert list(linear.issues) == ["ENG-1"]
    assert _tickets(world.eng, world.team_id)[action_id]["state"] == "pending"

    _drain(_worker(ctx, settings))
    assert list(linear.issues) == ["ENG-1"]
    assert len(linear.operations("TwofoldCreate")) == 1
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "ENG-1"


def test_a_lost_answer_to_the_create_is_tried_again_without_a_second_issue(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    action_id = _queued(world, ctx, settings, linear)
    linear.drop_after_create = True
    worker = _worker(ctx, settings)
    worker.run_once()
    pending = _tickets(world.eng, world.team_id)[action_id]
    assert (pending["state"], pending["delivery"]["attempts"]) == ("pending", 1)
    assert "Could not reach Linear" in pending["delivery"]["last_error"]
    _drain(worker)
    assert list(linear.issues) == ["ENG-1"]
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "ENG-1"


def test_an_outage_delays_a_push_and_loses_nothing(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    action_id = _queued(world, ctx, settings, linear)
    linear.fail_next = [Scripted(503, body={"errors": [{"message": "Service Unavailable"}]})] * 3
    worker = _worker(ctx, settings)
    for attempt in (1, 2, 3):
        worker.run_once()
        seen = _tickets(world.eng, world.team_id)[action_id]
        assert (seen["state"], seen["delivery"]["attempts"]) == ("pending", attempt)
        assert seen["delivery"]["last_error"].endswith("Linear answered 503: Service Unavailable.")
    _drain(worker)
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "ENG-1"
    assert len(linear.issues) == 1


@pytest.mark.parametrize("how", ["429", "RATELIMITED"])
def test_rate_limiting_waits_as_long_as_linear_asks(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear, how: str
) -> None:
    action_id = _queued(world, ctx, settings, linear)
    if how == "429":
        linear.fail_next = [Scripted(429, {"Retry-After": "120"}, {"errors": []})]
    else:
        linear.fail_next = [rate_limited(120)]
    worker = _worker(ctx, settings)
    before = datetime.now(UTC)
    worker.run_once()
    seen = _tickets(world.eng, world.team_id)[action_id]["delivery"]
    assert "limiting requests" in seen["last_error"]
    assert "120 s" in seen["last_error"]
    assert datetime.fromisoformat(seen["next_try_at"]) >= before + timedelta(seconds=120)
    assert not worker.run_once().handled  # not due yet
    assert linear.issues == {}


def test_a_graphql_error_gives_the_push_up_with_linears_words(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    action_id = _queued(world, ctx, settings, linear)
    refused = {
        "errors": [
            {
                "message": "Argument Validation Error",
                "extensions": {
                    "code": "INPUT_ERROR",
                    "type": "invalid input",
                    "userPresentableMessage": "Title is too long.",
                },
            }
        ]
    }
    # Once with 400 (nothing done), once with 200 beside no data: both are refusals, given up
    # at the first try (trying again cannot shorten the title).
    for answer in (Scripted(400, body=refused), Scripted(200, body={**refused, "data": None})):
        linear.fail_next = [answer]
        _drain(_worker(ctx, settings, attempts=5))
        failed = _tickets(world.eng, world.team_id)[action_id]
        assert (failed["state"], failed["delivery"]["state"]) == ("pending", "failed")
        assert failed["delivery"]["attempts"] == 1
        said = f"Linear answered {answer.status}: Title is too long."
        assert said in failed["delivery"]["last_error"]
        world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    assert linear.issues == {}
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "ENG-1"


def test_a_read_only_key_passes_the_test_and_the_push_says_why_it_failed(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    linear.writable = False
    action_id = _queued(world, ctx, settings, linear)
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == "ok"
    _drain(_worker(ctx, settings, attempts=2))
    failed = _tickets(world.eng, world.team_id)[action_id]
    assert failed["delivery"]["state"] == "failed"
    assert failed["delivery"]["last_error"].endswith(
        "The API key may not do this in Linear: Your API key has read access only."
    )
    assert linear.issues == {}


def test_done_in_linear_by_signed_webhook_marks_the_item_done(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear, client: Client
) -> None:
    connection_id, action_id = _pushed(world, ctx, settings, linear)
    heard: list[TeamNotice] = []
    ctx.bus.subscribe_team(heard.extend)
    linear.set_state("ENG-1", "Done")
    body = linear.webhook_body("ENG-1", who="Ada Admin")

    forged = _hook(client, connection_id, body, signature("not-the-secret", body))
    expect_error(forged, 401, "bad_signature")
    expect_error(_hook(client, connection_id, body, None), 401, "bad_signature")
    tampered = body.replace(b"Ada Admin", b"Eve Evil")
    expect_error(_hook(client, connection_id, tampered, signature(WEBHOOK_SECRET, body)), 401)
    assert _status(world.eng, world.team_id, action_id) == "open"
    assert heard == []

    assert _hook(client, connection_id, body, signature(WEBHOOK_SECRET, body)).status_code == 204
    assert _status(world.eng, world.team_id, action_id) == "done"
    assert heard == [TeamNotice(world.team_id, "actions")]
    ticket = _tickets(world.eng, world.team_id)[action_id]
    assert (ticket["remote_status"], ticket["status_by"]) == ("Done", "Ada Admin")

    # Canceled is not done: the item reopens.
    linear.set_state("ENG-1", "Canceled")
    body = linear.webhook_body("ENG-1", who="Bo Builder")
    assert _hook(client, connection_id, body, signature(WEBHOOK_SECRET, body)).status_code == 204
    assert _status(world.eng, world.team_id, action_id) == "open"
    # Events about anything but an issue are heard and ignored.
    other = b'{"action":"create","type":"Comment","data":{"id":"c1"}}'
    assert _hook(client, connection_id, other, signature(WEBHOOK_SECRET, other)).status_code == 204


def test_done_states_named_by_the_team_decide(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear, client: Client
) -> None:
    made = _connect(
        world.pm, world.team_id, linear, settings=_site(linear, done_states=["In Review"])
    )
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    for state, expected in (("Done", "open"), ("In Review", "done")):
        linear.set_state("ENG-1", state)
        body = linear.webhook_body("ENG-1")
        assert _hook(client, made["id"], body, signature(WEBHOOK_SECRET, body)).status_code == 204
        assert _status(world.eng, world.team_id, action_id) == expected


def test_polling_catches_a_webhook_that_never_came(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    connection_id, action_id = _pushed(world, ctx, settings, linear)
    linear.add_issue("Not ours", ("Bug",))
    for n in range(3):
        linear.add_issue(f"Ours, unlinked {n}", ("twofold",))
    linear.set_state("ENG-1", "Done")
    assert enqueue_polls(ctx, timedelta(minutes=5)) == 1
    _drain(_worker(ctx, settings))
    assert _status(world.eng, world.team_id, action_id) == "done"
    ticket = _tickets(world.eng, world.team_id)[action_id]
    assert ticket["remote_status"] == "Done"
    pages = linear.operations("TwofoldChanged")
    assert len(pages) == 2  # four of ours, two a page
    where = pages[0].variables["filter"]
    assert where["team"] == {"key": {"eq": "ENG"}}
    assert where["labels"] == {"name": {"eq": "twofold"}}
    assert datetime.fromisoformat(where["updatedAt"]["gt"]).tzinfo is not None
    assert pages[0].variables["after"] is None
    assert pages[1].variables["after"].startswith("cursor-")
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["polled_at"]
    assert shown["id"] == connection_id


def test_a_poll_during_an_outage_is_tried_again_and_loses_nothing(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _, action_id = _pushed(world, ctx, settings, linear)
    linear.set_state("ENG-1", "Done")
    linear.fail_next = [Scripted(503, body={})]
    assert enqueue_polls(ctx, timedelta(minutes=5)) == 1
    worker = _worker(ctx, settings)
    worker.run_once()
    assert _status(world.eng, world.team_id, action_id) == "open"
    _drain(worker)
    assert _status(world.eng, world.team_id, action_id) == "done"


def test_done_in_twofold_moves_the_issue_and_a_reopen_moves_it_back(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    action_id = _queued(world, ctx, settings, linear)
    worker = _full_worker(ctx, settings)
    _drain(worker)
    key = _tickets(world.pm, world.team_id)[action_id]["key"]

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    _drain(worker)
    assert linear.issues[key]["state"]["name"] == "Done"
    [moved] = linear.operations("TwofoldMove")
    assert moved.variables == {"id": key, "input": {"stateId": "st-done"}}
    ticket = _tickets(world.pm, world.team_id)[action_id]
    assert (ticket["remote_status"], ticket["status_by"]) == ("Done", "Twofold")

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "open"})
    _drain(worker)
    # The first started state by the team's order, not back to Backlog or Todo.
    assert linear.issues[key]["state"]["name"] == "In Progress"

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "in_progress"})
    _drain(worker)
    assert len(linear.operations("TwofoldMove")) == 2  # already open there: no move


def test_an_item_follows_an_existing_issue_named_by_identifier_or_address(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connected(world, ctx, settings, linear)
    existing = linear.add_issue("Deploy script is flaky, take 2")
    other = linear.add_issue("Release notes by hand")
    for key in (existing, other):
        linear.set_state(key, "Done")
    first, second = _action(world), _action(world, "Another")
    worker = _full_worker(ctx, settings)

    world.eng.ok("POST", f"/api/actions/{first}/link", 202, json={"ref": "ENG-99"})
    _drain(worker)
    failed = _tickets(world.pm, world.team_id)[first]
    assert failed["delivery"]["state"] == "failed"
    assert "no issue ENG-99" in failed["delivery"]["last_error"]

    address = linear.issues[existing]["url"]
    assert address.endswith("-take-2")  # digits in the title's part of the address
    world.eng.ok("POST", f"/api/actions/{first}/link", 202, json={"ref": address})
    world.eng.ok("POST", f"/api/actions/{second}/link", 202, json={"ref": other.lower()})
    _drain(worker)
    for action_id, key in ((first, existing), (second, other)):
        linked = _tickets(world.pm, world.team_id)[action_id]
        assert (linked["state"], linked["key"], linked["remote_status"]) == ("linked", key, "Done")
        assert _status(world.pm, world.team_id, action_id) == "done"
    assert linear.operations("TwofoldCreate") == []


def test_every_new_item_goes_to_linear_when_the_team_asks(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world.pm, world.team_id, linear, settings=_site(linear, auto_push=True))
    worker = _full_worker(ctx, settings)
    _drain(worker)
    action_id = _action(world, "Write the edge cases down first")
    debt = world.pm.ok("POST", f"/api/teams/{world.team_id}/debt", 201, json={"title": "Old ORM"})
    _drain(worker)
    tickets = _tickets(world.pm, world.team_id)
    assert tickets[action_id]["state"] == tickets[debt["id"]]["state"] == "linked"
    assert len(linear.operations("TwofoldCreate")) == 2


def test_a_team_has_one_tracker_whichever_it_is(world: World, linear: FakeLinear) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    with fake_jira() as jira:
        jira_body = {
            "vendor": "jira",
            "settings": {"site_url": jira.url, "email": jira.email, "project_key": "OPS"},
            "token": jira.token,
        }
        made = world.pm.ok("POST", url, 201, json=jira_body)
        linear_body = {"vendor": "linear", "settings": _site(linear), "token": linear.token}
        error = expect_error(world.pm.post(url, json=linear_body), 409, "tracker_exists")
        assert "already go to Jira" in error["message"]
        world.pm.ok("DELETE", f"{url}/{made['id']}", 204)
        world.pm.ok("POST", url, 201, json=linear_body)
        error = expect_error(world.pm.post(url, json=jira_body), 409, "tracker_exists")
        assert "already go to Linear" in error["message"]
        expect_error(world.pm.post(url, json=linear_body), 409, "connection_exists")
