"""A team's grouping of roles into product, engineering and apart."""

from fastapi import APIRouter

from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas.side_grouping import SidesUpdate, TeamSides
from twofold.services import side_grouping
from twofold.services.side_grouping import SidesPage

router = APIRouter(prefix="/api", tags=["teams"])


@router.get("/teams/{team_id}/sides")
def get_sides(team_id: str, user: UserDep, ctx: CtxDep) -> TeamSides:
    return _sides(side_grouping.get_sides(ctx, user, team_id))


@router.put("/teams/{team_id}/sides")
def put_sides(team_id: str, body: SidesUpdate, user: UserDep, ctx: CtxDep) -> TeamSides:
    return _sides(side_grouping.do_put_sides(ctx, user, team_id, body.sides))


def _sides(page: SidesPage) -> TeamSides:
    return TeamSides(team_id=page.team_id, sides=page.sides, customised=page.customised)
