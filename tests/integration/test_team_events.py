"""Team-level happenings in the outbox: written with the change that causes them (and not when
it is refused), handed to the handlers subscribed to their kind, marked done when nobody
subscribes, and the work that falls due with time enqueued once however many workers look."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import update

from tests.conftest import World, command, expect_error, invite, signup, user_id
from tests.integration.test_mail import outbox_rows
from tests.integration.test_outbox import engines, together  # noqa: F401 (a fixture)
from twofold.domain.outbox import RetryPolicy
from twofold.domain.team_events import ActionCreated, DebtScored, TeamEvent
from twofold.services.actions import today
from twofold.services.board.writes import BoardWrites
from twofold.services.context import Ctx
from twofold.services.rollups import ROLLUP_KIND
from twofold.services.scheduled import enqueue_due
from twofold.settings import Settings
from twofold.store.tables import ActionItemRow, OutboxRow
from twofold.worker.runner import Worker
from twofold.worker.setup import handlers_for
from twofold.worker.subscriptions import Subscriptions


def _new_rows(ctx: Ctx, seen: set[str]) -> list[tuple[str, dict[str, Any], str | None]]:
    """Team events written since last asked (the rollup recounts that changes to a closed
    retro also queue are the company view's upkeep, tested in test_rollups.py)."""
    rows = [r for r in outbox_rows(ctx) if r.id not in seen and r.kind != ROLLUP_KIND]
    seen.update(r.id for r in rows)
    return [(r.kind, r.payload, r.team_id) for r in rows]


def test_each_team_happening_is_written_with_its_change(
    world: World, ctx: Ctx, app: Any, settings: Settings
) -> None:
    tid, rid = world.team_id, str(world.retro["id"])
    owner_id, eng_id, lead_id = user_id(world.owner), user_id(world.eng), user_id(world.tech_lead)
    joined = {
        (r.payload["user_id"], r.payload["role"])
        for r in outbox_rows(ctx)
        if r.kind == "team.member_joined" and r.team_id == tid
    }
    assert joined == {
        (owner_id, "em"),
        (user_id(world.pm), "pm"),
        (eng_id, "eng"),
        (lead_id, "tech_lead"),
    }
    seen = {r.id for r in outbox_rows(ctx)}

    command(world.owner, rid, "set_phase", phase="discuss")
    assert _new_rows(ctx, seen) == []
    action = command(world.pm, rid, "create_action", title="Fix the flaky test")
    action_id = action["result"]["action_id"]
    assert _new_rows(ctx, seen) == [
        ("team.action_created", {"team_id": tid, "action_id": action_id, "retro_id": rid}, tid)
    ]
    # Refused changes leave nothing behind.
    yesterday = (today() - timedelta(days=1)).isoformat()
    command(world.pm, rid, "create_action", 422, title="Late already", due=yesterday)
    expect_error(world.eng.patch(f"/api/actions/{action_id}", json={"status": "dropped"}), 422)
    assert _new_rows(ctx, seen) == []

    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"status": "in_progress"})
    world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"title": "Fix the flaky test"})
    assert _new_rows(ctx, seen) == [
        (
            "team.action_changed",
            {
                "team_id": tid,
                "action_id": action_id,
                "changed": ["status"],
                "status": "in_progress",
                "by_tracker": False,
            },
            tid,
        )
    ]

    debt = world.pm.ok("POST", f"/api/teams/{tid}/debt", 201, json={"title": "Legacy billing"})
    world.pm.ok("PATCH", f"/api/debt/{debt['id']}", json={"impact": 4})
    world.eng.ok("PATCH", f"/api/debt/{debt['id']}", json={"drag_hours": 30, "effort": 5})
    world.eng.ok("PATCH", f"/api/debt/{debt['id']}", json={"title": "Legacy billing module"})
    assert _new_rows(ctx, seen) == [
        ("team.debt_created", {"team_id": tid, "debt_id": debt["id"]}, tid),
        (
            "team.debt_scored",
            {"team_id": tid, "debt_id": debt["id"], "scores": ["impact"], "complete": False},
            tid,
        ),
        (
            "team.debt_scored",
            {
                "team_id": tid,
                "debt_id": debt["id"],
                "scores": ["drag_hours", "effort"],
                "complete": True,
            },
            tid,
        ),
    ]
    world.eng.ok("PATCH", f"/api/debt/{debt['id']}", json={"status": "in_progress"})
    assert _new_rows(ctx, seen) == [
        (
            "team.debt_status",
            {"team_id": tid, "debt_id": debt["id"], "status": "in_progress", "by_tracker": False},
            tid,
        )
    ]

    world.pm.ok("PUT", f"/api/retros/{rid}/signals", json={"clarifying_questions": 3})
    world.eng.ok("POST", f"/api/retros/{rid}/signals/pulse", json={"score": 4})
    command(world.owner, rid, "set_phase", phase="closed")
    assert _new_rows(ctx, seen) == [
        ("team.signals_recorded", {"team_id": tid, "retro_id": rid, "what": "figures"}, tid),
        ("team.signals_recorded", {"team_id": tid, "retro_id": rid, "what": "pulse"}, tid),
        ("team.retro_closed", {"team_id": tid, "retro_id": rid}, tid),
    ]

    world.owner.ok("DELETE", f"/api/teams/{tid}/members/{eng_id}", 204)
    world.tech_lead.ok("DELETE", f"/api/teams/{tid}/members/{lead_id}", 204)
    token = invite(world.owner, tid)
    newcomer = signup(app, "newcomer@example.com", "Nia New", token)
    newcomer.ok("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
    newcomer.ok("POST", f"/api/invites/{token}/accept", json={"role": "eng"})  # already in
    assert _new_rows(ctx, seen) == [
        ("team.member_left", {"team_id": tid, "user_id": eng_id, "removed_by": owner_id}, tid),
        ("team.member_left", {"team_id": tid, "user_id": lead_id, "removed_by": None}, tid),
        (
            "team.member_joined",
            {"team_id": tid, "user_id": user_id(newcomer), "role": "eng"},
            tid,
        ),
    ]
    newcomer.close()

    # Nobody subscribes yet: the worker marks every one of them done rather than leave them.
    worker = Worker(ctx, handlers_for(settings))
    while worker.run_once().handled:
        pass
    assert all(r.done_at is not None for r in outbox_rows(ctx) if r.kind != ROLLUP_KIND)


def test_subscribers_get_typed_events_and_a_failing_one_ends_failed(ctx: Ctx) -> None:
    got: list[TeamEvent] = []
    subscriptions = Subscriptions()
    subscriptions.subscribe(ActionCreated, got.append)

    def scoring_down(event: DebtScored) -> None:
        raise ConnectionError(f"tracker unreachable for {event.debt_id}")

    subscriptions.subscribe(DebtScored, scoring_down)
    with ctx.recording() as rec:
        rec.team(ActionCreated("t1", "a1", "r1"))
        rec.team(DebtScored("t1", "d1", ("impact",), False))
    policy = RetryPolicy(max_attempts=3, first_delay=60)
    worker = Worker(ctx, subscriptions.handlers(), policy=policy)
    report = worker.run_once()
    assert (report.done, report.retrying) == (1, 1)
    assert got == [ActionCreated("t1", "a1", "r1")]

    waits = []
    for _ in range(2):
        [row] = [r for r in outbox_rows(ctx) if r.done_at is None]
        waits.append((row.available_at - datetime.now(UTC)).total_seconds())
        with ctx.db.engine.begin() as conn:
            conn.execute(update(OutboxRow).values(available_at=datetime.now(UTC)))
        worker.run_once()
    # 60 s after the first failure, 120 s after the second, then given up on.
    assert 0 < waits[0] <= 60 < waits[1] <= 120
    [row] = [r for r in outbox_rows(ctx) if r.kind == "team.debt_scored"]
    assert row.failed_at is not None
    assert row.attempts == 3
    assert row.last_error == "ConnectionError: tracker unreachable for d1"
    assert worker.run_once().handled == 0


def _action_due(world: World, title: str, due_in_days: int, ctx: Ctx) -> str:
    """An open item whose due date is `due_in_days` from today (negative: in the past, as an
    item reaches when days go by)."""
    rid = str(world.retro["id"])
    later = (today() + timedelta(days=30)).isoformat()
    action_id = str(
        command(world.pm, rid, "create_action", title=title, due=later)["result"]["action_id"]
    )
    with ctx.db.engine.begin() as conn:
        conn.execute(
            update(ActionItemRow)
            .where(ActionItemRow.id == action_id)
            .values(due=today() + timedelta(days=due_in_days))
        )
    return action_id


def test_reminders_are_enqueued_once_by_racing_workers(
    world: World,
    ctx: Ctx,
    engines: list[Ctx],  # noqa: F811
) -> None:
    command(world.owner, str(world.retro["id"]), "set_phase", phase="discuss")
    due_today = _action_due(world, "Due today", 0, ctx)
    overdue = _action_due(world, "Due two days ago", -2, ctx)
    _action_due(world, "Due tomorrow", 1, ctx)
    _action_due(world, "Overdue for weeks", -20, ctx)
    done = _action_due(world, "Done already", 0, ctx)
    world.pm.ok("PATCH", f"/api/actions/{done}", json={"status": "done"})
    seen = {r.id for r in outbox_rows(ctx)}

    # Eight workers look at once, then look again: one row per reminder.
    at = datetime.now(UTC)
    counts: list[int] = []
    together([lambda e=e: counts.append(enqueue_due(e, at)) for e in engines])
    assert sum(counts) == 2
    assert enqueue_due(ctx, at) == 0
    # An hour later, or the last moment of the day when that is sooner: still the same day,
    # so nothing new falls due (after midnight tomorrow's item would, rightly).
    later = min(at + timedelta(hours=1), at.replace(hour=23, minute=59, second=59, microsecond=0))
    assert enqueue_due(ctx, later) == 0
    rows = _new_rows(ctx, seen)
    assert sorted((kind, p["action_id"], p["due"], team) for kind, p, team in rows) == sorted(
        [
            ("team.action_due", due_today, today().isoformat(), world.team_id),
            (
                "team.action_overdue",
                overdue,
                (today() - timedelta(days=2)).isoformat(),
                world.team_id,
            ),
        ]
    )
    # The next day the item due today has become overdue: one more row, once.
    tomorrow = at + timedelta(days=1)
    assert enqueue_due(ctx, tomorrow) + enqueue_due(ctx, tomorrow) >= 2
    kinds = [(kind, p["action_id"]) for kind, p, _ in _new_rows(ctx, seen)]
    assert ("team.action_overdue", due_today) in kinds
    assert len(kinds) == len(set(kinds))


def test_a_ritual_agenda_is_due_a_day_before_it_starts(world: World, ctx: Ctx) -> None:
    tid = world.team_id
    ritual = world.pm.ok(
        "POST", f"/api/teams/{tid}/rituals", 201, json={"kind": "pm_tech_lead_sync"}
    )
    starts = datetime.fromisoformat(ritual["next_start"])
    seen = {r.id for r in outbox_rows(ctx)}
    assert enqueue_due(ctx, starts - timedelta(hours=25)) == 0
    assert enqueue_due(ctx, starts - timedelta(hours=2)) == 1
    assert enqueue_due(ctx, starts - timedelta(hours=1)) == 0
    [(kind, payload, team)] = _new_rows(ctx, seen)
    assert (kind, team, payload["ritual_id"]) == ("team.ritual_agenda", tid, ritual["id"])
    assert datetime.fromisoformat(payload["starts_at"]) == starts


def test_a_board_command_refused_in_a_batch_takes_its_team_event_back(
    world: World, ctx: Ctx
) -> None:
    """A batch of board commands holds team events until `finish`, like its board events: one
    refused after recording leaves nothing behind, the one after it is written."""
    rid = str(world.retro["id"])
    before = {r.id for r in outbox_rows(ctx)}
    with ctx.recording(BoardWrites) as writes:
        writes.lock([rid])
        mark = writes.mark(rid)
        writes.team(ActionCreated(world.team_id, "refused", rid))
        writes.undo(mark)
        writes.team(ActionCreated(world.team_id, "kept", rid))
        assert {r.id for r in outbox_rows(ctx)} == before  # nothing written before finish
    added = [r.payload["action_id"] for r in outbox_rows(ctx) if r.id not in before]
    assert added == ["kept"]
