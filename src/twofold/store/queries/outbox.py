"""The outbox: work written with the change that calls for it, claimed by workers.

A claim is a conditional UPDATE that succeeds only while nobody holds the row, so of two
workers racing for one row exactly one gets it: PostgreSQL makes the second UPDATE wait for the
first's row lock and then re-checks its condition against the committed row; SQLite lets one
writer in at a time.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from twofold.domain.outbox import OutboxItem
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import OutboxRow


def _item(row: OutboxRow) -> OutboxItem:
    return OutboxItem(
        row.id,
        row.kind,
        dict(row.payload),
        row.attempts,
        row.created_at,
        row.available_at,
        row.done_at,
        row.failed_at,
        row.last_error,
        row.team_id,
        row.claimed_by,
        row.claim_expires_at,
    )


def insert(
    tx: Tx,
    kind: str,
    payload: dict[str, Any],
    available_at: datetime | None = None,
    *,
    team_id: str | None = None,
) -> str:
    at = now()
    row = OutboxRow(
        id=new_id(),
        kind=kind,
        payload=payload,
        created_at=at,
        available_at=available_at or at,
        attempts=0,
        team_id=team_id,
    )
    tx.add(row)
    tx.flush()
    return row.id


def insert_once(tx: Tx, kind: str, payload: dict[str, Any], team_id: str | None, key: str) -> bool:
    """Write the row unless one with `key` exists; False when it did. Two workers inserting
    the same key at once both succeed at the statement, and one row results: PostgreSQL makes
    the second wait for the first's commit, then skips; SQLite has one writer at a time."""
    at = now()
    values = {
        "id": new_id(),
        "kind": kind,
        "payload": payload,
        "created_at": at,
        "available_at": at,
        "attempts": 0,
        "team_id": team_id,
        "dedupe_key": key,
    }
    dialect = tx.get_bind().dialect.name
    insert_for = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_for(OutboxRow).values(values)
    skipped = statement.on_conflict_do_nothing(index_elements=["dedupe_key"])
    return tx.execute(skipped.returning(OutboxRow.id)).first() is not None


def keys_present(tx: Tx, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    if not wanted:
        return set()
    return set(tx.scalars(select(OutboxRow.dedupe_key).where(OutboxRow.dedupe_key.in_(wanted))))


def _claimable(at: datetime) -> ColumnElement[bool]:
    return and_(
        OutboxRow.done_at.is_(None),
        OutboxRow.failed_at.is_(None),
        OutboxRow.available_at <= at,
        or_(OutboxRow.claim_expires_at.is_(None), OutboxRow.claim_expires_at <= at),
    )


def due_ids(tx: Tx, kinds: Iterable[str], at: datetime, limit: int) -> list[str]:
    """Rows of these kinds that may be claimed now, oldest first. A worker asks only for the
    kinds it can handle, so a process of an older version leaves newer kinds alone."""
    return list(
        tx.scalars(
            select(OutboxRow.id)
            .where(OutboxRow.kind.in_(list(kinds)), _claimable(at))
            .order_by(OutboxRow.available_at, OutboxRow.id)
            .limit(limit)
        )
    )


def claim(tx: Tx, item_id: str, worker: str, at: datetime, lease: timedelta) -> OutboxItem | None:
    """Take the row for `worker` until `at + lease`, counting the attempt now: a worker that
    dies half-way has still used one."""
    result = tx.execute(
        update(OutboxRow)
        .where(OutboxRow.id == item_id, _claimable(at))
        .values(
            claimed_by=worker,
            claim_expires_at=at + lease,
            attempts=OutboxRow.attempts + 1,
        )
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    row = tx.get(OutboxRow, item_id, populate_existing=True)
    return _item(row) if row else None


def _mine(item_id: str, worker: str) -> ColumnElement[bool]:
    return and_(OutboxRow.id == item_id, OutboxRow.claimed_by == worker)


def finish(tx: Tx, item_id: str, worker: str, at: datetime, payload: dict[str, Any]) -> bool:
    result = tx.execute(
        update(OutboxRow)
        .where(_mine(item_id, worker))
        .values(
            done_at=at, claimed_by=None, claim_expires_at=None, last_error=None, payload=payload
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def release(tx: Tx, item_id: str, worker: str) -> bool:
    """Hand a claimed row back untried, giving back the attempt its claim counted."""
    result = tx.execute(
        update(OutboxRow)
        .where(_mine(item_id, worker))
        .values(claimed_by=None, claim_expires_at=None, attempts=OutboxRow.attempts - 1)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def retry_later(tx: Tx, item_id: str, worker: str, available_at: datetime, error: str) -> bool:
    result = tx.execute(
        update(OutboxRow)
        .where(_mine(item_id, worker))
        .values(available_at=available_at, claimed_by=None, claim_expires_at=None, last_error=error)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def give_up(
    tx: Tx, item_id: str, worker: str, at: datetime, error: str, payload: dict[str, Any]
) -> bool:
    result = tx.execute(
        update(OutboxRow)
        .where(_mine(item_id, worker))
        .values(
            failed_at=at, claimed_by=None, claim_expires_at=None, last_error=error, payload=payload
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def failed(tx: Tx, kind: str, limit: int) -> list[OutboxItem]:
    rows = tx.scalars(
        select(OutboxRow)
        .where(OutboxRow.kind == kind, OutboxRow.failed_at.is_not(None))
        .order_by(OutboxRow.failed_at.desc(), OutboxRow.id)
        .limit(limit)
    )
    return [_item(r) for r in rows]


def count_open(tx: Tx, kind: str | None = None) -> int:
    """Rows not yet done nor given up (waiting, being worked on or waiting to be retried)."""
    query = select(func.count()).where(OutboxRow.done_at.is_(None), OutboxRow.failed_at.is_(None))
    if kind is not None:
        query = query.where(OutboxRow.kind == kind)
    return tx.scalar(query) or 0


def count_failed(tx: Tx, kind: str | None = None) -> int:
    query = select(func.count()).where(OutboxRow.failed_at.is_not(None))
    if kind is not None:
        query = query.where(OutboxRow.kind == kind)
    return tx.scalar(query) or 0


def oldest_due(tx: Tx, at: datetime) -> datetime | None:
    """When the longest-waiting open row became due: how far behind the workers are."""
    query = select(func.min(OutboxRow.available_at)).where(
        OutboxRow.done_at.is_(None), OutboxRow.failed_at.is_(None), OutboxRow.available_at <= at
    )
    found: datetime | None = tx.scalar(query)
    return found


def purge(tx: Tx, done_before: datetime, failed_before: datetime) -> None:
    tx.execute(delete(OutboxRow).where(OutboxRow.done_at < done_before))
    tx.execute(delete(OutboxRow).where(OutboxRow.failed_at < failed_before))


def _of_team(query: Any, team_id: str | None) -> Any:
    return query if team_id is None else query.where(OutboxRow.team_id == team_id)


def unfinished(tx: Tx, team_id: str | None, *, failed: bool | None, limit: int) -> list[OutboxItem]:
    """Rows not done (of one team, or all): given up on first, newest first, then those still
    to do in the order they will be tried. `failed` narrows to one of the two."""
    query = _of_team(select(OutboxRow).where(OutboxRow.done_at.is_(None)), team_id)
    if failed is not None:
        query = query.where(
            OutboxRow.failed_at.is_not(None) if failed else OutboxRow.failed_at.is_(None)
        )
    rows = tx.scalars(
        query.order_by(
            OutboxRow.failed_at.is_(None),
            OutboxRow.failed_at.desc(),
            OutboxRow.available_at,
            OutboxRow.id,
        ).limit(limit)
    )
    return [_item(r) for r in rows]


def item_by_id(tx: Tx, item_id: str) -> OutboxItem | None:
    row = tx.get(OutboxRow, item_id)
    return _item(row) if row else None


def _retriable(at: datetime) -> ColumnElement[bool]:
    """Not done, and not in a worker's hands right now (that worker records the outcome)."""
    return and_(
        OutboxRow.done_at.is_(None),
        or_(OutboxRow.claim_expires_at.is_(None), OutboxRow.claim_expires_at <= at),
    )


def retry_now(
    tx: Tx, at: datetime, *, item_id: str | None = None, team_id: str | None = None
) -> int:
    """Make rows due at once with every attempt again: one row, or every row given up on
    (of one team, or all). The last error stays until the next try replaces or clears it."""
    query = update(OutboxRow).where(_retriable(at))
    if item_id is not None:
        query = query.where(OutboxRow.id == item_id)
    else:
        query = query.where(OutboxRow.failed_at.is_not(None))
    if team_id is not None:
        query = query.where(OutboxRow.team_id == team_id)
    result = tx.execute(
        query.values(
            failed_at=None, attempts=0, available_at=at, claimed_by=None, claim_expires_at=None
        )
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def counts_by_kind(tx: Tx, team_id: str | None) -> dict[str, tuple[int, int]]:
    """(still to do, given up on) per kind, for kinds with any."""
    pending = func.sum(case((OutboxRow.failed_at.is_(None), 1), else_=0))
    failed = func.sum(case((OutboxRow.failed_at.is_not(None), 1), else_=0))
    query = _of_team(
        select(OutboxRow.kind, pending, failed).where(OutboxRow.done_at.is_(None)), team_id
    )
    rows = tx.execute(query.group_by(OutboxRow.kind).order_by(OutboxRow.kind))
    return {kind: (int(p or 0), int(f or 0)) for kind, p, f in rows}


def of_kind_since(tx: Tx, kind: str, team_ids: Iterable[str], since: datetime) -> list[OutboxItem]:
    """Rows of a kind for these teams written since `since`, oldest first, whatever their
    state: a service tells from them how the latest attempt at its work went."""
    wanted = list(team_ids)
    if not wanted:
        return []
    rows = tx.scalars(
        select(OutboxRow)
        .where(
            OutboxRow.kind == kind,
            OutboxRow.team_id.in_(wanted),
            OutboxRow.created_at >= since,
        )
        .order_by(OutboxRow.created_at, OutboxRow.id)
    )
    return [_item(r) for r in rows]
