"""The tech-debt backlog: debt items, what raised them, and each sprint's debt capacity."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select, update

from twofold.domain.debt import DebtItem, DebtStatus, NewDebtItem
from twofold.store.database import Tx
from twofold.store.queries import item_history as history_q
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import (
    ActionItemRow,
    DebtCapacityRow,
    DebtItemRow,
    DebtLinkRow,
)

LinkKind = Literal["card", "action"]


@dataclass(frozen=True)
class DebtLink:
    kind: LinkKind
    target_id: str
    retro_id: str | None


@dataclass(frozen=True)
class DebtRecord:
    """A debt item with the bookkeeping the pure rules do not need."""

    item: DebtItem
    created_by: str | None
    eng_scored_by: str | None
    pm_scored_by: str | None
    updated_at: datetime
    links: tuple[DebtLink, ...]


# The columns an edit may change; anything else is set by the store itself.
EDITABLE = frozenset(
    {
        "title",
        "description",
        "area",
        "drag_hours",
        "impact",
        "effort",
        "status",
        "eng_scored_by",
        "pm_scored_by",
    }
)


def _kind(value: str) -> LinkKind:
    return "action" if value == "action" else "card"


def _record(row: DebtItemRow, links: Iterable[DebtLinkRow]) -> DebtRecord:
    item = DebtItem(
        id=row.id,
        team_id=row.team_id,
        title=row.title,
        created_at=row.created_at,
        description=row.description,
        area=row.area,
        drag_hours=row.drag_hours,
        impact=row.impact,
        effort=row.effort,
        status=DebtStatus(row.status),
    )
    return DebtRecord(
        item,
        row.created_by,
        row.eng_scored_by,
        row.pm_scored_by,
        row.updated_at,
        tuple(DebtLink(_kind(link.kind), link.target_id, link.retro_id) for link in links),
    )


def _links_by_item(tx: Tx, debt_ids: list[str]) -> dict[str, list[DebtLinkRow]]:
    found: dict[str, list[DebtLinkRow]] = {debt_id: [] for debt_id in debt_ids}
    if debt_ids:
        rows = tx.scalars(
            select(DebtLinkRow)
            .where(DebtLinkRow.debt_id.in_(debt_ids))
            .order_by(DebtLinkRow.kind, DebtLinkRow.target_id)
        )
        for row in rows:
            found[row.debt_id].append(row)
    return found


def insert_item(
    tx: Tx,
    team_id: str,
    new: NewDebtItem,
    created_by: str,
    links: Iterable[DebtLink] = (),
) -> DebtRecord:
    at = now()
    eng_scored = new.drag_hours is not None or new.effort is not None
    row = DebtItemRow(
        id=new_id(),
        team_id=team_id,
        title=new.title,
        description=new.description,
        area=new.area,
        drag_hours=new.drag_hours,
        impact=new.impact,
        effort=new.effort,
        status=new.status.value,
        created_by=created_by,
        eng_scored_by=created_by if eng_scored else None,
        pm_scored_by=created_by if new.impact is not None else None,
        created_at=at,
        updated_at=at,
    )
    tx.add(row)
    tx.flush()
    add_links(tx, row.id, links)
    record = item_by_id(tx, row.id)
    assert record is not None
    return record


def add_links(tx: Tx, debt_id: str, links: Iterable[DebtLink]) -> None:
    # One link per target, whatever the caller repeats.
    unique = {(link.kind, link.target_id): link for link in links}
    for link in unique.values():
        tx.add(
            DebtLinkRow(
                debt_id=debt_id, kind=link.kind, target_id=link.target_id, retro_id=link.retro_id
            )
        )
    tx.flush()


def item_by_id(tx: Tx, debt_id: str) -> DebtRecord | None:
    row = tx.get(DebtItemRow, debt_id)
    if row is None:
        return None
    return _record(row, _links_by_item(tx, [row.id])[row.id])


def items_of_team(tx: Tx, team_id: str, status: DebtStatus | None = None) -> list[DebtRecord]:
    """Oldest first, the order the ranking keeps between items of equal priority."""
    query = select(DebtItemRow).where(DebtItemRow.team_id == team_id)
    if status is not None:
        query = query.where(DebtItemRow.status == status.value)
    rows = list(tx.scalars(query.order_by(DebtItemRow.created_at, DebtItemRow.id)))
    links = _links_by_item(tx, [r.id for r in rows])
    return [_record(r, links[r.id]) for r in rows]


def items_raised_in(tx: Tx, retro_id: str) -> list[DebtRecord]:
    """Debt items something in this retro raised (a card or an action item), oldest first."""
    raised = select(DebtLinkRow.debt_id).where(DebtLinkRow.retro_id == retro_id)
    query = select(DebtItemRow).where(DebtItemRow.id.in_(raised))
    rows = list(tx.scalars(query.order_by(DebtItemRow.created_at, DebtItemRow.id)))
    links = _links_by_item(tx, [r.id for r in rows])
    return [_record(r, links[r.id]) for r in rows]


def update_item(tx: Tx, debt_id: str, values: dict[str, object]) -> None:
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if isinstance(values.get("status"), DebtStatus):
        values = {**values, "status": str(values["status"])}
    tx.execute(
        update(DebtItemRow).where(DebtItemRow.id == debt_id).values(**values, updated_at=now())
    )


def delete_item(tx: Tx, debt_id: str) -> None:
    history_q.forget_item(tx, "debt", debt_id)
    tx.execute(delete(DebtItemRow).where(DebtItemRow.id == debt_id))


def debt_ids_of_cards(tx: Tx, card_ids: Iterable[str]) -> dict[str, str]:
    """For each card already in the backlog, the (first) debt item it raised."""
    wanted = list(dict.fromkeys(card_ids))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        rows = tx.execute(
            select(DebtLinkRow.target_id, DebtLinkRow.debt_id)
            .join(DebtItemRow, DebtItemRow.id == DebtLinkRow.debt_id)
            .where(
                DebtLinkRow.kind == "card", DebtLinkRow.target_id.in_(wanted[start : start + 500])
            )
            .order_by(DebtItemRow.created_at, DebtItemRow.id)
        )
        for card_id, debt_id in rows:
            found.setdefault(card_id, debt_id)
    return found


def action_team_and_retro(tx: Tx, action_id: str) -> tuple[str, str | None] | None:
    """The team an action item belongs to and the retro it came from."""
    row = tx.execute(
        select(ActionItemRow.team_id, ActionItemRow.retro_id).where(ActionItemRow.id == action_id)
    ).first()
    return (row[0], row[1]) if row else None


def capacity_of(tx: Tx, retro_id: str) -> tuple[float, float] | None:
    """(total points, debt points) recorded for the retro's sprint."""
    row = tx.get(DebtCapacityRow, retro_id)
    return (row.total_points, row.debt_points) if row else None


def save_capacity(tx: Tx, retro_id: str, total_points: float, debt_points: float) -> None:
    row = tx.get(DebtCapacityRow, retro_id)
    if row is None:
        tx.add(
            DebtCapacityRow(retro_id=retro_id, total_points=total_points, debt_points=debt_points)
        )
    else:
        row.total_points = total_points
        row.debt_points = debt_points
    tx.flush()
    rollup_q.changed(tx, retro_id)


def backlog_cards_of_retro(tx: Tx, retro_id: str) -> dict[str, str]:
    """Cards of this retro already in the backlog, each with the (first) item it raised."""
    rows = tx.execute(
        select(DebtLinkRow.target_id, DebtLinkRow.debt_id)
        .join(DebtItemRow, DebtItemRow.id == DebtLinkRow.debt_id)
        .where(DebtLinkRow.kind == "card", DebtLinkRow.retro_id == retro_id)
        .order_by(DebtItemRow.created_at, DebtItemRow.id)
    )
    found: dict[str, str] = {}
    for card_id, debt_id in rows:
        found.setdefault(card_id, debt_id)
    return found
