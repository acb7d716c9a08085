"""A team connected to Jira, end to end against a local Jira site: connections made, tested and
masked; items pushed through the worker (one ticket, however often a push is tried again);
status coming back by signed webhook and by polling; Jira failing in each documented way."""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Client, World, command, expect_error, user_id
from tests.fake_jira import FakeJira, adf_text, fake_jira
from tests.local_vendor import Scripted
from tests.tracker_jobs import PUBLIC, tracker_settings
from tests.tracker_jobs import action_status as _status
from tests.tracker_jobs import drain as _drain
from tests.tracker_jobs import full_worker as _full_worker
from tests.tracker_jobs import jobs_worker as _worker
from tests.tracker_jobs import new_action as _action
from tests.tracker_jobs import tickets as _tickets
from twofold.domain.team_events import TicketPushRequested
from twofold.integrations.jira.webhook import signature
from twofold.integrations.vault import Vault, new_key
from twofold.integrations.vendor_http import allow_private_addresses
from twofold.live.bus import TeamNotice
from twofold.services import outbox
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.worker.setup import worker_for
from twofold.worker.trackers import tracker_handlers

KEY = new_key()
WEBHOOK_SECRET = "hook-secret-5678"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return tracker_settings(db_url, tmp_path)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY))
    db.dispose()


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with fake_jira() as site:
        yield site


def _connect(c: Client, team_id: str, jira: FakeJira, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vendor": "jira",
        "settings": {"site_url": jira.url, "email": jira.email, "project_key": "ops"},
        "token": jira.token,
        "webhook_secret": WEBHOOK_SECRET,
    }
    body.update(overrides)
    made: dict[str, Any] = c.ok("POST", f"/api/teams/{team_id}/connections", 201, json=body)
    return made


def _connected(world: World, ctx: Ctx, settings: Settings, jira: FakeJira) -> str:
    """Connected, and the first test of the connection done, so scripted failures meet the
    push rather than the test."""
    made = _connect(world.pm, world.team_id, jira)
    _drain(_worker(ctx, settings))
    return str(made["id"])


def _queued(world: World, ctx: Ctx, settings: Settings, jira: FakeJira) -> str:
    """An action item whose push is queued on a connection already tested."""
    _connected(world, ctx, settings, jira)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    return action_id


def test_a_facilitator_connects_and_the_test_says_it_works(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    made = _connect(world.pm, world.team_id, jira)
    assert (made["settings"]["project_key"], made["check_pending"], made["check"]) == (
        "OPS",
        True,
        None,
    )
    assert (made["kind"], made["where"]) == ("tracker", f"OPS on {jira.url}")
    assert made["token_hint"] == "••••••••1234"
    assert made["has_webhook_secret"] is True
    everything = str(world.eng.ok("GET", f"/api/teams/{world.team_id}/connections"))
    assert jira.token not in everything
    assert WEBHOOK_SECRET not in everything
    # Sealed in the database too: neither secret is stored as given.
    with ctx.db.read() as tx:
        from twofold.store.queries.connections import sealed_secrets

        sealed = sealed_secrets(tx, made["id"])
    assert sealed is not None
    assert jira.token not in sealed.token
    assert WEBHOOK_SECRET not in str(sealed.webhook)
    assert Vault(KEY).open(sealed.token) == jira.token

    _drain(_worker(ctx, settings))
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check_pending"] is False
    assert shown["check"]["status"] == "ok"
    assert "Jira Bot" in shown["check"]["message"]
    assert "Operations" in shown["check"]["message"]
    assert jira.requests_to("GET", "/myself")
    assert jira.requests_to("GET", "/project/OPS")


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ("token", "bad_token", "401"),
        ("project", "unknown_project", "no project NOPE"),
        ("permission", "forbidden", "Create issues permission"),
        ("site", "unreachable", "Could not reach"),
    ],
)
def test_the_test_says_exactly_what_is_wrong(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira, change: str, status: str, says: str
) -> None:
    site = {"site_url": jira.url, "email": jira.email, "project_key": "OPS"}
    token = jira.token
    if change == "token":
        token = "revoked-token-0000"
    elif change == "project":
        site["project_key"] = "NOPE"
    elif change == "permission":
        jira.may_create = False
    else:
        jira.stop()
    made = _connect(world.pm, world.team_id, jira, settings=site, token=token)
    _drain(_worker(ctx, settings))
    again = world.pm.ok("POST", f"/api/teams/{world.team_id}/connections/{made['id']}/test", 202)
    assert again["check_pending"] is True
    _drain(_worker(ctx, settings))
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == status
    assert says in shown["check"]["message"]


def test_only_facilitators_manage_connections(world: World, jira: FakeJira) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    body = {
        "vendor": "jira",
        "settings": {"site_url": jira.url, "email": jira.email, "project_key": "OPS"},
        "token": jira.token,
    }
    expect_error(world.eng.post(url, json=body), 403)
    expect_error(world.outsider.post(url, json=body), 404)
    expect_error(world.guest.post(url, json=body), 403)
    made = _connect(world.pm, world.team_id, jira)
    expect_error(world.pm.post(url, json=body), 409, "connection_exists")
    expect_error(world.eng.post(f"{url}/{made['id']}/test"), 403)
    expect_error(world.outsider.get(url), 404)
    expect_error(world.outsider.delete(f"{url}/{made['id']}"), 404)
    expect_error(world.eng.delete(f"{url}/{made['id']}"), 403)
    # Beta's facilitator cannot reach Alpha's connection through Beta's path either.
    expect_error(
        world.outsider.delete(f"/api/teams/{world.other_team_id}/connections/{made['id']}"), 404
    )
    world.pm.ok("DELETE", f"{url}/{made['id']}", 204)
    assert world.pm.ok("GET", url) == []


def test_bad_settings_are_refused_with_the_field(world: World, jira: FakeJira) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    body = {
        "vendor": "jira",
        "settings": {"site_url": "not a url", "email": jira.email, "project_key": "OPS"},
        "token": jira.token,
    }
    error = expect_error(world.pm.post(url, json=body), 422)
    assert error["details"][0]["field"] == "settings.site_url"
    body["settings"] = {"site_url": jira.url, "email": jira.email, "project_key": "OPS"}
    body["token"] = "   "
    assert expect_error(world.pm.post(url, json=body), 422)["details"][0]["field"] == "token"


def test_no_key_no_secrets_stored(world: World, ctx: Ctx, jira: FakeJira) -> None:
    ctx.vault = Vault("")
    url = f"/api/teams/{world.team_id}/connections"
    body = {
        "vendor": "jira",
        "settings": {"site_url": jira.url, "email": jira.email, "project_key": "OPS"},
        "token": jira.token,
    }
    error = expect_error(world.pm.post(url, json=body), 409, "integrations_key_missing")
    assert "TWOFOLD_INTEGRATIONS_KEY" in error["message"]
    assert world.pm.ok("GET", url) == []


def test_a_push_creates_one_ticket_with_the_item_and_a_link_back(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    connection = _connect(world.pm, world.team_id, jira)
    due = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    action_id = _action(world, due=due)
    queued = world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    assert (queued["state"], queued["key"], queued["delivery"]["state"]) == (
        "pending",
        None,
        "pending",
    )
    # Pushing again while queued changes nothing.
    assert world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)["state"] == "pending"
    _drain(_worker(ctx, settings))

    linked = _tickets(world.eng, world.team_id)[action_id]
    assert (linked["state"], linked["key"]) == ("linked", "OPS-1")
    assert linked["url"] == f"{jira.url}/browse/OPS-1"
    [created] = jira.requests_to("POST", "/issue")
    fields = created.body["fields"]
    assert fields["project"] == {"key": "OPS"}
    assert fields["issuetype"] == {"name": "Task"}
    assert fields["summary"] == "Fix the flaky deploy"
    assert fields["duedate"] == due
    assert set(fields["labels"]) == {"twofold", f"twofold-action-{action_id}", "retro"}
    assert fields["description"]["type"] == "doc"
    link = fields["description"]["content"][-1]["content"][-1]
    assert link["marks"] == [
        {"type": "link", "attrs": {"href": f"{PUBLIC}/teams/{world.team_id}/actions"}}
    ]
    assert "Twofold retro" in adf_text(fields["description"])
    # The marker was looked for first, with a JQL search.
    [search] = jira.requests_to("POST", "/search/jql")
    assert f'labels = "twofold-action-{action_id}"' in search.body["jql"]
    # Pushed once more when linked: still one ticket.
    assert world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)["key"] == "OPS-1"
    _drain(_worker(ctx, settings))
    assert len(jira.issues) == 1
    assert connection["id"]


def test_people_pushing_one_item_at_once_get_one_link_and_one_ticket(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connected(world, ctx, settings, jira)
    action_id = _action(world)
    pushers = [world.eng, world.pm, world.owner] * 2
    with ThreadPoolExecutor(len(pushers)) as pool:
        answers = list(pool.map(lambda c: c.post(f"/api/actions/{action_id}/push"), pushers))
    assert [a.status_code for a in answers] == [202] * len(pushers), [a.text for a in answers]
    assert {(a.json()["item_id"], a.json()["state"]) for a in answers} == {(action_id, "pending")}
    listed = world.eng.ok("GET", f"/api/teams/{world.team_id}/tickets")
    assert [t["item_id"] for t in listed] == [action_id], "one link"
    _drain(_worker(ctx, settings))
    assert len(jira.issues) == 1
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "OPS-1"


def test_a_push_retried_after_a_crash_between_create_and_commit_makes_one_ticket(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world.pm, world.team_id, jira)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    # A worker takes the row, makes the ticket, and dies before its commit: the completion it
    # was handed is never written, and its claim runs out.
    [item] = outbox.claim_due(ctx, "doomed", [TicketPushRequested.kind], 1, timedelta(0))
    handlers = tracker_handlers(ctx, settings)
    handlers[TicketPushRequested.kind](item.payload)
    assert list(jira.issues) == ["OPS-1"]
    assert _tickets(world.eng, world.team_id)[action_id]["state"] == "pending"

    _drain(_worker(ctx, settings))
    assert list(jira.issues) == ["OPS-1"]
    assert len(jira.requests_to("POST", "/issue")) == 1
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "OPS-1"


def test_a_lost_answer_to_the_create_is_tried_again_without_a_second_ticket(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    action_id = _queued(world, ctx, settings, jira)
    jira.drop_after_create = True
    worker = _worker(ctx, settings)
    worker.run_once()
    pending = _tickets(world.eng, world.team_id)[action_id]
    assert pending["state"] == "pending"
    assert pending["delivery"]["attempts"] == 1
    assert "Could not reach" in pending["delivery"]["last_error"]
    _drain(worker)
    assert list(jira.issues) == ["OPS-1"]
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "OPS-1"


def test_an_outage_delays_a_push_and_the_team_sees_why(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    action_id = _queued(world, ctx, settings, jira)
    jira.fail_next = [Scripted(503, body={"errorMessages": ["Service Unavailable"]})] * 3
    worker = _worker(ctx, settings)
    for attempt in (1, 2, 3):
        worker.run_once()
        seen = _tickets(world.eng, world.team_id)[action_id]
        assert (seen["state"], seen["delivery"]["attempts"]) == ("pending", attempt)
        assert seen["delivery"]["last_error"].endswith("Jira answered 503: Service Unavailable.")
    _drain(worker)
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "OPS-1"
    assert len(jira.issues) == 1


def test_rate_limiting_waits_as_long_as_jira_asks(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    action_id = _queued(world, ctx, settings, jira)
    jira.fail_next = [Scripted(429, {"Retry-After": "120"}, {"errorMessages": ["Rate limited"]})]
    worker = _worker(ctx, settings)
    before = datetime.now(UTC)
    worker.run_once()
    seen = _tickets(world.eng, world.team_id)[action_id]["delivery"]
    assert "429" in seen["last_error"]
    assert "120 s" in seen["last_error"]
    next_try = datetime.fromisoformat(seen["next_try_at"])
    assert next_try >= before + timedelta(seconds=120)
    assert not worker.run_once().handled  # not due yet
    assert jira.issues == {}


def test_a_refused_push_is_given_up_with_the_reason_and_can_be_pushed_again(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    action_id = _queued(world, ctx, settings, jira)
    jira.fail_next = [Scripted(401, body={"errorMessages": ["Unauthorized"]})]
    _drain(_worker(ctx, settings, attempts=5))
    failed = _tickets(world.eng, world.team_id)[action_id]
    assert (failed["state"], failed["delivery"]["state"]) == ("pending", "failed")
    # Trying again cannot mend a refused token: given up at the first refusal.
    assert failed["delivery"]["attempts"] == 1
    assert "refused the token" in failed["delivery"]["last_error"]
    again = world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    assert again["delivery"]["state"] == "pending"
    _drain(_worker(ctx, settings))
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "OPS-1"


def test_pushing_needs_a_connection_and_a_member(world: World, jira: FakeJira) -> None:
    action_id = _action(world)
    expect_error(world.eng.post(f"/api/actions/{action_id}/push"), 409, "not_connected")
    _connect(world.pm, world.team_id, jira)
    expect_error(world.outsider.post(f"/api/actions/{action_id}/push"), 404)
    expect_error(world.guest.post(f"/api/actions/{action_id}/push"), 403)
    expect_error(world.outsider.get(f"/api/teams/{world.team_id}/tickets"), 404)
    expect_error(world.eng.post("/api/actions/no-such-item/push"), 404)


def _pushed(world: World, ctx: Ctx, settings: Settings, jira: FakeJira) -> tuple[str, str]:
    connection = _connect(world.pm, world.team_id, jira)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    return str(connection["id"]), action_id


def _hook(c: Client, connection_id: str, body: bytes, signed: str | None) -> Any:
    headers = {"Content-Type": "application/json"}
    if signed is not None:
        headers["X-Hub-Signature"] = signed
    return c.post(f"/api/integrations/jira/{connection_id}/webhook", content=body, headers=headers)


def test_done_in_jira_by_webhook_marks_the_item_done_on_the_board(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira, client: Client
) -> None:
    connection_id, action_id = _pushed(world, ctx, settings, jira)
    heard: list[TeamNotice] = []
    ctx.bus.subscribe_team(heard.extend)
    rid = str(world.retro["id"])
    since = world.pm.ok("GET", f"/api/retros/{rid}/events?since=0")["events"][-1]["seq"]
    jira.set_status("OPS-1", "Done", "done")
    body = jira.webhook_body("OPS-1", who="Ada Admin")

    forged = _hook(client, connection_id, body, signature("not-the-secret", body))
    expect_error(forged, 401, "bad_signature")
    expect_error(_hook(client, connection_id, body, None), 401, "bad_signature")
    expect_error(_hook(client, "no-such-connection", body, signature(WEBHOOK_SECRET, body)), 401)
    assert _status(world.eng, world.team_id, action_id) == "open"
    assert heard == []

    assert _hook(client, connection_id, body, signature(WEBHOOK_SECRET, body)).status_code == 204
    assert _status(world.eng, world.team_id, action_id) == "done"
    assert heard == [TeamNotice(world.team_id, "actions")]
    ticket = _tickets(world.eng, world.team_id)[action_id]
    assert (ticket["remote_status"], ticket["status_by"]) == ("Done", "Ada Admin")
    assert ticket["status_at"]
    events = world.pm.ok("GET", f"/api/retros/{rid}/events?since={since}")["events"]
    changed = [e["event"] for e in events if e["event"]["type"] == "action_changed"]
    assert changed[-1]["action"]["id"] == action_id
    assert changed[-1]["action"]["status"] == "done"

    # Reopened in Jira: reopened here.
    jira.set_status("OPS-1", "In Progress", "indeterminate")
    body = jira.webhook_body("OPS-1", who="Bo Builder")
    assert _hook(client, connection_id, body, signature(WEBHOOK_SECRET, body)).status_code == 204
    assert _status(world.eng, world.team_id, action_id) == "open"

    # The item's history says the tracker did it, which ticket, and whom Jira names.
    history = world.eng.ok("GET", f"/api/actions/{action_id}/history")
    assert [
        (h["field"], h["before"], h["after"], h["via"], h["tracker"], h["ticket"], h["by"])
        for h in history
    ] == [
        ("status", "done", "open", "tracker", "jira", "OPS-1", "Bo Builder"),
        ("status", "open", "done", "tracker", "jira", "OPS-1", "Ada Admin"),
    ]


def test_polling_catches_a_webhook_that_never_came(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    connection_id, action_id = _pushed(world, ctx, settings, jira)
    # Someone else's issues in the project, and more of ours than fit on one page.
    jira.add_issue("Not ours", ["ops"])
    for n in range(3):
        jira.add_issue(f"Ours, unlinked {n}", ["twofold"])
    jira.set_status("OPS-1", "Closed", "done")
    from twofold.services.tracker_sync import enqueue_polls

    assert enqueue_polls(ctx, timedelta(minutes=5)) == 1
    assert enqueue_polls(ctx, timedelta(minutes=5)) == 0  # one per period
    _drain(_worker(ctx, settings))
    assert _status(world.eng, world.team_id, action_id) == "done"
    searches = [s for s in jira.requests_to("POST", "/search/jql") if "updated >=" in s.body["jql"]]
    assert len(searches) >= 2  # four issues, two a page
    assert "nextPageToken" not in searches[0].body
    assert searches[1].body["nextPageToken"].startswith("page-")
    assert 'labels = "twofold"' in searches[0].body["jql"]
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["polled_at"]
    assert connection_id == shown["id"]


def test_done_statuses_named_by_the_team_decide(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira, client: Client
) -> None:
    site = {
        "site_url": jira.url,
        "email": jira.email,
        "project_key": "OPS",
        "done_statuses": ["Shipped"],
    }
    connection = _connect(world.pm, world.team_id, jira, settings=site)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    for name, category, expected in (
        ("Done", "done", "open"),
        ("Shipped", "indeterminate", "done"),
    ):
        jira.set_status("OPS-1", name, category)
        body = jira.webhook_body("OPS-1")
        assert (
            _hook(client, connection["id"], body, signature(WEBHOOK_SECRET, body)).status_code
            == 204
        )
        assert _status(world.eng, world.team_id, action_id) == expected


def test_a_debt_item_goes_out_labelled_tech_debt_and_follows_its_ticket(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira, client: Client
) -> None:
    connection = _connect(world.pm, world.team_id, jira)
    debt = world.eng.ok(
        "POST",
        f"/api/teams/{world.team_id}/debt",
        201,
        json={"title": "Slow test suite", "description": "Fifteen minutes a run."},
    )
    world.eng.ok("POST", f"/api/debt/{debt['id']}/push", 202)
    _drain(_worker(ctx, settings))
    [created] = jira.requests_to("POST", "/issue")
    assert "tech-debt" in created.body["fields"]["labels"]
    assert "Fifteen minutes a run." in adf_text(created.body["fields"]["description"])
    jira.set_status("OPS-1", "Done", "done")
    body = jira.webhook_body("OPS-1")
    assert _hook(client, connection["id"], body, signature(WEBHOOK_SECRET, body)).status_code == 204
    assert world.eng.ok("GET", f"/api/debt/{debt['id']}")["status"] == "done"


def test_the_vendors_offered_list_their_form_fields(world: World) -> None:
    vendors = {v["vendor"]: v for v in world.eng.ok("GET", "/api/integrations/vendors")}
    jira = vendors["jira"]
    assert (jira["name"], jira["kind"], jira["token_label"]) == ("Jira", "tracker", "API token")
    fields = {f["name"]: f for f in jira["fields"]}
    assert fields["site_url"]["input"] == "url"
    assert fields["site_url"]["required"]
    assert fields["done_statuses"]["input"] == "list"
    assert fields["done_statuses"]["default"] == []
    assert fields["auto_push"] == {**fields["auto_push"], "input": "bool", "default": False}
    error = expect_error(
        world.pm.post(
            f"/api/teams/{world.team_id}/connections",
            json={"vendor": "jira", "settings": {"site_url": "x"}, "token": "t"},
        ),
        422,
    )
    assert error["details"][0]["field"].startswith("settings.")


def test_a_second_jira_connection_is_refused(world: World, jira: FakeJira) -> None:
    _connect(world.pm, world.team_id, jira)
    body = {
        "vendor": "jira",
        "settings": {"site_url": jira.url, "email": jira.email, "project_key": "OPS"},
        "token": jira.token,
    }
    error = expect_error(world.pm.post(f"/api/teams/{world.team_id}/connections", json=body), 409)
    assert error["code"] == "connection_exists"
    assert len(world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")) == 1


def test_done_in_twofold_moves_the_ticket_and_a_reopen_moves_it_back(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    action_id = _queued(world, ctx, settings, jira)
    worker = _full_worker(ctx, settings)
    _drain(worker)
    key = _tickets(world.pm, world.team_id)[action_id]["key"]

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    _drain(worker)
    assert jira.issues[key]["fields"]["status"]["name"] == "Done"
    ticket = _tickets(world.pm, world.team_id)[action_id]
    assert (ticket["remote_status"], ticket["status_by"]) == ("Done", "Twofold")

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "open"})
    _drain(worker)
    # Reopened to work in progress, not back to the start of the workflow.
    assert jira.issues[key]["fields"]["status"]["name"] == "In Progress"
    assert _status(world.pm, world.team_id, action_id) == "open"

    # A move that is already true changes nothing in Jira.
    moves = len(jira.requests_to("POST", f"/issue/{key}/transitions"))
    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "in_progress"})
    _drain(worker)
    assert len(jira.requests_to("POST", f"/issue/{key}/transitions")) == moves


def test_a_change_that_came_from_the_ticket_is_not_sent_back(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    action_id = _queued(world, ctx, settings, jira)
    worker = _full_worker(ctx, settings)
    _drain(worker)
    [made] = _connect_id(world)
    key = _tickets(world.pm, world.team_id)[action_id]["key"]
    jira.set_status(key, "Done", "done")
    body = jira.webhook_body(key)
    world.pm.ok(
        "POST",
        f"/api/integrations/jira/{made}/webhook",
        204,
        content=body,
        headers={
            "Content-Type": "application/json",
            "X-Hub-Signature": signature(WEBHOOK_SECRET, body),
        },
    )
    assert _status(world.pm, world.team_id, action_id) == "done"
    _drain(worker)
    assert jira.requests_to("GET", f"/issue/{key}/transitions") == []


def _connect_id(world: World) -> list[str]:
    return [c["id"] for c in world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")]


def test_a_debt_item_done_here_closes_its_ticket(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connected(world, ctx, settings, jira)
    debt = world.pm.ok("POST", f"/api/teams/{world.team_id}/debt", 201, json={"title": "Old ORM"})
    world.eng.ok("POST", f"/api/debt/{debt['id']}/push", 202)
    worker = _full_worker(ctx, settings)
    _drain(worker)
    key = _tickets(world.pm, world.team_id)[debt["id"]]["key"]
    world.eng.ok("PATCH", f"/api/debt/{debt['id']}", json={"status": "done"})
    _drain(worker)
    assert jira.issues[key]["fields"]["status"]["name"] == "Done"


def test_an_item_follows_an_existing_ticket_named_by_key_or_address(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connected(world, ctx, settings, jira)
    existing = jira.add_issue("Deploy script is flaky", [])
    jira.set_status(existing, "Done", "done")
    action_id = _action(world)
    worker = _full_worker(ctx, settings)

    for bad in ("", "x" * 401):
        error = expect_error(
            world.eng.post(f"/api/actions/{action_id}/link", json={"ref": bad}), 422
        )
        assert error["details"][0]["field"].endswith("ref")
    # A key Jira does not have fails the link with the reason; another can then be named.
    world.eng.ok("POST", f"/api/actions/{action_id}/link", 202, json={"ref": "OPS-99"})
    _drain(_full_worker(ctx, settings))
    failed = _tickets(world.pm, world.team_id)[action_id]
    assert failed["delivery"]["state"] == "failed"
    assert "no issue OPS-99" in failed["delivery"]["last_error"]

    address = f"{jira.url}/browse/{existing}"
    world.eng.ok("POST", f"/api/actions/{action_id}/link", 202, json={"ref": address})
    _drain(worker)
    linked = _tickets(world.pm, world.team_id)[action_id]
    assert (linked["state"], linked["key"], linked["remote_status"]) == ("linked", existing, "Done")
    assert _status(world.pm, world.team_id, action_id) == "done"
    assert jira.requests_to("POST", "/issue") == []  # nothing was created

    again = world.eng.post(f"/api/actions/{action_id}/link", json={"ref": "OPS-2"})
    assert expect_error(again, 409)["code"] == "already_linked"
    outsider = world.outsider.post(f"/api/actions/{action_id}/link", json={"ref": "OPS-2"})
    expect_error(outsider, 404)


def test_every_new_item_goes_to_jira_when_the_team_asks(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    site = {"site_url": jira.url, "email": jira.email, "project_key": "OPS", "auto_push": True}
    _connect(world.pm, world.team_id, jira, settings=site)
    worker = _full_worker(ctx, settings)
    _drain(worker)
    action_id = _action(world, "Write the edge cases down first")
    debt = world.pm.ok("POST", f"/api/teams/{world.team_id}/debt", 201, json={"title": "Old ORM"})
    _drain(worker)
    tickets = _tickets(world.pm, world.team_id)
    assert tickets[action_id]["state"] == tickets[debt["id"]]["state"] == "linked"
    assert len(jira.requests_to("POST", "/issue")) == 2


def test_new_items_wait_for_a_click_by_default(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connected(world, ctx, settings, jira)
    _action(world)
    _drain(_full_worker(ctx, settings))
    assert _tickets(world.pm, world.team_id) == {}
    assert jira.requests_to("POST", "/issue") == []


def test_the_owner_is_assigned_when_jira_knows_the_email(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connected(world, ctx, settings, jira)
    mine = _action(world, "Mine", owner={"kind": "person", "user_id": user_id(world.pm)})
    theirs_owner = {"kind": "person", "user_id": user_id(world.eng)}
    made = command(
        world.pm, str(world.retro["id"]), "create_action", title="Theirs", owner=theirs_owner
    )
    theirs = str(made["result"]["action_id"])
    for action_id in (mine, theirs):
        world.pm.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    made = {
        s.body["fields"]["summary"]: s.body["fields"] for s in jira.requests_to("POST", "/issue")
    }
    assert made["Mine"]["assignee"] == {"id": "5b10ac8d82e05b22cc7d4ef5"}
    assert "assignee" not in made["Theirs"]  # Jira knows no one with that email


def test_an_instance_left_at_its_defaults_calls_no_private_address(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    public_only = settings.model_copy(update={"integrations_private_addresses": False})
    try:
        made = _connect(world.pm, world.team_id, jira)
        worker_for(ctx, public_only)  # which sets the process's rule from the settings
        _drain(_worker(ctx, public_only))
        [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
        assert shown["id"] == made["id"]
        assert shown["check"]["status"] == "unreachable"
        assert "127.0.0.1 is a private or local address" in shown["check"]["message"]
        assert jira.seen == []  # never called
    finally:
        allow_private_addresses(True)  # the test process's vendors are local again


@pytest.mark.parametrize("worker_key", ["none", "another"])
def test_a_worker_that_cannot_open_the_secrets_says_so_on_the_connection(
    world: World, settings: Settings, db_url: str, jira: FakeJira, worker_key: str
) -> None:
    _connect(world.pm, world.team_id, jira)
    db = Database(settings.database_url, secret=settings.secret_key)
    try:
        blind = Ctx(db, vault=Vault("" if worker_key == "none" else new_key()))
        _drain(_worker(blind, settings))
    finally:
        db.dispose()
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check_pending"] is False
    assert shown["check"]["status"] == "error"
    assert "TWOFOLD_INTEGRATIONS_KEY" in shown["check"]["message"]
    assert jira.seen == []
