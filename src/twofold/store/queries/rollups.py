"""Per-retro rollups of what the company view counts, and the version that keeps them honest.

Each change to what a rollup counts raises its retro's `figures_version` in the change's own
transaction (`changed`, `team_changed`; the writes of action items, signals, capacity, radar
answers and a team's sides call them), and, for a closed retro, queues the recount for the
worker in the same transaction. A rollup is read only at the version it was counted at
(`latest_with_rollups`), so one the worker has not caught up with yet is never shown: the
caller counts that retro from its rows instead.

A change to how the figures are counted (the rules, not the rows) leaves every rollup
counted by the old rules: such a change must come with a migration that empties the table.
"""

from collections.abc import Collection, Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import and_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from twofold.domain.vocab import Friction
from twofold.store.database import Tx
from twofold.store.queries import outbox as outbox_q
from twofold.store.queries import trends as trend_q
from twofold.store.queries.id_lists import among
from twofold.store.queries.trends import Joined, SprintRetro
from twofold.store.tables import RetroRollupRow, RetroRow

ROLLUP_KIND = "retro_rollup"
"""The worker's job of recounting a retro's rollup (payload `retro_id`), or those of every
closed retro of a team (payload `team_id`)."""
CLOSED = "closed"


class Rollup(NamedTuple):
    """A retro's rollup (a tuple: the company view builds 1,200 of them a call)."""

    agreed: int
    done: int
    dropped: int
    still_open: int
    carried: int
    debt_share: float | None
    radar_gaps: tuple[float | None, ...]
    """The gap per dimension, in the order of `Friction`; None where the radar showed none."""


GAPS = tuple(f"gap_{dimension.value}" for dimension in Friction)
"""The columns of `radar_gaps`, in the same order."""


def changed(tx: Tx, retro_id: str | None) -> None:
    """What the retro's rollup counts has changed (or is about to, in this transaction)."""
    if retro_id is None:
        return
    phase = tx.execute(
        update(RetroRow)
        .where(RetroRow.id == retro_id)
        .values(figures_version=RetroRow.figures_version + 1)
        .returning(RetroRow.phase)
    ).scalar_one_or_none()
    # An open retro is rolled up when it closes; until then nothing reads its rollup.
    if phase == CLOSED:
        outbox_q.insert(tx, ROLLUP_KIND, {"retro_id": retro_id})


def team_changed(tx: Tx, team_id: str) -> None:
    """What every retro of the team counts has changed (its sides, which the radar follows)."""
    tx.execute(
        update(RetroRow)
        .where(RetroRow.team_id == team_id)
        .values(figures_version=RetroRow.figures_version + 1)
    )
    outbox_q.insert(tx, ROLLUP_KIND, {"team_id": team_id})


def closed(tx: Tx, retro_id: str) -> None:
    """The retro has just closed: queue its rollup."""
    outbox_q.insert(tx, ROLLUP_KIND, {"retro_id": retro_id})


def latest_with_rollups(
    tx: Tx, team_ids: Sequence[str], *, last: int
) -> tuple[dict[str, list[SprintRetro]], dict[str, Rollup]]:
    """Each team's latest closed retros (`trends.closed_retros_of`) and, read with them, the
    rollup of each that was counted at its present version; a retro with none, or with one
    counted before its latest change, has no entry."""
    r = RetroRollupRow
    joined = Joined(
        r,
        and_(r.retro_id == RetroRow.id, r.version == RetroRow.figures_version),
        (
            r.version,
            r.agreed,
            r.done,
            r.dropped,
            r.still_open,
            r.carried,
            r.debt_share,
            *(getattr(r, name) for name in GAPS),
        ),
    )
    sprints, found = trend_q.latest_closed(tx, team_ids, last=last, joined=joined)
    rollups = {
        retro_id: Rollup._make((*columns[1:7], columns[7:]))
        for retro_id, columns in found.items()
        if columns[0] is not None
    }
    return sprints, rollups


def closed_versions(tx: Tx, retro_ids: Collection[str]) -> dict[str, int]:
    """The present version of each of these retros that is closed."""
    if not retro_ids:
        return {}
    rows = tx.execute(
        select(RetroRow.id, RetroRow.figures_version).where(
            among(tx, RetroRow.id, retro_ids), RetroRow.phase == CLOSED
        )
    )
    return {str(retro_id): int(version) for retro_id, version in rows}


def closed_of_team(tx: Tx, team_id: str) -> list[str]:
    return list(
        tx.scalars(select(RetroRow.id).where(RetroRow.team_id == team_id, RetroRow.phase == CLOSED))
    )


def not_current(tx: Tx, limit: int) -> list[str]:
    """Closed retros with no rollup at their present version, at most `limit`."""
    rows = tx.scalars(
        select(RetroRow.id)
        .outerjoin(RetroRollupRow, RetroRollupRow.retro_id == RetroRow.id)
        .where(
            RetroRow.phase == CLOSED,
            (RetroRollupRow.version.is_(None))
            | (RetroRollupRow.version != RetroRow.figures_version),
        )
        .limit(limit)
    )
    return list(rows)


def save(tx: Tx, counted: Mapping[str, tuple[int, Rollup]]) -> None:
    """Write each retro's rollup counted at a version. A rollup already counted at a later
    version is kept: the recount that wrote it saw more."""
    if not counted:
        return
    values: list[dict[str, Any]] = [
        {
            "retro_id": retro_id,
            "version": version,
            "agreed": rollup.agreed,
            "done": rollup.done,
            "dropped": rollup.dropped,
            "still_open": rollup.still_open,
            "carried": rollup.carried,
            "debt_share": rollup.debt_share,
            **dict(zip(GAPS, rollup.radar_gaps, strict=True)),
        }
        for retro_id, (version, rollup) in counted.items()
    ]
    insert_for = postgresql.insert if tx.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = insert_for(RetroRollupRow)
    newer = statement.excluded
    tx.execute(
        statement.on_conflict_do_update(
            index_elements=[RetroRollupRow.retro_id],
            set_={name: newer[name] for name in values[0] if name != "retro_id"},
            where=RetroRollupRow.version <= newer.version,
        ),
        values,
    )
