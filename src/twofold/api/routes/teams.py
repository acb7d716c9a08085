"""Teams and their members."""

from fastapi import APIRouter, status

from twofold.api import present
from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas.teams import MemberUpdate, Team, TeamCreate, TeamSummary, TeamUpdate
from twofold.services import teams

router = APIRouter(prefix="/api/teams", tags=["teams"])


@router.get("")
def list_teams(user: UserDep, ctx: CtxDep) -> list[TeamSummary]:
    return [present.team_summary(s) for s in teams.list_teams(ctx, user)]


@router.post("", status_code=status.HTTP_201_CREATED)
def create_team(body: TeamCreate, user: UserDep, ctx: CtxDep) -> Team:
    return present.team(teams.do_create_team(ctx, user, body.name, body.role, body.language))


@router.get("/{team_id}")
def get_team(team_id: str, user: UserDep, ctx: CtxDep) -> Team:
    return present.team(teams.get_team(ctx, user, team_id))


@router.patch("/{team_id}")
def update_team(team_id: str, body: TeamUpdate, user: UserDep, ctx: CtxDep) -> Team:
    """Rename the team or set its language (facilitators)."""
    return present.team(teams.do_update_team(ctx, user, team_id, body.name, body.language))


@router.patch("/{team_id}/members/{user_id}")
def update_member(
    team_id: str, user_id: str, body: MemberUpdate, user: UserDep, ctx: CtxDep
) -> Team:
    page = teams.do_update_member(ctx, user, team_id, user_id, body.role, body.is_facilitator)
    return present.team(page)


@router.delete("/{team_id}/members/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(team_id: str, user_id: str, user: UserDep, ctx: CtxDep) -> None:
    teams.do_remove_member(ctx, user, team_id, user_id)
