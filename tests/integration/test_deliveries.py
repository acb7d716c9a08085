"""A team's deliveries over the API: its facilitators (and the instance owner) see what the
worker still has to hand on and what it gave up on, and try again; nobody else does, and no
team sees another's."""

from datetime import timedelta
from typing import Any

from tests.conftest import World, expect_error
from twofold.domain.outbox import RetryPolicy
from twofold.domain.team_events import DebtCreated, MemberJoined
from twofold.services import outbox
from twofold.services.context import Ctx
from twofold.worker.runner import Worker
from twofold.worker.subscriptions import Subscriptions

FIELDS = {
    "id",
    "kind",
    "state",
    "attempts",
    "created_at",
    "next_try_at",
    "failed_at",
    "last_error",
}


def _tracker_down(event: MemberJoined) -> None:
    raise ConnectionError(f"directory unreachable for {event.user_id}")


def _fail_joins(ctx: Ctx) -> None:
    """Hand every row to a worker whose only subscriber, for joins, always fails, with one
    attempt each: every join ends failed, everything else done."""
    subscriptions = Subscriptions()
    subscriptions.subscribe(MemberJoined, _tracker_down)
    worker = Worker(ctx, subscriptions.handlers(), policy=RetryPolicy(max_attempts=1))
    while worker.run_once().handled:
        pass


def _url(team_id: str, rest: str = "") -> str:
    return f"/api/teams/{team_id}/deliveries{rest}"


def test_facilitators_see_their_teams_failed_and_pending_deliveries(world: World, ctx: Ctx) -> None:
    _fail_joins(ctx)
    debt = world.eng.ok("POST", f"/api/teams/{world.team_id}/debt", 201, json={"title": "Slow"})
    listed = world.pm.ok("GET", _url(world.team_id))
    assert (listed["failed"], listed["pending"]) == (4, 1)
    items = listed["items"]
    assert all(set(item) == FIELDS for item in items)
    assert [i["state"] for i in items] == ["failed"] * 4 + ["pending"]
    assert {i["kind"] for i in items[:4]} == {"team.member_joined"}
    assert all(
        i["last_error"].startswith("ConnectionError: directory unreachable") for i in items[:4]
    )
    assert all(i["next_try_at"] is None and i["failed_at"] for i in items[:4])
    assert items[4]["kind"] == "team.debt_created"
    assert (items[4]["attempts"], items[4]["failed_at"]) == (0, None)
    assert items[4]["next_try_at"]
    # Nothing of the payload (ids of people, items) is listed; Beta's deliveries are not here.
    assert debt["id"] not in str(listed)
    beta = world.outsider.ok("GET", _url(world.other_team_id))
    assert {i["id"] for i in beta["items"]}.isdisjoint({i["id"] for i in items})
    # The instance owner, not a member of Beta, may look after it too.
    assert world.owner.ok("GET", _url(world.other_team_id)) == beta


def test_only_facilitators_and_the_owner_get_in(world: World, ctx: Ctx) -> None:
    _fail_joins(ctx)
    failed_id = world.pm.ok("GET", _url(world.team_id))["items"][0]["id"]
    for who, status in ((world.eng, 403), (world.tech_lead, 403), (world.guest, 403)):
        expect_error(who.get(_url(world.team_id)), status)
        expect_error(who.post(_url(world.team_id, f"/{failed_id}/retry")), status)
        expect_error(who.post(_url(world.team_id, "/retry-failed")), status)
    expect_error(world.outsider.get(_url(world.team_id)), 404)
    expect_error(world.outsider.post(_url(world.team_id, f"/{failed_id}/retry")), 404)
    expect_error(world.pm.get(_url("no-such-team")), 404)
    expect_error(world.owner.get(_url("no-such-team")), 404)
    # A facilitator of Beta cannot reach Alpha's rows through Beta.
    expect_error(world.outsider.post(_url(world.other_team_id, f"/{failed_id}/retry")), 404)
    assert world.pm.ok("GET", _url(world.team_id))["failed"] == 4


def test_retry_makes_a_failed_delivery_due_with_every_attempt(world: World, ctx: Ctx) -> None:
    _fail_joins(ctx)
    items: list[dict[str, Any]] = world.pm.ok("GET", _url(world.team_id))["items"]
    first = items[0]["id"]
    retried = world.pm.ok("POST", _url(world.team_id, f"/{first}/retry"))
    assert (retried["id"], retried["state"], retried["attempts"]) == (first, "pending", 0)
    assert retried["failed_at"] is None
    assert retried["last_error"].startswith("ConnectionError")  # until the next try
    assert world.pm.ok("POST", _url(world.team_id, "/retry-failed")) == {"retried": 3}
    assert world.pm.ok("POST", _url(world.team_id, "/retry-failed")) == {"retried": 0}
    listed = world.pm.ok("GET", _url(world.team_id))
    assert (listed["failed"], listed["pending"]) == (0, 4)

    # A worker holding the row right now records its outcome; a retry would trample it.
    [held] = outbox.claim_due(ctx, "w", ["team.member_joined"], 1, timedelta(minutes=5))
    r = world.pm.post(_url(world.team_id, f"/{held.id}/retry"))
    expect_error(r, 409, "delivery_in_progress")
    # Nobody subscribes any more: the worker marks them done, and done is done.
    Worker(ctx, Subscriptions().handlers()).run_once()
    [done] = [i["id"] for i in items[:2] if i["id"] != held.id][:1]
    expect_error(world.pm.post(_url(world.team_id, f"/{done}/retry")), 409, "delivery_done")
    listed = world.pm.ok("GET", _url(world.team_id))
    assert (listed["failed"], listed["pending"]) == (0, 1)
    assert [i["id"] for i in listed["items"]] == [held.id]
    assert DebtCreated.kind not in {i["kind"] for i in listed["items"]}
