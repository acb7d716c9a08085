"""Writing the board event log: one row per change, numbered per board.

Only the recorder (`services.recorder`, and the board commands' `services.board.writes`, which
numbers a batch in memory) imports this module; a contract in pyproject.toml holds it, so
every event is published after its transaction commits and none is written unannounced."""

from typing import Any

from twofold.domain.events import BoardEvent, RecordedEvent
from twofold.store.database import Tx
from twofold.store.queries.ids import now
from twofold.store.rawsql import Raw


def numbered(
    retro_id: str,
    seq: int,
    event: BoardEvent,
    *,
    audience: str = "all",
    public: BoardEvent | None = None,
) -> RecordedEvent:
    recorded_public = public if audience != "all" else None
    if audience != "all" and recorded_public is None:
        raise ValueError("an event for one participant needs a public form for the others")
    return RecordedEvent(
        retro_id=retro_id, seq=seq, event=event, audience=audience, public=recorded_public
    )


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
    raw = Raw.of(tx)
    bumped = raw.one(
        "UPDATE retros SET last_seq = last_seq + 1 WHERE id = :id RETURNING last_seq",
        {"id": retro_id},
    )
    if bumped is None:
        raise LookupError(f"no retro {retro_id}")
    recorded = numbered(retro_id, bumped[0], event, audience=audience, public=public)
    raw.insert("board_events", COLUMN_TYPES, [_row(raw, recorded)])
    return recorded


COLUMN_TYPES = {
    "retro_id": "text",
    "seq": "integer",
    "type": "text",
    "payload": "json",
    "visibility": "text",
    "public_payload": "json",
    "created_at": "timestamptz",
}


def _row(raw: Raw, recorded: RecordedEvent) -> dict[str, Any]:
    # The log stores the very text the sockets will send.
    return {
        "retro_id": recorded.retro_id,
        "seq": recorded.seq,
        "type": recorded.event.type,
        "payload": recorded.body(recorded.audience),
        "visibility": recorded.audience,
        "public_payload": recorded.body("") if recorded.public is not None else None,
        "created_at": raw.when(now()),
    }


def insert_numbered(tx: Tx, recorded: list[RecordedEvent], last_seqs: dict[str, int]) -> None:
    """Write events already numbered by a caller that holds their boards locked, and move each
    board's `last_seq` to match: a few statements for a whole batch of commands."""
    raw = Raw.of(tx)
    raw.insert("board_events", COLUMN_TYPES, [_row(raw, r) for r in recorded])
    raw.update(
        "retros",
        "id",
        {"id": "text", "last_seq": "integer"},
        [{"id": retro_id, "last_seq": seq} for retro_id, seq in last_seqs.items()],
    )
