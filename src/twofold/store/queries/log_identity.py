"""The identity of this database's board event logs (see `LogIdentityRow`)."""

from sqlalchemy import select

from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import LogIdentityRow

ROW = 1


def current_log_id(tx: Tx) -> str:
    """The log id clients resume against; empty when the row is missing (a database restored
    from a copy that lost it), which matches no client, so everyone gets a snapshot."""
    found = tx.scalar(select(LogIdentityRow.log_id).where(LogIdentityRow.id == ROW))
    return found or ""


def new_log_id(tx: Tx) -> str:
    """Give the logs a new identity: after a restore, no client's idea of them still holds."""
    log_id = new_id()
    row = tx.get(LogIdentityRow, ROW)
    if row is None:
        tx.add(LogIdentityRow(id=ROW, log_id=log_id, changed_at=now()))
    else:
        row.log_id = log_id
        row.changed_at = now()
    tx.flush()
    return log_id
