"""Reading the board event log: what happened on a board after a seq. Writing it is
`event_writes`, which only the recorder uses."""

from sqlalchemy import select

from twofold.domain.events import RecordedEvent, board_event_adapter
from twofold.store.database import Tx
from twofold.store.tables import EventRow


def at(tx: Tx, retro_id: str, seq: int) -> RecordedEvent | None:
    """The event logged at `seq`, if there is one."""
    found = since(tx, retro_id, seq - 1, limit=1)
    return found[0] if found and found[0].seq == seq else None


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
