"""The audit log: appending, reading a page of it by filters, and forgetting old events."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, or_, select, update

from twofold.domain.audit import AuditEvent, AuditFilter, AuditKind
from twofold.store.database import Tx
from twofold.store.tables import AuditEventRow


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        row.id,
        row.at,
        AuditKind(row.kind),
        row.actor_id,
        row.actor_label,
        row.team_id,
        row.target,
        row.ip,
        dict(row.detail or {}),
    )


def insert(
    tx: Tx,
    *,
    at: datetime,
    kind: AuditKind,
    actor_id: str | None,
    actor_label: str,
    team_id: str | None,
    target: str | None,
    ip: str | None,
    detail: dict[str, Any],
) -> None:
    tx.add(
        AuditEventRow(
            at=at,
            kind=kind.value,
            actor_id=actor_id,
            actor_label=actor_label,
            team_id=team_id,
            target=target,
            ip=ip,
            detail=detail,
        )
    )
    tx.flush()


def _filtered(query: Select[Any], where: AuditFilter) -> Select[Any]:
    if where.kinds:
        query = query.where(AuditEventRow.kind.in_([k.value for k in where.kinds]))
    if where.actor:
        like = f"%{where.actor.lower()}%"
        query = query.where(
            or_(
                AuditEventRow.actor_id == where.actor,
                func.lower(AuditEventRow.actor_label).like(like),
            )
        )
    if where.since is not None:
        query = query.where(AuditEventRow.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEventRow.at < where.until)
    return query


def page(tx: Tx, where: AuditFilter, limit: int, offset: int) -> tuple[list[AuditEvent], int]:
    """Newest first, with the number matching the filter."""
    total = tx.scalar(_filtered(select(func.count()).select_from(AuditEventRow), where)) or 0
    rows = tx.scalars(
        _filtered(select(AuditEventRow), where)
        .order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [_event(r) for r in rows], int(total)


def stream(tx: Tx, where: AuditFilter, batch: int = 500) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, read a batch at a time for an export."""
    last = 0
    while True:
        rows = list(
            tx.scalars(
                _filtered(select(AuditEventRow), where)
                .where(AuditEventRow.id > last)
                .order_by(AuditEventRow.id)
                .limit(batch)
            )
        )
        yield from (_event(r) for r in rows)
        if len(rows) < batch:
            return
        last = rows[-1].id


def about(tx: Tx, user_id: str) -> list[AuditEvent]:
    """What the log holds with the person as actor or as target."""
    rows = tx.scalars(
        select(AuditEventRow)
        .where(or_(AuditEventRow.actor_id == user_id, AuditEventRow.target == user_id))
        .order_by(AuditEventRow.id)
    )
    return [_event(r) for r in rows]


def purge(tx: Tx, before: datetime) -> int:
    result = tx.execute(delete(AuditEventRow).where(AuditEventRow.at < before))
    return int(getattr(result, "rowcount", 0) or 0)


def forget_person(tx: Tx, user_id: str, label: str) -> None:
    """Keep what happened, without who: the person's events name a former member instead, and
    lose the address they came from."""
    tx.execute(
        update(AuditEventRow)
        .where(AuditEventRow.actor_id == user_id)
        .values(actor_id=None, actor_label=label, ip=None)
    )
    tx.execute(
        update(AuditEventRow).where(AuditEventRow.target == user_id).values(target=label, ip=None)
    )
