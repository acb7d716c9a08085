"""Trends across teams: several teams side by side, and the company view."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import AfterValidator

from twofold.api.deps import CtxDep, UserDep
from twofold.api.routes.trends import follow_view, sprint_figures, started_view
from twofold.api.schemas import team_comparison as tc
from twofold.domain.radar import DIMENSION_LABELS
from twofold.domain.text import no_nul
from twofold.domain.trends import Metric
from twofold.services import team_comparison
from twofold.services.team_comparison import COMPARED_MOST, CompanyView, ComparedTeam

router = APIRouter(prefix="/api/insights", tags=["insights"])


@router.get("/teams")
def get_compared_teams(
    user: UserDep,
    ctx: CtxDep,
    team: Annotated[
        list[str],
        AfterValidator(no_nul),
        Query(
            description=f"A team to compare; repeat for each (1 to {COMPARED_MOST}). Teams you "
            "belong to, or any team for the owner of the instance."
        ),
    ],
    last: Annotated[int, Query(description="How many of each team's latest closed retros.")] = 6,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> tc.TeamComparison:
    """Several teams' trends side by side, as figures only."""
    teams = team_comparison.compare_teams(ctx, user, team, last=last, start=start, end=end)
    return tc.TeamComparison(metrics=[m.value for m in Metric], teams=[_team(t) for t in teams])


@router.get("/company")
def get_company(
    user: UserDep,
    ctx: CtxDep,
    last: Annotated[int, Query(description="How many of each team's latest closed retros.")] = 6,
) -> tc.CompanyView:
    """Per team: follow-through, time on tech debt against the target, and radar gaps. Every
    team for the owner of the instance and engineering managers; your own teams otherwise."""
    return _company(team_comparison.company(ctx, user, last=last))


def _team(t: ComparedTeam) -> tc.ComparedTeam:
    return tc.ComparedTeam(
        team_id=t.team_id,
        name=t.name,
        member=t.member,
        sprints=[
            sprint_figures(s.ends, s.sprint_name, s.values, s.actions, s.radar, s.voice)
            for s in t.sprints
        ],
        follow_through=follow_view(t.follow_through),
        started=[started_view(s) for s in t.started],
    )


def _company(view: CompanyView) -> tc.CompanyView:
    return tc.CompanyView(
        debt_target=view.debt_target,
        teams=[
            tc.CompanyTeam(
                team_id=t.team_id,
                name=t.name,
                member=t.member,
                sprints=t.sprints,
                follow_through=follow_view(t.follow_through),
                debt_share=t.debt_share,
                debt_below_target=None if t.debt_share is None else t.debt_share < view.debt_target,
                radar_gaps=[
                    tc.RadarGap(dimension=d, label=DIMENSION_LABELS[d], gap=gap)
                    for d, gap in t.radar_gaps.items()
                ],
            )
            for t in view.teams
        ],
    )
