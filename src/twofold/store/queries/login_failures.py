"""Failed password checks, counted per key across every app process (see domain/throttle)."""

from datetime import datetime

from sqlalchemy import delete, func, select

from twofold.store.database import Tx
from twofold.store.tables import LoginFailureRow


def record(tx: Tx, keys: list[str], at: datetime) -> list[int]:
    """Count a failure under each key; the row ids let a success take its own back."""
    rows = [LoginFailureRow(key=key, at=at) for key in keys]
    tx.add_all(rows)
    tx.flush()
    return [row.id for row in rows]


def tally(tx: Tx, key: str, since: datetime) -> tuple[int, datetime | None]:
    """How many failures the key has had since then, and when the latest was."""
    count, latest = tx.execute(
        select(func.count(), func.max(LoginFailureRow.at)).where(
            LoginFailureRow.key == key, LoginFailureRow.at > since
        )
    ).one()
    return int(count or 0), latest


def forget(tx: Tx, ids: list[int]) -> None:
    if ids:
        tx.execute(delete(LoginFailureRow).where(LoginFailureRow.id.in_(ids)))


def clear(tx: Tx, key: str) -> None:
    tx.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))


def purge(tx: Tx, before: datetime) -> None:
    tx.execute(delete(LoginFailureRow).where(LoginFailureRow.at < before))
