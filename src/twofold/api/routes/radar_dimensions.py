"""A team's own health-radar dimensions: read by its members, changed by its facilitators."""

from fastapi import APIRouter

from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas.radar import DimensionLabel, TeamDimensions, TeamDimensionView
from twofold.domain.radar_dimensions import TeamDimension
from twofold.services import radar_dimensions
from twofold.services.radar_dimensions import DimensionsPage

router = APIRouter(prefix="/api", tags=["teams"])


def _url(suffix: str = "") -> str:
    return "/teams/{team_id}/radar-dimensions" + suffix


@router.get(_url())
def get_dimensions(team_id: str, actor: ActorDep, ctx: CtxDep) -> TeamDimensions:
    return _page(radar_dimensions.get_dimensions(ctx, actor, team_id))


@router.post(_url(), status_code=201)
def add_dimension(team_id: str, body: DimensionLabel, user: UserDep, ctx: CtxDep) -> TeamDimensions:
    """Asked in the team's retros started from now on."""
    return _page(radar_dimensions.do_add(ctx, user, team_id, body.label))


@router.patch(_url("/{dimension_id}"))
def rename_dimension(
    team_id: str, dimension_id: str, body: DimensionLabel, user: UserDep, ctx: CtxDep
) -> TeamDimensions:
    """Past answers keep counting for it under the new label."""
    return _page(radar_dimensions.do_rename(ctx, user, team_id, dimension_id, body.label))


@router.delete(_url("/{dimension_id}"))
def retire_dimension(team_id: str, dimension_id: str, user: UserDep, ctx: CtxDep) -> TeamDimensions:
    """No longer asked in retros started from now on; the retros that asked it keep it."""
    return _page(radar_dimensions.do_retire(ctx, user, team_id, dimension_id))


def _view(d: TeamDimension) -> TeamDimensionView:
    return TeamDimensionView(id=d.id, label=d.label, added_at=d.added_at, retired_at=d.retired_at)


def _page(page: DimensionsPage) -> TeamDimensions:
    return TeamDimensions(
        team_id=page.team_id,
        in_use=[_view(d) for d in page.in_use],
        retired=[_view(d) for d in page.retired],
        limit=page.limit,
    )
