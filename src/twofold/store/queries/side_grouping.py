"""A team's grouping of roles into sides, as stored on the team (None: the default)."""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select, update

from twofold.store.database import Tx
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries.id_lists import among
from twofold.store.tables import RetroRow, TeamRow


def grouping_of(tx: Tx, team_id: str) -> dict[str, Any] | None:
    return tx.execute(
        select(TeamRow.side_grouping).where(TeamRow.id == team_id)
    ).scalar_one_or_none()


def groupings_by_retro(tx: Tx, retro_ids: Sequence[str]) -> dict[str, dict[str, Any] | None]:
    """Each retro's team's stored grouping, in one query whatever teams the retros are in."""
    if not retro_ids:
        return {}
    rows = tx.execute(
        select(RetroRow.id, TeamRow.side_grouping)
        .join(TeamRow, TeamRow.id == RetroRow.team_id)
        .where(among(tx, RetroRow.id, retro_ids))
    )
    return {str(retro_id): stored for retro_id, stored in rows}


def save_grouping(tx: Tx, team_id: str, grouping: Mapping[str, str] | None) -> None:
    tx.execute(
        update(TeamRow)
        .where(TeamRow.id == team_id)
        .values(side_grouping=None if grouping is None else dict(grouping))
    )
    # The radar folds roles into the team's sides: every retro's gaps may move.
    rollup_q.team_changed(tx, team_id)
