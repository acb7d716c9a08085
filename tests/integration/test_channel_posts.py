"""Retro summaries and weekly digests posted to Slack and Microsoft Teams, end to end against
local Slack and Teams servers: posted when a retro closes and on demand, a Slack bot's message
updated in place when published again, the weekly digest once a week, hostile text escaped,
every failure kept on the post for the summary page, and who may publish."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Client, World, command, expect_error, settings_for, user_id
from tests.fake_slack import FakeSlack, Scripted, fake_slack
from tests.fake_teams import FakeTeams, fake_teams
from tests.integration.boards import add_card, to_phase
from twofold.domain.errors import Invalid
from twofold.domain.outbox import RetryPolicy
from twofold.integrations.vault import Vault, new_key
from twofold.services import channel_posts
from twofold.services.connections import do_create_connection
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.store.queries import users as user_q
from twofold.worker.channels import channel_handlers, channel_subscriptions
from twofold.worker.runner import Worker
from twofold.worker.subscriptions import Subscriptions
from twofold.worker.trackers import tracker_handlers

KEY = new_key()
PUBLIC = "https://retro.example.com"


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path).model_copy(
        update={"public_url": PUBLIC, "integrations_timeout_seconds": 1.0}
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY), any_vendor_host=True)
    db.dispose()


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as server:
        yield server


@pytest.fixture
def teams() -> Iterator[FakeTeams]:
    with fake_teams() as server:
        yield server


def _worker(ctx: Ctx, settings: Settings, attempts: int = 4) -> Worker:
    """The worker as an instance runs it for chat channels: connection checks, posts, and the
    subscription that queues a closed retro's summary."""
    subscriptions = Subscriptions()
    channel_subscriptions(ctx, subscriptions)
    handlers = {
        **subscriptions.handlers(),
        **tracker_handlers(ctx, settings),
        **channel_handlers(ctx, settings),
    }
    return Worker(ctx, handlers, policy=RetryPolicy(max_attempts=attempts, first_delay=0))


def _drain(worker: Worker) -> None:
    for _ in range(30):
        if not worker.run_once().handled:
            return
    raise AssertionError("the worker never ran out of work")


def _connect(c: Client, team_id: str, vendor: str, token: str, **settings: Any) -> str:
    body = {"vendor": vendor, "settings": settings, "token": token}
    return str(c.ok("POST", f"/api/teams/{team_id}/connections", 201, json=body)["id"])


def _hook(world: World, slack: FakeSlack, **settings: Any) -> str:
    return _connect(world.pm, world.team_id, "slack", slack.hook_url, **settings)


def _bot(world: World, slack: FakeSlack, **settings: Any) -> str:
    return _connect(
        world.pm,
        world.team_id,
        "slack",
        slack.token,
        mode="bot",
        channel="C0TEAM0001",
        api_url=slack.api_url,
        **settings,
    )


def _run_retro(world: World, title: str = "Ship the billing page") -> str:
    rid = str(world.retro["id"])
    card = add_card(world.eng, world, "Flaky CI ate two days", 1, friction="tech_debt")
    add_card(world.pm, world, "Specs changed mid-sprint", 0)
    to_phase(world, "vote")
    command(world.eng, rid, "vote", topic_id=card)
    command(world.pm, rid, "vote", topic_id=card)
    to_phase(world, "actions")
    command(
        world.pm,
        rid,
        "create_action",
        title=title,
        owner={"kind": "person", "user_id": user_id(world.eng)},
        due="2099-01-31",
        topic_id=card,
    )
    return rid


def _posts(c: Client, rid: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = c.ok("GET", f"/api/retros/{rid}/posts")
    return found


def _slack_text(message: dict[str, Any]) -> str:
    parts = [message["text"]]
    for block in message["blocks"]:
        texts = [block["text"]] if "text" in block else block.get("elements", [])
        parts += [t["text"] for t in texts]
    return "\n".join(parts)


def test_a_closing_retro_is_posted_to_the_slack_webhook_with_topics_actions_and_a_link(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    connection = _hook(world, slack)
    worker = _worker(ctx, settings)
    _drain(worker)
    [shown] = world.eng.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["kind"] == "channel"
    assert shown["check"]["status"] == "ok"
    assert "without posting" in shown["check"]["message"]
    assert slack.hook_url not in str(shown)
    assert slack.hook_messages == []

    rid = _run_retro(world)
    to_phase(world, "closed")
    _drain(worker)

    [message] = slack.hook_messages
    text = _slack_text(message)
    assert "Sprint 1 retro" in message["blocks"][0]["text"]["text"]
    assert "Flaky CI ate two days (2 votes)" in text
    assert "Ship the billing page — Eng, due Sat, Jan 31, 2099" in text
    assert f"<{PUBLIC}/retros/{rid}|Open the summary in Twofold>" in text
    assert text.index("Flaky CI") < text.index("Specs changed")
    [post] = _posts(world.eng, rid)
    assert (post["connection_id"], post["vendor"], post["name"]) == (connection, "slack", "Slack")
    assert (post["state"], post["kind"], post["error"], post["attempts"]) == (
        "posted",
        "summary",
        None,
        1,
    )
    assert post["posted_at"] is not None
    # Posted once: the worker running again finds nothing more to post.
    _drain(worker)
    assert len(slack.hook_messages) == 1


def test_a_teams_workflow_gets_the_summary_as_an_adaptive_card(
    world: World, ctx: Ctx, settings: Settings, teams: FakeTeams
) -> None:
    _connect(world.pm, world.team_id, "teams", teams.flow_url)
    rid = _run_retro(world)
    to_phase(world, "closed")
    _drain(_worker(ctx, settings))

    [card] = teams.cards
    assert card["type"] == "AdaptiveCard"
    text = teams.card_text()
    assert "Sprint 1 retro" in text
    assert "Flaky CI ate two days \\(2 votes\\)" in text
    assert card["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Open the summary in Twofold",
            "url": f"{PUBLIC}/retros/{rid}",
        }
    ]
    [post] = _posts(world.pm, rid)
    assert (post["vendor"], post["state"], post["url"]) == ("teams", "posted", None)


def test_a_slack_bot_posts_and_a_second_publish_updates_the_same_message(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    connection = _bot(world, slack, post_on_close=False)
    worker = _worker(ctx, settings)
    _drain(worker)
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == "ok"
    assert "#retros in Acme" in shown["check"]["message"]

    rid = _run_retro(world)
    to_phase(world, "closed")
    _drain(worker)
    assert slack.messages == {}  # not set to post on close

    queued = world.pm.ok(
        "POST", f"/api/retros/{rid}/publish", 202, json={"connection_id": connection}
    )
    assert queued["state"] == "pending"
    # Pressed twice before the worker ran: still one post.
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json={"connection_id": connection})
    _drain(worker)
    [ts] = slack.messages
    [post] = _posts(world.eng, rid)
    assert post["state"] == "posted"
    assert post["url"] == f"https://acme.slack.com/archives/C0TEAM0001/p{ts.replace('.', '')}"

    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json={"connection_id": connection})
    _drain(worker)
    assert list(slack.messages) == [ts]
    assert len(slack.requests_to("/api/chat.update")) == 1
    assert len(slack.requests_to("/api/chat.postMessage")) == 1
    [again] = _posts(world.eng, rid)
    assert (again["id"], again["state"], again["url"]) == (post["id"], "posted", post["url"])


def test_hostile_text_is_escaped_for_slack_and_teams(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack, teams: FakeTeams
) -> None:
    _hook(world, slack)
    _connect(world.pm, world.team_id, "teams", teams.flow_url)
    hostile = "<!channel> @here *free* [pizza](https://evil.example) & <https://evil.example|x>"
    rid = _run_retro(world, title=hostile)
    to_phase(world, "closed")
    _drain(_worker(ctx, settings))

    text = _slack_text(slack.hook_messages[0])
    assert "<!channel>" not in text
    assert "<https://evil" not in text
    assert "&lt;!channel&gt; @\u2060here" in text
    assert "&amp; &lt;https://evil.example|x&gt;" in text
    card = teams.card_text()
    assert "\\[pizza\\]\\(https://evil.example\\)" in card
    assert "\\*free\\*" in card
    assert rid


def test_a_slack_refusal_fails_the_post_with_slacks_reason_and_publishing_again_retries(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    connection = _hook(world, slack)
    worker = _worker(ctx, settings)
    _drain(worker)
    slack.remove_hook()
    rid = _run_retro(world)
    to_phase(world, "closed")
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert post["state"] == "failed"
    assert "no_service" in post["error"]
    assert "make a new one" in post["error"]
    assert len(slack.requests_to("/services/T0001/B0001/hook-secret-4242")) == 1  # given up at once

    slack.hook_alive = True
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json={"connection_id": connection})
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert (post["state"], post["error"]) == ("posted", None)


def test_rate_limits_outages_and_timeouts_are_retried_and_shown_meanwhile(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    connection = _bot(world, slack, post_on_close=False)
    worker = _worker(ctx, settings, attempts=5)
    _drain(worker)
    rid = _run_retro(world)
    to_phase(world, "closed")
    slack.fail_next = [Scripted(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "0"})]
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json={"connection_id": connection})
    worker.run_once()
    [post] = _posts(world.pm, rid)
    assert post["state"] == "pending"
    assert "limiting requests (429)" in post["error"]
    assert post["delivery"]["attempts"] == 1
    assert post["delivery"]["state"] == "pending"

    slack.fail_next = [
        Scripted(503, "upstream down"),
        Scripted(200, {"ok": True}, delay=1.5),  # the client gives up waiting first
    ]
    worker.run_once()
    assert "answered 503" in _posts(world.pm, rid)[0]["error"]
    worker.run_once()
    assert "did not answer" in _posts(world.pm, rid)[0]["error"]
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert (post["state"], post["error"], post["attempts"]) == ("posted", None, 4)
    assert len(slack.messages) == 1


def test_slack_api_errors_say_what_to_do(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    slack.channels["C0TEAM0001"]["is_member"] = False
    connection = _bot(world, slack, post_on_close=False)
    worker = _worker(ctx, settings)
    _drain(worker)
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert "Invite the bot" in shown["check"]["message"]
    rid = _run_retro(world)
    to_phase(world, "closed")
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json={"connection_id": connection})
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert post["state"] == "failed"
    assert "not_in_channel" in post["error"]
    assert "/invite" in post["error"]

    # A wrong token: the test of the connection says so.
    slack.token = "xoxb-some-other-token"
    world.pm.ok("POST", f"/api/teams/{world.team_id}/connections/{connection}/test", 202)
    _drain(worker)
    [shown] = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")
    assert shown["check"]["status"] == "bad_token"
    assert "invalid_auth" in shown["check"]["message"]


def test_only_facilitators_publish_and_other_teams_see_nothing(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    connection = _hook(world, slack)
    rid = _run_retro(world)
    body = {"connection_id": connection}
    expect_error(world.pm.post(f"/api/retros/{rid}/publish", json=body), 409, "wrong_phase")
    to_phase(world, "closed")
    expect_error(world.eng.post(f"/api/retros/{rid}/publish", json=body), 403, "forbidden")
    expect_error(world.outsider.post(f"/api/retros/{rid}/publish", json=body), 404, "not_found")
    expect_error(world.outsider.get(f"/api/retros/{rid}/posts"), 404, "not_found")
    expect_error(world.guest.post(f"/api/retros/{rid}/publish", json=body), 403, "forbidden")
    assert _posts(world.guest, rid) == []
    # Another team's retro cannot be posted to this team's channel, nor the other way round.
    other = world.other_retro["id"]
    command(world.outsider, other, "set_phase", phase="closed")
    expect_error(world.outsider.post(f"/api/retros/{other}/publish", json=body), 404, "not_found")
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json=body)


def test_webhook_addresses_must_be_the_vendors_own_unless_the_instance_allows_any_host(
    world: World, settings: Settings
) -> None:
    strict = Ctx(Database(settings.database_url, secret=settings.secret_key), vault=Vault(KEY))
    with strict.db.read() as tx:
        pm = user_q.user_by_id(tx, user_id(world.pm))
    assert pm is not None
    for vendor, token, settings_ in (
        ("slack", "http://127.0.0.1:9/services/T/B/x", {}),
        ("slack", "https://hooks.slack.com.evil.example/services/T/B/x", {}),
        ("slack", "not-a-token", {"mode": "bot", "channel": "C0TEAM0001"}),
        ("slack", "xoxb-1", {"mode": "bot"}),
        (
            "slack",
            "xoxb-1",
            {"mode": "bot", "channel": "C0TEAM0001", "api_url": "http://127.0.0.1:9"},
        ),
        ("teams", "https://evil.example/workflows/1", {}),
        ("teams", "http://prod-1.westus.logic.azure.com/workflows/1", {}),
    ):
        with pytest.raises(Invalid):
            do_create_connection(strict, pm, world.team_id, vendor, settings_, token)
    made = do_create_connection(
        strict,
        pm,
        world.team_id,
        "teams",
        {},
        "https://prod-12.westeurope.logic.azure.com:443/workflows/abc",
    )
    assert made.vendor == "teams"
    strict.db.dispose()


def _monday(weeks: int = 0) -> datetime:
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
    return datetime(monday.year, monday.month, monday.day, 9, 30, tzinfo=UTC)


def test_the_weekly_digest_lists_due_and_overdue_items_once_a_week(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack, teams: FakeTeams
) -> None:
    _hook(world, slack, post_on_close=False)
    _connect(world.pm, world.team_id, "teams", teams.flow_url, weekly_digest=False)
    worker = _worker(ctx, settings)
    _drain(worker)
    rid = str(world.retro["id"])
    to_phase(world, "actions")
    today = datetime.now(UTC).date()
    command(world.pm, rid, "create_action", title="Overdue & <late>", due=str(today))
    command(
        world.pm, rid, "create_action", title="Due far later", due=str(today + timedelta(days=60))
    )
    # Next week's digest: the item due today is overdue by then.
    monday = _monday(1)
    assert channel_posts.enqueue_digests(ctx, monday - timedelta(hours=1)) == 0  # before 09:00
    assert channel_posts.enqueue_digests(ctx, monday) == 1
    assert channel_posts.enqueue_digests(ctx, monday + timedelta(days=2)) == 0  # same week
    _drain(worker)
    [message] = slack.hook_messages
    text = _slack_text(message)
    assert "*Overdue*" in text
    assert "Overdue &amp; &lt;late&gt; — No owner" in text
    assert "Due far later" not in text
    assert "1 overdue, 0 due by" in text
    assert f"{PUBLIC}/teams/{world.team_id}/actions" in text
    assert teams.cards == []  # that channel turned the digest off
    # The week after, another.
    assert channel_posts.enqueue_digests(ctx, _monday(2)) == 1
    _drain(worker)
    assert len(slack.hook_messages) == 2


def test_a_team_with_nothing_due_gets_no_digest(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    _hook(world, slack)
    rid = str(world.retro["id"])
    to_phase(world, "actions")
    command(
        world.pm, rid, "create_action", title="Later", due=str(date.today() + timedelta(days=60))
    )
    assert channel_posts.enqueue_digests(ctx, _monday()) == 0


def test_teams_refusals_fail_at_once_and_an_outage_given_up_on_can_be_posted_again(
    world: World, ctx: Ctx, settings: Settings, teams: FakeTeams
) -> None:
    connection = _connect(world.pm, world.team_id, "teams", teams.flow_url, post_on_close=False)
    worker = _worker(ctx, settings, attempts=2)
    _drain(worker)
    rid = _run_retro(world)
    to_phase(world, "closed")
    body = {"connection_id": connection}

    teams.fail_next = [Scripted(400, "Invalid request: the card could not be read")]
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json=body)
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert post["state"] == "failed"
    assert "the card could not be read" in post["error"]

    # Down for every try the outbox makes: given up, shown so, and posted once asked again.
    teams.fail_next = [Scripted(503, "busy"), Scripted(502, "bad gateway")]
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json=body)
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert post["state"] == "pending"
    assert post["delivery"]["state"] == "failed"
    assert post["delivery"]["attempts"] == 2
    assert "answered 502" in post["error"]
    assert teams.cards == []
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json=body)
    _drain(worker)
    [post] = _posts(world.pm, rid)
    assert (post["state"], post["delivery"]) == ("posted", None)
    assert len(teams.cards) == 1


def test_a_tracker_connection_is_not_a_channel_to_publish_to(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    tracker = _connect(
        world.pm,
        world.team_id,
        "jira",
        "jira-token-1234",
        site_url="https://example.atlassian.net",
        email="a@example.com",
        project_key="OPS",
    )
    rid = _run_retro(world)
    to_phase(world, "closed")
    for connection in (tracker, "0" * 32):
        response = world.pm.post(f"/api/retros/{rid}/publish", json={"connection_id": connection})
        expect_error(response, 404, "not_found")
    assert _posts(world.pm, rid) == []


def test_a_slack_message_deleted_in_slack_is_posted_afresh_when_published_again(
    world: World, ctx: Ctx, settings: Settings, slack: FakeSlack
) -> None:
    connection = _bot(world, slack, post_on_close=False)
    worker = _worker(ctx, settings)
    rid = _run_retro(world)
    to_phase(world, "closed")
    body = {"connection_id": connection}
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json=body)
    _drain(worker)
    [first] = slack.messages
    del slack.messages[first]  # someone deleted it in Slack
    world.pm.ok("POST", f"/api/retros/{rid}/publish", 202, json=body)
    _drain(worker)
    [second] = slack.messages
    assert second != first
    [post] = _posts(world.pm, rid)
    assert post["state"] == "posted"
    assert post["url"].endswith(second.replace(".", ""))
