"""Moving a retro's rows to the time it stands for.

Only the demo needs this: it holds its past retros through the same services a team uses, so
every row is stamped with the time of loading, and is then moved back to the day the retro was
held. Shifting every time of the retro by the same amount keeps their order and spacing, so the
board, its event log and its action items still read in the order they happened.
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from twofold.store.database import Tx
from twofold.store.tables import (
    ActionItemRow,
    ActionReviewRow,
    Base,
    BoardCommandRow,
    CardGroupRow,
    CardRow,
    EventRow,
    RetroRow,
    SprintSignalsRow,
    TopicNoteRow,
    VoteRow,
)

# Every table with times written while a retro is held, and the columns holding them.
_TIMED: tuple[tuple[type[Base], tuple[str, ...]], ...] = (
    (CardRow, ("created_at", "updated_at")),
    (CardGroupRow, ("created_at",)),
    (VoteRow, ("created_at",)),
    (EventRow, ("created_at",)),
    (BoardCommandRow, ("created_at",)),
    (TopicNoteRow, ("updated_at",)),
    (ActionItemRow, ("created_at", "updated_at")),
    (ActionReviewRow, ("at",)),
    (SprintSignalsRow, ("updated_at",)),
)


def move_retro_to(tx: Tx, retro_id: str, held_at: datetime) -> None:
    """Shift every time recorded in the retro so that the retro was created at `held_at`."""
    retro = tx.get(RetroRow, retro_id, with_for_update=True)
    if retro is None:
        raise LookupError(f"no retro {retro_id}")
    delta: timedelta = held_at - retro.created_at
    retro.created_at = held_at
    for table, columns in _TIMED:
        owner = getattr(table, "retro_id")  # noqa: B009 - every table listed has one
        for row in tx.scalars(select(table).where(owner == retro_id)):
            for column in columns:
                value = getattr(row, column)
                if value is not None:
                    setattr(row, column, value + delta)
    tx.flush()
