"""Trends across teams: several teams' sprints side by side, and a company view of every team's
follow-through, time on tech debt and radar gaps.

Who may see what (`access.check_may_compare`, `access.company_teams`):
- side by side: teams the person belongs to; the owner of the instance, any team;
- the company view: the owner and engineering managers see every team, anyone else their own.

Both views are figures only. A team the viewer is not in shows no card text, action or debt
title, retro title or sprint name, and what it started is given by kind and day alone. The
figures are counted by the database over all the teams at once (one query per measure), not
team by team, so a company of many teams costs the same few reads as one.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from twofold.domain import trends as rules
from twofold.domain.debt import DEBT_TARGET_PERCENT
from twofold.domain.entities import Team, User
from twofold.domain.equal_voice import EqualVoice
from twofold.domain.errors import Invalid, invalid_at
from twofold.domain.radar import Radar, widest_of
from twofold.domain.signals import SprintSignals
from twofold.domain.trends import FollowThrough, Metric, Started
from twofold.domain.vocab import Friction
from twofold.services import rollups
from twofold.services.access import TeamsInView, check_may_compare, company_teams
from twofold.services.context import Ctx
from twofold.services.trends import (
    SprintActions,
    actions_by_retro,
    check_period,
    sides_by_retro,
    started_in,
    values_of,
)
from twofold.store.database import Tx
from twofold.store.queries import trends as trend_q
from twofold.store.queries.trends import SprintRetro

COMPARED_MOST = 12
"""Teams set side by side at once: beyond this the page is a wall of charts, not a comparison."""


@dataclass(frozen=True)
class ComparedSprint:
    ends: date
    sprint_name: str | None
    """None for a team the viewer is not in."""
    values: dict[Metric, float | None]
    actions: SprintActions
    radar: Radar
    voice: EqualVoice


@dataclass(frozen=True)
class ComparedTeam:
    team_id: str
    name: str
    member: bool
    """Whether the viewer belongs to the team (and may read what it started by name)."""
    sprints: list[ComparedSprint]
    follow_through: FollowThrough
    started: list[Started]


@dataclass(frozen=True)
class CompanyTeam:
    team_id: str
    name: str
    member: bool
    sprints: int
    follow_through: FollowThrough
    debt_share: float | None
    """The mean share of capacity spent on tech debt over the sprints that recorded it."""
    radar_gaps: dict[Friction, float | None]
    """Per dimension, the widest product-minus-engineering gap of the period."""


@dataclass(frozen=True)
class CompanyView:
    debt_target: float
    teams: list[CompanyTeam]


@dataclass(frozen=True)
class _Measures:
    """What both views read for every retro of every team, each measure in one query."""

    sprints: dict[str, list[SprintRetro]]
    values: dict[str, dict[Metric, float | None]]
    actions: dict[str, SprintActions]

    @classmethod
    def read(
        cls, tx: Tx, team_ids: list[str], *, last: int, start: date | None, end: date | None
    ) -> "_Measures":
        sprints = trend_q.closed_retros_of(tx, team_ids, last=last, start=start, end=end)
        ids = [s.id for found in sprints.values() for s in found]
        signals = trend_q.signals_of(tx, ids)
        capacity = trend_q.capacity_of(tx, ids)
        return cls(
            sprints,
            {i: values_of(signals.get(i, SprintSignals()), capacity.get(i)) for i in ids},
            actions_by_retro(tx, ids),
        )

    @property
    def retro_ids(self) -> list[str]:
        return [s.id for found in self.sprints.values() for s in found]


def _follow_through(actions: Sequence[SprintActions]) -> FollowThrough:
    agreed = sum(a.agreed for a in actions)
    done = sum(a.done for a in actions)
    dropped = sum(a.dropped for a in actions)
    return FollowThrough(agreed, done, dropped, agreed - done - dropped)


def _figures(
    tx: Tx, view: TeamsInView, *, last: int, start: date | None, end: date | None
) -> list[ComparedTeam]:
    """Every team's sprints with their figures, each measure read once for all the teams."""
    team_ids = [t.id for t in view.teams]
    measures = _Measures.read(tx, team_ids, last=last, start=start, end=end)
    sprints = measures.sprints
    # Teams are compared on the five every team asks; a team's own dimensions, and their
    # labels, stay on its own pages.
    sides = sides_by_retro(tx, measures.retro_ids, own_dimensions=False)
    started = started_in(tx, team_ids, sprints)

    def figures(retro: SprintRetro) -> ComparedSprint:
        return ComparedSprint(
            retro.ends,
            retro.sprint_name,
            measures.values[retro.id],
            measures.actions[retro.id],
            *sides[retro.id],
        )

    return [
        _team(
            team,
            team.id in view.own,
            [figures(retro) for retro in sprints[team.id]],
            started[team.id],
        )
        for team in view.teams
    ]


def _team(
    team: Team, member: bool, sprints: list[ComparedSprint], started: list[Started]
) -> ComparedTeam:
    if not member:
        # Figures only: what the team named its sprints and rituals stays with the team.
        sprints = [replace(s, sprint_name=None) for s in sprints]
        started = [replace(s, title="") for s in started]
    return ComparedTeam(
        team_id=team.id,
        name=team.name,
        member=member,
        sprints=sprints,
        follow_through=_follow_through([s.actions for s in sprints]),
        started=started,
    )


def compare_teams(
    ctx: Ctx,
    user: User,
    team_ids: Sequence[str],
    *,
    last: int = 6,
    start: date | None = None,
    end: date | None = None,
) -> list[ComparedTeam]:
    """The teams' latest closed retros side by side, in the order asked."""
    check_period(last, start, end)
    if not team_ids:
        raise invalid_at("team", "Choose at least one team to compare.")
    if len(set(team_ids)) > COMPARED_MOST:
        raise Invalid(
            f"Compare at most {COMPARED_MOST} teams at once (got {len(set(team_ids))}).",
            code="too_many_teams",
            params={"most": COMPARED_MOST},
        )
    with ctx.db.read(consistent=True) as tx:
        view = check_may_compare(tx, user, team_ids)
        return _figures(tx, view, last=last, start=start, end=end)


def company(ctx: Ctx, user: User, *, last: int = 6) -> CompanyView:
    """Each team the viewer may see with three figures over its latest closed retros. Only
    what the three need is read, from each retro's rollup where it is current
    (`services.rollups`), so a company of many teams reads a row per retro rather than
    counting its items and answers on every view."""
    check_period(last, None, None)
    with ctx.db.read(consistent=True) as tx:
        view = company_teams(tx, user)
        sprints, counted = rollups.latest_figures(tx, [t.id for t in view.teams], last=last)

    def figures(team: Team) -> CompanyTeam:
        found = [counted[retro.id] for retro in sprints[team.id]]
        return CompanyTeam(
            team_id=team.id,
            name=team.name,
            member=team.id in view.own,
            sprints=len(found),
            follow_through=_follow_through([f.actions for f in found]),
            debt_share=rules.mean_known([f.debt_share for f in found]),
            radar_gaps=widest_of(f.radar_gaps for f in found),
        )

    return CompanyView(debt_target=DEBT_TARGET_PERCENT, teams=[figures(t) for t in view.teams])
