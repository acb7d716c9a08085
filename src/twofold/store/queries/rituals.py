"""A team's rituals, and the retro whose signal flags go on their agendas."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update

from twofold.domain.rituals import Recurrence, Ritual, RitualKind, read_recurrence
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import RetroRow, RitualRow, SprintSignalsRow


@dataclass(frozen=True)
class RitualRecord:
    """A stored ritual. `ritual` is None when its stored schedule cannot be read any more
    (`unreadable` says why): the ritual is still listed, and can be edited or deleted."""

    id: str
    team_id: str
    kind: RitualKind
    title: str
    ritual: Ritual | None
    unreadable: str | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


def _record(row: RitualRow) -> RitualRecord:
    kind = RitualKind(row.kind)
    recurrence = read_recurrence(row.recurrence)
    ritual: Ritual | None = None
    unreadable = recurrence if isinstance(recurrence, str) else None
    if isinstance(recurrence, Recurrence):
        ritual = Ritual.model_construct(
            id=row.id, team_id=row.team_id, kind=kind, title=row.title, recurrence=recurrence
        )
    return RitualRecord(
        row.id,
        row.team_id,
        kind,
        row.title,
        ritual,
        unreadable,
        row.created_by,
        row.created_at,
        row.updated_at,
    )


def _stored(recurrence: Recurrence) -> dict[str, object]:
    return recurrence.model_dump(mode="json")


def insert_ritual(
    tx: Tx, team_id: str, kind: RitualKind, title: str, recurrence: Recurrence, created_by: str
) -> RitualRecord:
    at = now()
    row = RitualRow(
        id=new_id(),
        team_id=team_id,
        kind=kind.value,
        title=title,
        recurrence=_stored(recurrence),
        created_by=created_by,
        created_at=at,
        updated_at=at,
    )
    tx.add(row)
    tx.flush()
    return _record(row)


def ritual_by_id(tx: Tx, ritual_id: str) -> RitualRecord | None:
    row = tx.get(RitualRow, ritual_id)
    return _record(row) if row else None


def rituals_of_team(tx: Tx, team_id: str) -> list[RitualRecord]:
    rows = tx.scalars(
        select(RitualRow)
        .where(RitualRow.team_id == team_id)
        .order_by(RitualRow.created_at, RitualRow.id)
    )
    return [_record(r) for r in rows]


def update_ritual(
    tx: Tx, ritual_id: str, kind: RitualKind, title: str, recurrence: Recurrence
) -> RitualRecord:
    tx.execute(
        update(RitualRow)
        .where(RitualRow.id == ritual_id)
        .values(kind=kind.value, title=title, recurrence=_stored(recurrence), updated_at=now())
    )
    record = ritual_by_id(tx, ritual_id)
    assert record is not None
    return record


def delete_ritual(tx: Tx, ritual_id: str) -> None:
    tx.execute(delete(RitualRow).where(RitualRow.id == ritual_id))


def latest_retros_with_signals(tx: Tx, team_id: str, limit: int = 2) -> list[tuple[str, str]]:
    """(id, title) of the team's newest retros whose sprint signals were recorded, newest
    first: a retro opened for the next sprint has none yet, and the last ones recorded are
    still news."""
    rows = tx.execute(
        select(RetroRow.id, RetroRow.title)
        .join(SprintSignalsRow, SprintSignalsRow.retro_id == RetroRow.id)
        .where(RetroRow.team_id == team_id)
        .order_by(RetroRow.created_at.desc(), RetroRow.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in rows]


def all_rituals(tx: Tx) -> list[RitualRecord]:
    """Every team's rituals, for the worker's scheduler."""
    rows = tx.scalars(select(RitualRow).order_by(RitualRow.id))
    return [_record(r) for r in rows]
