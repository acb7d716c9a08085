"""The company view's per-retro rollups, on both databases: after every kind of change the view
shows what counting each retro from its rows shows (the side-by-side view, which reads no
rollup, is the yardstick), whether the worker has caught up or not; a changed retro's rollup
is not read until the worker has counted it again; a recount that saw less than the latest
change is never read; and the worker's sweep rolls up what no queued recount covers."""

from dataclasses import dataclass

from fastapi import FastAPI
from sqlalchemy import delete, select

from tests.conftest import Client, command, signup, user_id
from tests.integration.test_demo import sign_in
from twofold.domain.entities import User
from twofold.domain.radar import widest_gaps
from twofold.domain.trends import FollowThrough, Metric, mean_known
from twofold.domain.vocab import Friction, Role
from twofold.services import rollups
from twofold.services.context import Ctx
from twofold.services.demo import PEOPLE, load_demo
from twofold.services.team_comparison import company, compare_teams
from twofold.store.queries import radar as radar_q
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries import users as user_q
from twofold.store.tables import ActionItemRow, RetroRollupRow
from twofold.worker.rollups import rollup_handler
from twofold.worker.runner import Worker

LAST = 6


@dataclass(frozen=True)
class Shown:
    sprints: int
    follow_through: FollowThrough
    debt_share: float | None
    radar_gaps: dict[Friction, float | None]


@dataclass
class Setting:
    ctx: Ctx
    user: User
    team_id: str
    worker: Worker

    def shown(self) -> Shown:
        """The company view's figures for the team, as its route gives them."""
        [row] = [
            t for t in company(self.ctx, self.user, last=LAST).teams if t.team_id == self.team_id
        ]
        return Shown(row.sprints, row.follow_through, row.debt_share, row.radar_gaps)

    def counted_live(self) -> Shown:
        """The same figures from the side-by-side view, which counts every retro from its rows."""
        [team] = compare_teams(self.ctx, self.user, [self.team_id], last=LAST)
        return Shown(
            len(team.sprints),
            team.follow_through,
            mean_known([s.values[Metric.DEBT_SHARE] for s in team.sprints]),
            widest_gaps(s.radar for s in team.sprints),
        )

    def rolled_up(self) -> set[str]:
        """The team's latest closed retros whose rollup is read (current at their version)."""
        with self.ctx.db.read() as tx:
            return set(rollup_q.latest_with_rollups(tx, [self.team_id], last=LAST)[1])

    def latest(self) -> list[str]:
        with self.ctx.db.read() as tx:
            found = rollup_q.latest_with_rollups(tx, [self.team_id], last=LAST)[0]
        return [s.id for s in found[self.team_id]]

    def catch_up(self) -> int:
        handled = 0
        while done := self.worker.run_once().handled:
            handled += done
        return handled

    def check(self) -> Shown:
        """The view agrees with counting live, before the worker runs and after."""
        before = self.shown()
        assert before == self.counted_live()
        self.catch_up()
        assert self.rolled_up() == set(self.latest())
        assert self.shown() == before
        return before


def test_rollups_show_what_counting_live_shows(app: FastAPI, ctx: Ctx) -> None:
    signup(app, "boss@example.com", "Bea Boss")  # the first account owns the instance
    demo = load_demo(ctx)
    priya = sign_in(app, PEOPLE[0][0])
    with ctx.db.read() as tx:
        user = user_q.user_by_id(tx, user_id(priya))
    assert user is not None
    worker = Worker(ctx, {rollups.ROLLUP_KIND: rollup_handler(ctx)}, name="rollups")
    s = Setting(ctx, user, demo.team_id, worker)
    closed = s.latest()
    assert len(closed) == 3

    # The worker has not run: nothing is rolled up, and the view counts every retro itself.
    assert s.rolled_up() == set()
    first = s.check()
    # The demo gives the view something to get wrong.
    assert first.follow_through.agreed > 0
    assert first.debt_share is not None
    assert any(gap is not None for gap in first.radar_gaps.values())
    # Caught up, the worker has nothing queued, and the view reads only rollups.
    assert s.catch_up() == 0

    newest = closed[-1]
    # An action item done: that retro's rollup stops being read until it is counted again.
    with ctx.db.read() as tx:
        action_id = tx.scalar(
            select(ActionItemRow.id).where(
                ActionItemRow.retro_id == newest, ActionItemRow.status != "done"
            )
        )
    assert action_id is not None
    priya.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    assert s.rolled_up() == set(closed) - {newest}
    done = s.check()
    assert done.follow_through.done == first.follow_through.done + 1

    # Signals recorded after the retro closed move the debt share.
    priya.ok("PUT", f"/api/retros/{newest}/signals", json={"tech_debt_share": 90})
    assert newest not in s.rolled_up()
    assert s.check().debt_share != done.debt_share

    # A radar answer: the retro reopened for its check-in, answered, closed again.
    command(priya, newest, "set_phase", phase="check_in")
    scores = dict.fromkeys((d.value for d in Friction), 5)
    priya.ok("PUT", f"/api/retros/{newest}/radar/mine", json={"scores": scores})
    command(priya, newest, "set_phase", phase="closed")
    assert newest not in s.rolled_up()
    answered = s.check()

    # The team groups its roles anew: every retro's radar may move, so none is read.
    priya.ok(
        "PUT",
        f"/api/teams/{demo.team_id}/sides",
        json={
            "sides": {
                "pm": "product",
                "design": "product",
                "qa": "product",
                "eng": "engineering",
                "tech_lead": "engineering",
                "em": "apart",
            }
        },
    )
    assert s.rolled_up() == set()
    assert s.check().radar_gaps != answered.radar_gaps

    # A new retro with a card closes: counted live until the worker rolls it up.
    new = _closed_retro_with_a_card(priya, demo.team_id)
    assert new in s.latest()
    assert new not in s.rolled_up()
    assert s.check().sprints == 4


def _closed_retro_with_a_card(c: Client, team_id: str) -> str:
    retro = c.ok("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "Late retro"})
    rid = str(retro["id"])
    command(c, rid, "set_phase", phase="reflect")
    column = retro["columns"][0]["id"]
    command(c, rid, "add_card", column_id=column, text="Deploys were calm", friction="tech_debt")
    command(c, rid, "set_phase", phase="closed")
    return rid


def test_a_recount_that_saw_less_is_never_read(app: FastAPI, ctx: Ctx) -> None:
    """A recount read before a change and written after it (the worker raced the change)
    holds the figures from before: it is kept, but not read, and the next recount replaces it.
    And the sweep rolls up closed retros no queued recount covers (rollups lost, or retros
    from before rollups)."""
    signup(app, "boss@example.com", "Bea Boss")
    demo = load_demo(ctx)
    priya = sign_in(app, PEOPLE[0][0])
    with ctx.db.read() as tx:
        user = user_q.user_by_id(tx, user_id(priya))
    assert user is not None
    s = Setting(ctx, user, demo.team_id, Worker(ctx, {rollups.ROLLUP_KIND: rollup_handler(ctx)}))
    s.catch_up()
    newest = s.latest()[-1]

    with ctx.db.read(consistent=True) as tx:
        versions = rollup_q.closed_versions(tx, [newest])
        stale = rollups.count_live(tx, [newest])[newest]
    with ctx.db.write() as tx:
        # An engineer's answer, written where the radar service writes it.
        radar_q.replace_answers(tx, newest, "late-answer", Role.ENG, {Friction.TECH_DEBT: 1})
    with ctx.db.write() as tx:
        rollup_q.save(tx, {newest: (versions[newest], rollups.to_rollup(stale))})
    assert newest not in s.rolled_up()
    with ctx.db.read() as tx:
        assert rollups.count_live(tx, [newest])[newest] != stale
    s.check()

    # Every rollup lost: the view still counts right, and the sweep rolls them all up again.
    with ctx.db.write() as tx:
        tx.execute(delete(RetroRollupRow))
    assert s.rolled_up() == set()
    assert s.shown() == s.counted_live()
    assert rollups.do_sweep(ctx) == len(s.latest())
    assert s.rolled_up() == set(s.latest())
    assert rollups.do_sweep(ctx) == 0
    assert s.shown() == s.counted_live()
