"""A team's own health-radar dimensions, and which of them each retro asks."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update

from twofold.domain.radar_dimensions import TeamDimension
from twofold.store.database import Tx
from twofold.store.queries.id_lists import among
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import RetroRow, TeamRadarDimensionRow

_T = TeamRadarDimensionRow


def _dimension(row: TeamRadarDimensionRow) -> TeamDimension:
    return TeamDimension(row.id, row.team_id, row.label, row.added_at, row.retired_at)


def of_team(tx: Tx, team_id: str) -> list[TeamDimension]:
    """Every dimension the team has defined, retired ones too, in the order they were added."""
    rows = tx.scalars(select(_T).where(_T.team_id == team_id).order_by(_T.added_at, _T.id))
    return [_dimension(row) for row in rows]


def add(tx: Tx, team_id: str, label: str, user_id: str) -> TeamDimension:
    row = _T(id=new_id(), team_id=team_id, label=label, added_at=now(), added_by=user_id)
    tx.add(row)
    tx.flush()
    return _dimension(row)


def rename(tx: Tx, dimension_id: str, label: str) -> None:
    tx.execute(update(_T).where(_T.id == dimension_id).values(label=label))


def retire(tx: Tx, dimension_id: str) -> None:
    tx.execute(update(_T).where(_T.id == dimension_id).values(retired_at=now()))


def by_retro(tx: Tx, retro_ids: Sequence[str]) -> dict[str, tuple[datetime, list[TeamDimension]]]:
    """Each retro's start and every dimension its team has defined, in two queries whatever
    teams the retros are in; a retro not found is left out."""
    if not retro_ids:
        return {}
    retros = tx.execute(
        select(RetroRow.id, RetroRow.team_id, RetroRow.created_at).where(
            among(tx, RetroRow.id, retro_ids)
        )
    ).all()
    team_ids = sorted({team_id for _, team_id, _ in retros})
    rows = tx.scalars(
        select(_T).where(among(tx, _T.team_id, team_ids)).order_by(_T.added_at, _T.id)
    )
    dimensions: dict[str, list[TeamDimension]] = {team_id: [] for team_id in team_ids}
    for row in rows:
        dimensions[row.team_id].append(_dimension(row))
    return {
        str(retro_id): (created_at, dimensions[team_id]) for retro_id, team_id, created_at in retros
    }
