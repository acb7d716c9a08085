"""The history of action items and debt items: appending changes, reading an item's, and
forgetting it with the item."""

from collections.abc import Sequence

from sqlalchemy import delete, insert, select

from twofold.domain.connections import ItemKind
from twofold.domain.item_history import Change, ChangedBy, HistoryEntry, Source
from twofold.store.database import Tx
from twofold.store.queries.ids import now
from twofold.store.tables import ItemHistoryRow


def add(
    tx: Tx,
    team_id: str,
    kind: ItemKind,
    item_id: str,
    changes: Sequence[Change],
    source: Source,
    note: str | None = None,
) -> None:
    """Core inserts, not the ORM: board commands record history too, and they must not touch
    the session (see `services.board.batch`)."""
    if not changes:
        return
    at = now()
    tx.execute(
        insert(ItemHistoryRow),
        [
            {
                "team_id": team_id,
                "item_kind": kind,
                "item_id": item_id,
                "at": at,
                "field": c.field,
                "before": c.before,
                "after": c.after,
                "via": source.via.value,
                "by_user_id": source.by_user_id,
                "by_name": source.by_name,
                "tracker": source.tracker,
                "ticket": source.ticket,
                "note": note if c.field == "status" else None,
            }
            for c in changes
        ],
    )


def of_item(tx: Tx, kind: ItemKind, item_id: str, limit: int) -> list[HistoryEntry]:
    """Newest first."""
    rows = tx.scalars(
        select(ItemHistoryRow)
        .where(ItemHistoryRow.item_kind == kind, ItemHistoryRow.item_id == item_id)
        .order_by(ItemHistoryRow.at.desc(), ItemHistoryRow.id.desc())
        .limit(limit)
    )
    return [
        HistoryEntry(
            r.at,
            r.field,
            r.before,
            r.after,
            Source(ChangedBy(r.via), r.by_user_id, r.by_name, r.tracker, r.ticket),
            r.note,
        )
        for r in rows
    ]


def forget_item(tx: Tx, kind: ItemKind, item_id: str) -> None:
    tx.execute(
        delete(ItemHistoryRow).where(
            ItemHistoryRow.item_kind == kind, ItemHistoryRow.item_id == item_id
        )
    )
