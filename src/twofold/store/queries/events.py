"""The board event log: one row per change, numbered per board."""

from sqlalchemy import select, update

from twofold.domain.events import BoardEvent, RecordedEvent, board_event_adapter
from twofold.store.database import Tx
from twofold.store.queries.ids import now
from twofold.store.tables import EventRow, RetroRow


def append(
    tx: Tx,
    retro_id: str,
    event: BoardEvent,
    *,
    audience: str = "all",
    public: BoardEvent | None = None,
) -> RecordedEvent:
    """Give the event the board's next seq, in the caller's transaction.

    The UPDATE ... RETURNING takes the board row's lock on PostgreSQL (SQLite already has a
    single writer), so two writers on one board can never draw the same number.
    """
    recorded_public = public if audience != "all" else None
    if audience != "all" and recorded_public is None:
        raise ValueError("an event for one participant needs a public form for the others")
    seq = tx.execute(
        update(RetroRow)
        .where(RetroRow.id == retro_id)
        .values(last_seq=RetroRow.last_seq + 1)
        .returning(RetroRow.last_seq)
    ).scalar_one()
    tx.add(
        EventRow(
            retro_id=retro_id,
            seq=seq,
            type=event.type,
            payload=event.model_dump(mode="json"),
            visibility=audience,
            public_payload=recorded_public.model_dump(mode="json") if recorded_public else None,
            created_at=now(),
        )
    )
    return RecordedEvent(
        retro_id=retro_id, seq=seq, event=event, audience=audience, public=recorded_public
    )


def since(tx: Tx, retro_id: str, after_seq: int, limit: int = 1000) -> list[RecordedEvent]:
    rows = tx.scalars(
        select(EventRow)
        .where(EventRow.retro_id == retro_id, EventRow.seq > after_seq)
        .order_by(EventRow.seq)
        .limit(limit)
    )
    return [
        RecordedEvent(
            retro_id=r.retro_id,
            seq=r.seq,
            event=board_event_adapter.validate_python(r.payload),
            audience=r.visibility,
            public=board_event_adapter.validate_python(r.public_payload)
            if r.public_payload is not None
            else None,
        )
        for r in rows
    ]
