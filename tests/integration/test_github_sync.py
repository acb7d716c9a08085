"""A team whose tracker is a GitHub repository, end to end against a local GitHub: the
connection made and tested; items pushed through the worker as issues (one issue, however
often a push is tried again); closing and reopening coming back by signed webhook and by
polling; items done here closing their issues; GitHub failing and limiting requests in each
documented way."""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Client, World, command, expect_error, settings_for, user_id
from tests.fake_github import FakeGitHub, fake_github, rate_limited
from tests.local_vendor import Scripted
from twofold.domain.github import GitHubSettings
from twofold.domain.outbox import RetryPolicy
from twofold.domain.team_events import TicketPushRequested
from twofold.integrations.github.tracker import GitHubTracker
from twofold.integrations.github.webhook import signature
from twofold.integrations.vault import Vault, new_key
from twofold.live.bus import TeamNotice
from twofold.services import outbox
from twofold.services.context import Ctx
from twofold.services.tracker_sync import enqueue_polls
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.worker.runner import Worker
from twofold.worker.subscriptions import Subscriptions
from twofold.worker.trackers import tracker_handlers, tracker_subscriptions

KEY = new_key()
WEBHOOK_SECRET = "hook-secret-5678"
PUBLIC = "https://retro.example.com"


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
def github() -> Iterator[FakeGitHub]:
    with fake_github() as site:
        yield site


def _worker(ctx: Ctx, settings: Settings, attempts: int = 5) -> Worker:
    policy = RetryPolicy(max_attempts=attempts, first_delay=0)
    return Worker(ctx, tracker_handlers(ctx, settings), policy=policy)


def _full_worker(ctx: Ctx, settings: Settings) -> Worker:
    """The worker as an instance runs it for trackers: their jobs, and what they do on team
    events (pushing new items, moving issues)."""
    subscriptions = Subscriptions()
    tracker_subscriptions(ctx, settings, subscriptions)
    handlers = {**subscriptions.handlers(), **tracker_handlers(ctx, settings)}
    return Worker(ctx, handlers, policy=RetryPolicy(max_attempts=5, first_delay=0))


def _drain(worker: Worker) -> None:
    for _ in range(20):
        if not worker.run_once().handled:
            return
    raise AssertionError("the worker never ran out of work")


def _repo(github: FakeGitHub, **more: Any) -> dict[str, Any]:
    return {"repository": github.repository, "api_url": github.url, **more}


def _connect(c: Client, team_id: str, github: FakeGitHub, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "vendor": "github",
        "settings": _repo(github),
        "token": github.token,
        "webhook_secret": WEBHOOK_SECRET,
    }
    body.update(overrides)
    made: dict[str, Any] = c.ok("POST", f"/api/teams/{team_id}/connections", 201, json=body)
    return made


def _connected(world: World, ctx: Ctx, settings: Settings, github: FakeGitHub) -> str:
    """Connected, and the first test of the connection done, so scripted failures meet the
    push rather than the test."""
    made = _connect(world.pm, world.team_id, github)
    _drain(_worker(ctx, settings))
    return str(made["id"])


def _action(world: World, title: str = "Fix the flaky deploy", **fields: Any) -> str:
    rid = str(world.retro["id"])
    command(world.owner, rid, "set_phase", phase="discuss")
    result = command(world.pm, rid, "create_action", title=title, **fields)
    return str(result["result"]["action_id"])


def _queued(world: World, ctx: Ctx, settings: Settings, github: FakeGitHub) -> str:
    """An action item whose push is queued on a connection already tested."""
    _connected(world, ctx, settings, github)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    return action_id


def _pushed(world: World, ctx: Ctx, settings: Settings, github: FakeGitHub) -> tuple[str, str]:
    connection_id = _connected(world, ctx, settings, github)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    return connection_id, action_id


def _tickets(c: Client, team_id: str) -> dict[str, dict[str, Any]]:
    return {t["item_id"]: t for t in c.ok("GET", f"/api/teams/{team_id}/tickets")}


def _status(c: Client, team_id: str, action_id: str) -> str:
    found = [a for a in c.ok("GET", f"/api/teams/{team_id}/actions") if a["id"] == action_id]
    return str(found[0]["status"])


def _hook(
    c: Client, connection_id: str, body: bytes, signed: str | None, event: str = "issues"
) -> Any:
    headers = {"Content-Type": "application/json", "X-GitHub-Event": event}
    if signed is not None:
        headers["X-Hub-Signature-256"] = signed
    return c.post(
        f"/api/integrations/github/{connection_id}/webhook", content=body, headers=headers
    )


def _signed(c: Client, connection_id: str, body: bytes, event: str = "issues") -> int:
    answer = _hook(c, connection_id, body, signature(WEBHOOK_SECRET, body), event)
    return int(answer.status_code)


def test_a_facilitator_connects_and_the_test_says_it_works(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    pasted = _repo(github, repository=f"https://github.com/{github.repository}.git")
    made = _connect(world.pm, world.team_id, github, settings=pasted)
    assert made["settings"]["repository"] == "octo-org/web"
    assert (made["kind"], made["where"]) == ("tracker", f"octo-org/web on {github.url}")
    assert made["token_hint"] == "••••••••ABCD"
    assert made["has_webhook_secret"] is True
    assert made["webhook_path"] == f"/api/integrations/github/{made['id']}/webhook"
    everything = str(world.eng.ok("GET", f"/api/teams/{world.team_id}/connections"))
    assert github.token not in everything
    assert WEBHOOK_SECRET not in everything

    _drain(_worker(ctx, settings))
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == "ok"
    assert "Connected to octo-org/web" in shown["check"]["message"]
    [asked] = github.requests_to("GET", "")
    assert asked.headers["authorization"] == f"Bearer {github.token}"
    assert asked.headers["accept"] == "application/vnd.github+json"
    assert asked.headers["x-github-api-version"] == "2022-11-28"


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ("token", "bad_token", "GitHub refused the token (401)"),
        ("repository", "unknown_project", "no repository octo-org/nope"),
        ("permission", "forbidden", "no write access to octo-org/web"),
        ("issues", "error", "Issues are turned off"),
        ("limited", "unreachable", "limiting requests (403)"),
        ("moved", "unknown_project", "octo-org/web moved (301)"),
        ("site", "unreachable", "Could not reach GitHub"),
    ],
)
def test_the_test_says_exactly_what_is_wrong(
    world: World,
    ctx: Ctx,
    settings: Settings,
    github: FakeGitHub,
    change: str,
    status: str,
    says: str,
) -> None:
    repo = _repo(github)
    token = github.token
    if change == "token":
        token = "github_pat_revoked0000"
    elif change == "repository":
        repo["repository"] = "octo-org/nope"
    elif change == "permission":
        github.may_push = False
    elif change == "issues":
        github.has_issues = False
    elif change == "limited":
        github.fail_next = [rate_limited(600)]
    elif change == "moved":
        moved = f"{github.url}/repositories/1296269"
        github.fail_next = [Scripted(301, {"Location": moved}, {"message": "Moved Permanently"})]
    else:
        github.stop()
    _connect(world.pm, world.team_id, github, settings=repo, token=token)
    _drain(_worker(ctx, settings))
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == status
    assert says in shown["check"]["message"]


def test_bad_settings_are_refused_with_the_field(world: World, github: FakeGitHub) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    for settings, wrong in (
        (_repo(github, repository="just-a-name"), "settings.repository"),
        (_repo(github, repository="a/b/c"), "settings.repository"),
        (_repo(github, api_url="not a url"), "settings.api_url"),
        (_repo(github, project_key="OPS"), "settings.project_key"),
    ):
        body = {"vendor": "github", "settings": settings, "token": github.token}
        error = expect_error(world.pm.post(url, json=body), 422)
        assert error["details"][0]["field"] == wrong
    assert world.pm.ok("GET", url) == []


def test_the_vendors_offered_include_github_with_its_form(world: World) -> None:
    vendors = {v["vendor"]: v for v in world.eng.ok("GET", "/api/integrations/vendors")}
    github = vendors["github"]
    assert (github["name"], github["kind"]) == ("GitHub", "tracker")
    assert "Issues: Read and write" in github["token_help"]
    assert "Issues events" in github["webhook_help"]
    fields = {f["name"]: f for f in github["fields"]}
    assert fields["repository"]["required"]
    assert fields["repository"]["placeholder"] == "octo-org/web"
    assert fields["api_url"] == {
        **fields["api_url"],
        "input": "url",
        "required": False,
        "default": "https://api.github.com",
    }


def test_a_push_creates_one_issue_with_the_item_and_a_link_back(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connected(world, ctx, settings, github)
    due = (datetime.now(UTC).date() + timedelta(days=5)).isoformat()
    owner = {"kind": "person", "user_id": user_id(world.pm)}
    action_id = _action(world, due=due, owner=owner)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))

    linked = _tickets(world.eng, world.team_id)[action_id]
    assert (linked["state"], linked["key"]) == ("linked", "#1")
    assert linked["url"] == f"{github.web}/issues/1"
    assert linked["remote_status"] == "Open"
    [created] = github.requests_to("POST", "/issues")
    assert created.body["title"] == "Fix the flaky deploy"
    assert set(created.body["labels"]) == {"twofold", f"twofold-action-{action_id}", "retro"}
    text = created.body["body"]
    assert text.startswith("Action item agreed in a Twofold retro.")
    assert f"Due {due}." in text
    assert text.endswith(f"From Twofold: {PUBLIC}/teams/{world.team_id}/actions")
    # No one is assigned: GitHub finds no account by an email address.
    assert "assignees" not in created.body
    # The marker was looked for first, among open and closed issues.
    [looked] = github.requests_to("GET", "/issues")
    assert looked.query["labels"] == [f"twofold-action-{action_id}"]
    assert looked.query["state"] == ["all"]
    # Pushed once more when linked: still one issue.
    assert world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)["key"] == "#1"
    _drain(_worker(ctx, settings))
    assert list(github.issues) == [1]


def test_a_push_retried_after_a_crash_between_create_and_commit_makes_one_issue(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connected(world, ctx, settings, github)
    action_id = _action(world)
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    # A worker takes the row, makes the issue, and dies before its commit.
    [item] = outbox.claim_due(ctx, "doomed", [TicketPushRequested.kind], 1, timedelta(0))
    tracker_handlers(ctx, settings)[TicketPushRequested.kind](item.payload)
    assert list(github.issues) == [1]
    assert _tickets(world.eng, world.team_id)[action_id]["state"] == "pending"

    _drain(_worker(ctx, settings))
    assert list(github.issues) == [1]
    assert len(github.requests_to("POST", "/issues")) == 1
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "#1"


def test_a_lost_answer_to_the_create_is_tried_again_without_a_second_issue(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    action_id = _queued(world, ctx, settings, github)
    github.drop_after_create = True
    worker = _worker(ctx, settings)
    worker.run_once()
    pending = _tickets(world.eng, world.team_id)[action_id]
    assert (pending["state"], pending["delivery"]["attempts"]) == ("pending", 1)
    assert "Could not reach GitHub" in pending["delivery"]["last_error"]
    _drain(worker)
    assert list(github.issues) == [1]
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "#1"


def test_an_outage_delays_a_push_and_the_team_sees_why(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    action_id = _queued(world, ctx, settings, github)
    github.fail_next = [Scripted(503, body={"message": "Service Unavailable"})] * 3
    worker = _worker(ctx, settings)
    for attempt in (1, 2, 3):
        worker.run_once()
        seen = _tickets(world.eng, world.team_id)[action_id]
        assert (seen["state"], seen["delivery"]["attempts"]) == ("pending", attempt)
        assert seen["delivery"]["last_error"].endswith("GitHub answered 503: Service Unavailable.")
    _drain(worker)
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "#1"
    assert len(github.issues) == 1


SECONDARY = {"message": "You have exceeded a secondary rate limit."}
LIMITS: dict[str, tuple[Callable[[], Scripted], str, int]] = {
    "primary": (lambda: rate_limited(300), "403", 290),
    "429": (lambda: Scripted(429, {"Retry-After": "120"}, {"message": "Slow down"}), "429", 120),
    "secondary": (lambda: Scripted(403, {"Retry-After": "45"}, SECONDARY), "403", 45),
    "secondary, no wait named": (lambda: Scripted(403, {}, SECONDARY), "403", 60),
}


@pytest.mark.parametrize("limit", list(LIMITS))
def test_rate_limiting_waits_as_long_as_github_asks(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub, limit: str
) -> None:
    scripted, code, wait = LIMITS[limit]
    action_id = _queued(world, ctx, settings, github)
    github.fail_next = [scripted()]
    worker = _worker(ctx, settings)
    before = datetime.now(UTC)
    worker.run_once()
    seen = _tickets(world.eng, world.team_id)[action_id]["delivery"]
    assert f"GitHub is limiting requests ({code})" in seen["last_error"]
    assert datetime.fromisoformat(seen["next_try_at"]) >= before + timedelta(seconds=wait)
    assert seen["state"] == "pending"
    assert not worker.run_once().handled  # not due yet
    assert github.issues == {}


def test_a_refused_push_is_given_up_with_the_reason_and_can_be_pushed_again(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    action_id = _queued(world, ctx, settings, github)
    github.fail_next = [Scripted(401, body={"message": "Bad credentials"})]
    _drain(_worker(ctx, settings, attempts=2))
    failed = _tickets(world.eng, world.team_id)[action_id]
    assert (failed["state"], failed["delivery"]["state"]) == ("pending", "failed")
    assert "GitHub refused the token" in failed["delivery"]["last_error"]
    # A 403 that is not about rate is a missing permission, said as GitHub says it.
    github.fail_next = [Scripted(403, body={"message": "Resource not accessible by token"})]
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings, attempts=2))
    failed = _tickets(world.eng, world.team_id)[action_id]
    assert "Resource not accessible by token" in failed["delivery"]["last_error"]
    world.eng.ok("POST", f"/api/actions/{action_id}/push", 202)
    _drain(_worker(ctx, settings))
    assert _tickets(world.eng, world.team_id)[action_id]["key"] == "#1"


def test_closed_in_github_by_webhook_marks_the_item_done_and_reopened_reopens(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub, client: Client
) -> None:
    connection_id, action_id = _pushed(world, ctx, settings, github)
    heard: list[TeamNotice] = []
    ctx.bus.subscribe_team(heard.extend)
    github.set_state(1, "closed", "completed")
    body = github.webhook_body(1, "closed", who="mona")

    forged = _hook(client, connection_id, body, signature("not-the-secret", body))
    expect_error(forged, 401, "bad_signature")
    expect_error(_hook(client, connection_id, body, None), 401, "bad_signature")
    sha1 = _hook(client, connection_id, body, "sha1=" + signature(WEBHOOK_SECRET, body)[7:])
    expect_error(sha1, 401, "bad_signature")
    elsewhere = _hook(client, "no-such-connection", body, signature(WEBHOOK_SECRET, body))
    expect_error(elsewhere, 401)
    assert _status(world.eng, world.team_id, action_id) == "open"
    assert heard == []

    # GitHub's ping when the webhook is made is accepted and changes nothing.
    ping = b'{"zen":"Keep it logically awesome.","hook_id":1}'
    assert _signed(client, connection_id, ping, event="ping") == 204
    assert _status(world.eng, world.team_id, action_id) == "open"

    assert _signed(client, connection_id, body) == 204
    assert _status(world.eng, world.team_id, action_id) == "done"
    assert heard == [TeamNotice(world.team_id, "actions")]
    ticket = _tickets(world.eng, world.team_id)[action_id]
    assert (ticket["remote_status"], ticket["status_by"]) == ("Closed", "mona")

    github.set_state(1, "open", "reopened", ago=timedelta(seconds=-2))
    assert _signed(client, connection_id, github.webhook_body(1, "reopened", "hubot")) == 204
    assert _status(world.eng, world.team_id, action_id) == "open"
    assert _tickets(world.eng, world.team_id)[action_id]["status_by"] == "hubot"


def test_closed_as_not_planned_or_in_another_repository_is_not_done(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub, client: Client
) -> None:
    connection_id, action_id = _pushed(world, ctx, settings, github)
    github.set_state(1, "closed", "not_planned")
    assert _signed(client, connection_id, github.webhook_body(1, "closed")) == 204
    assert _status(world.eng, world.team_id, action_id) == "open"
    assert _tickets(world.eng, world.team_id)[action_id]["remote_status"] == (
        "Closed as not planned"
    )
    # Issue #1 of another repository, signed with the same secret, moves nothing here.
    github.set_state(1, "closed", "completed", ago=timedelta(seconds=-2))
    other = github.webhook_body(1, "closed").replace(b'"octo-org/web"', b'"octo-org/api"')
    assert _signed(client, connection_id, other) == 204
    assert _status(world.eng, world.team_id, action_id) == "open"
    # Other actions on an issue (labelled, edited) change nothing either.
    assert _signed(client, connection_id, github.webhook_body(1, "labeled")) == 204
    assert _status(world.eng, world.team_id, action_id) == "open"


def test_polling_catches_a_webhook_that_never_came(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _, action_id = _pushed(world, ctx, settings, github)
    # Someone else's issues, a pull request carrying our label, and more of ours than fit on
    # one page.
    github.add_issue("Not ours", ["bug"])
    github.add_issue("A pull request", ["twofold"], pull=True)
    for n in range(3):
        github.add_issue(f"Ours, unlinked {n}", ["twofold"])
    github.set_state(1, "closed", "completed")

    assert enqueue_polls(ctx, timedelta(minutes=5)) == 1
    _drain(_worker(ctx, settings))
    assert _status(world.eng, world.team_id, action_id) == "done"
    listings = [s for s in github.requests_to("GET", "/issues") if "since" in s.query]
    assert len(listings) == 3  # five labelled, two a page
    first = listings[0].query
    assert (first["labels"], first["state"], first["per_page"]) == (["twofold"], ["all"], ["100"])
    since = datetime.strptime(first["since"][0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert since < datetime.now(UTC)
    assert [s.query.get("page") for s in listings] == [None, ["2"], ["3"]]
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["polled_at"]


def test_a_poll_during_an_outage_is_tried_again_and_loses_nothing(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _, action_id = _pushed(world, ctx, settings, github)
    github.set_state(1, "closed", "completed")
    github.fail_next = [Scripted(503, body={"message": "Service Unavailable"})] * 2
    assert enqueue_polls(ctx, timedelta(minutes=5)) == 1
    worker = _worker(ctx, settings)
    worker.run_once()
    assert _status(world.eng, world.team_id, action_id) == "open"
    _drain(worker)
    assert _status(world.eng, world.team_id, action_id) == "done"


def test_done_in_twofold_closes_the_issue_and_a_reopen_reopens_it(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    action_id = _queued(world, ctx, settings, github)
    worker = _full_worker(ctx, settings)
    _drain(worker)

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    _drain(worker)
    assert (github.issues[1]["state"], github.issues[1]["state_reason"]) == (
        "closed",
        "completed",
    )
    [closing] = github.requests_to("PATCH", "/issues/1")
    assert closing.body == {"state": "closed", "state_reason": "completed"}
    ticket = _tickets(world.pm, world.team_id)[action_id]
    assert (ticket["remote_status"], ticket["status_by"]) == ("Closed", "Twofold")

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "open"})
    _drain(worker)
    assert (github.issues[1]["state"], github.issues[1]["state_reason"]) == ("open", "reopened")
    assert github.requests_to("PATCH", "/issues/1")[-1].body == {
        "state": "open",
        "state_reason": "reopened",
    }

    # A move that is already true changes nothing in GitHub.
    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "in_progress"})
    _drain(worker)
    assert len(github.requests_to("PATCH", "/issues/1")) == 2


def test_an_issue_closed_as_not_planned_stays_so_when_its_item_is_done_here(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    action_id = _queued(world, ctx, settings, github)
    worker = _full_worker(ctx, settings)
    _drain(worker)
    github.set_state(1, "closed", "not_planned")
    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    _drain(worker)
    assert github.requests_to("GET", "/issues/1")  # looked at, and left alone
    assert github.requests_to("PATCH", "/issues/1") == []
    assert github.issues[1]["state_reason"] == "not_planned"


def test_a_debt_item_goes_out_labelled_tech_debt_and_follows_its_issue(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub, client: Client
) -> None:
    connection_id = _connected(world, ctx, settings, github)
    debt = world.eng.ok(
        "POST",
        f"/api/teams/{world.team_id}/debt",
        201,
        json={"title": "Slow test suite", "description": "Fifteen minutes a run."},
    )
    world.eng.ok("POST", f"/api/debt/{debt['id']}/push", 202)
    _drain(_worker(ctx, settings))
    [created] = github.requests_to("POST", "/issues")
    assert set(created.body["labels"]) == {"twofold", f"twofold-debt-{debt['id']}", "tech-debt"}
    assert created.body["body"].startswith("Fifteen minutes a run.")
    github.set_state(1, "closed", "completed")
    assert _signed(client, connection_id, github.webhook_body(1, "closed")) == 204
    assert world.eng.ok("GET", f"/api/debt/{debt['id']}")["status"] == "done"


def test_an_item_follows_an_existing_issue_named_by_number_or_address(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connected(world, ctx, settings, github)
    existing = github.add_issue("Deploy script is flaky", [])
    pull = github.add_issue("Fix the deploy script", [], pull=True)
    github.set_state(existing, "closed", "completed")
    action_id = _action(world)
    worker = _full_worker(ctx, settings)

    for ref, says in (
        ("#99", "has no issue #99"),
        (f"{github.web}/pull/{pull}", "is a pull request"),
        (f"#{pull}", "is a pull request"),
        ("octo-org/api#1", "is in octo-org/api"),
        ("the deploy one", "names no GitHub issue"),
    ):
        world.eng.ok("POST", f"/api/actions/{action_id}/link", 202, json={"ref": ref})
        _drain(worker)
        failed = _tickets(world.pm, world.team_id)[action_id]
        assert failed["delivery"]["state"] == "failed", ref
        assert says in failed["delivery"]["last_error"], ref

    world.eng.ok(
        "POST", f"/api/actions/{action_id}/link", 202, json={"ref": f"{github.web}/issues/1"}
    )
    _drain(worker)
    linked = _tickets(world.pm, world.team_id)[action_id]
    assert (linked["state"], linked["key"], linked["remote_status"]) == ("linked", "#1", "Closed")
    assert _status(world.pm, world.team_id, action_id) == "done"
    assert github.requests_to("POST", "/issues") == []  # nothing was created

    another = github.add_issue("Flaky tests", [])
    made = command(world.pm, str(world.retro["id"]), "create_action", title="Another")
    other = str(made["result"]["action_id"])
    ref = f"octo-org/WEB#{another}"
    world.eng.ok("POST", f"/api/actions/{other}/link", 202, json={"ref": ref})
    _drain(worker)
    assert _tickets(world.pm, world.team_id)[other]["key"] == f"#{another}"


def test_every_new_item_goes_to_github_when_the_team_asks(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connect(world.pm, world.team_id, github, settings=_repo(github, auto_push=True))
    worker = _full_worker(ctx, settings)
    _drain(worker)
    action_id = _action(world, "Write the edge cases down first")
    debt = world.pm.ok("POST", f"/api/teams/{world.team_id}/debt", 201, json={"title": "Old ORM"})
    _drain(worker)
    tickets = _tickets(world.pm, world.team_id)
    assert tickets[action_id]["state"] == tickets[debt["id"]]["state"] == "linked"
    assert len(github.requests_to("POST", "/issues")) == 2


def test_new_items_wait_for_a_click_by_default(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connected(world, ctx, settings, github)
    _action(world)
    _drain(_full_worker(ctx, settings))
    assert _tickets(world.pm, world.team_id) == {}
    assert github.requests_to("POST", "/issues") == []


def test_a_slow_github_is_unreachable_and_a_next_page_elsewhere_is_not_followed(
    github: FakeGitHub,
) -> None:
    settings = GitHubSettings(repository=github.repository, api_url=github.url)
    for n in range(3):
        github.add_issue(f"Ours {n}", ["twofold"])
    # A next page on another host would take the token there: the listing stops instead.
    github.next_base = "http://127.0.0.1:9"
    with GitHubTracker(settings, github.token, 2.0) as tracker:
        seen = list(tracker.changed_since(datetime.now(UTC) - timedelta(minutes=5)))
    assert len(seen) == github.page_size
    assert len(github.requests_to("GET", "/issues")) == 1

    github.slow_seconds = 0.5
    with GitHubTracker(settings, github.token, 0.2) as tracker:
        status, message = tracker.check()
    assert (status, message) == ("unreachable", "GitHub did not answer within 0.2 s.")
