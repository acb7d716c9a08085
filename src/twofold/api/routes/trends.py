"""A team's trends across sprints."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from twofold.api.deps import CtxDep, UserDep
from twofold.api.routes.radar import radar_dimensions
from twofold.api.routes.summary import voice_view
from twofold.api.schemas.signals import ThresholdValues
from twofold.api.schemas.situations import gap_view
from twofold.api.schemas.trends import (
    ChangeView,
    FollowThroughView,
    FrictionCount,
    OpenActionView,
    SprintFigures,
    SprintGaps,
    StartedView,
    TeamTrendsView,
    TrendGaps,
    TrendSprint,
    WaitingDebtView,
)
from twofold.domain.equal_voice import EqualVoice
from twofold.domain.radar import Radar
from twofold.domain.trend_words import sentence
from twofold.domain.trends import FollowThrough, Metric, Started
from twofold.services import trends
from twofold.services.situations import GAPS_MAX
from twofold.services.trends import SprintActions, TeamTrends

router = APIRouter(prefix="/api", tags=["insights"])


@router.get("/teams/{team_id}/trends")
def get_trends(
    team_id: str,
    user: UserDep,
    ctx: CtxDep,
    last: Annotated[int, Query(description="How many of the latest closed retros.")] = 6,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> TeamTrendsView:
    """Every figure of the team's trends page over its latest closed retros (members only)."""
    return _view(trends.team_trends(ctx, user, team_id, last=last, start=start, end=end))


@router.get("/teams/{team_id}/trends/perception-gaps")
def get_trend_gaps(
    team_id: str,
    user: UserDep,
    ctx: CtxDep,
    last: Annotated[int, Query(description="How many of the latest closed retros.")] = 6,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> TrendGaps:
    """Perception gaps per sprint over the trends' period (members only); asked apart from the
    trends, since each retro's cards are compared with each other."""
    found = trends.team_gaps(ctx, user, team_id, last=last, start=start, end=end)
    return TrendGaps(
        sprints=[
            SprintGaps(
                retro_id=s.id,
                ends=s.ends,
                sprint_name=s.sprint_name,
                perception_gaps=None if gaps is None else len(gaps),
                gaps=[gap_view(g) for g in (gaps or [])[:GAPS_MAX]],
            )
            for s, gaps in found
        ]
    )


def sprint_figures(
    ends: date,
    sprint_name: str | None,
    values: dict[Metric, float | None],
    actions: SprintActions,
    radar: Radar,
    voice: EqualVoice,
) -> SprintFigures:
    return SprintFigures(
        ends=ends,
        sprint_name=sprint_name,
        values={m.value: v for m, v in values.items()},
        actions_agreed=actions.agreed,
        actions_done=actions.done,
        actions_dropped=actions.dropped,
        actions_open=actions.still_open,
        actions_carried=actions.carried,
        radar=radar_dimensions(radar),
        equal_voice=voice_view(voice),
    )


def follow_view(f: FollowThrough) -> FollowThroughView:
    return FollowThroughView(
        agreed=f.agreed, done=f.done, dropped=f.dropped, still_open=f.still_open, rate=f.rate
    )


def started_view(s: Started) -> StartedView:
    return StartedView(on=s.on, kind=s.kind, title=s.title)


def _view(t: TeamTrends) -> TeamTrendsView:
    return TeamTrendsView(
        team_id=t.team_id,
        metrics=[m.value for m in Metric],
        sprints=[
            TrendSprint(
                **dict(
                    sprint_figures(
                        s.retro.ends, s.retro.sprint_name, s.values, s.actions, s.radar, s.voice
                    )
                ),
                retro_id=s.retro.id,
                title=s.retro.title,
                debt_opened=s.debt_opened,
                debt_closed=s.debt_closed,
            )
            for s in t.sprints
        ],
        thresholds=ThresholdValues.model_validate(t.thresholds.model_dump()),
        friction=[
            FrictionCount(retro_id=r, friction=f, role=role, cards=n)
            for r, f, role, n in t.friction
        ],
        follow_through=follow_view(t.follow_through),
        follow_through_by_category={k: follow_view(v) for k, v in t.by_category.items()},
        median_days_to_done=t.median_days_to_done,
        oldest_open=[
            OpenActionView(
                id=a.id, title=a.title, category=a.category, created=a.created, due=a.due
            )
            for a in t.oldest_open
        ],
        top_debt=[
            WaitingDebtView(
                id=d.id, title=d.title, priority=d.priority, waiting_days=d.waiting_days
            )
            for d in t.top_debt
        ],
        started=[started_view(s) for s in t.started],
        changes=[
            ChangeView(
                metric=c.metric.value,
                before=c.before,
                after=c.after,
                direction=c.direction.value,
                improved=c.improved,
                since=started_view(c.since) if c.since else None,
                sentence=sentence(c),
            )
            for c in t.changes
        ],
    )
