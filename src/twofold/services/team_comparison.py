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

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from twofold.domain import trends as rules
from twofold.domain.debt import DEBT_TARGET_PERCENT
from twofold.domain.entities import Team, User
from twofold.domain.equal_voice import EqualVoice
from twofold.domain.errors import Invalid, invalid_at
from twofold.domain.radar import Radar, widest_gaps
from twofold.domain.signals import SprintSignals
from twofold.domain.trends import FollowThrough, Metric, Started
from twofold.domain.vocab import Friction
from twofold.services.access import TeamsInView, check_may_compare, company_teams
from twofold.services.context import Ctx
from twofold.services.trends import (
    SprintActions,
    check_period,
    sides_by_retro,
    sprint_actions,
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


def _figures(
    tx: Tx, view: TeamsInView, *, last: int, start: date | None, end: date | None
) -> list[ComparedTeam]:
    """Every team's sprints with their figures, each measure read once for all the teams."""
    team_ids = [t.id for t in view.teams]
    sprints = trend_q.closed_retros_of(tx, team_ids, last=last, start=start, end=end)
    ids = [s.id for found in sprints.values() for s in found]
    signals = trend_q.signals_of(tx, ids)
    capacity = trend_q.capacity_of(tx, ids)
    by_status: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for retro_id, _category, status, count, carried in trend_q.action_counts(tx, ids):
        by_status[retro_id][status] += count
        by_status[retro_id]["carried"] += carried
    sides = sides_by_retro(tx, ids)
    started = started_in(tx, team_ids, sprints)

    def figures(retro: SprintRetro) -> ComparedSprint:
        return ComparedSprint(
            retro.ends,
            retro.sprint_name,
            values_of(signals.get(retro.id, SprintSignals()), capacity.get(retro.id)),
            sprint_actions(by_status[retro.id]),
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
    agreed = sum(s.actions.agreed for s in sprints)
    done = sum(s.actions.done for s in sprints)
    dropped = sum(s.actions.dropped for s in sprints)
    if not member:
        # Figures only: what the team named its sprints and rituals stays with the team.
        sprints = [replace(s, sprint_name=None) for s in sprints]
        started = [replace(s, title="") for s in started]
    return ComparedTeam(
        team_id=team.id,
        name=team.name,
        member=member,
        sprints=sprints,
        follow_through=FollowThrough(agreed, done, dropped, agreed - done - dropped),
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
    """Each team the viewer may see with three figures over its latest closed retros."""
    check_period(last, None, None)
    with ctx.db.read(consistent=True) as tx:
        view = company_teams(tx, user)
        teams = _figures(tx, view, last=last, start=None, end=None)
    return CompanyView(
        debt_target=DEBT_TARGET_PERCENT,
        teams=[
            CompanyTeam(
                team_id=t.team_id,
                name=t.name,
                member=t.member,
                sprints=len(t.sprints),
                follow_through=t.follow_through,
                debt_share=rules.mean_known([s.values[Metric.DEBT_SHARE] for s in t.sprints]),
                radar_gaps=widest_gaps(s.radar for s in t.sprints),
            )
            for t in teams
        ],
    )
