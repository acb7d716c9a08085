"""One-time password reset links, kept as keyed hashes (see users.digest)."""

from datetime import datetime, timedelta

from sqlalchemy import select, update

from twofold.domain.accounts import ResetLink
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.queries.users import digest
from twofold.store.tables import PasswordResetRow


def _link(row: PasswordResetRow) -> ResetLink:
    return ResetLink(
        row.id, row.user_id, row.created_at, row.expires_at, row.used_at, row.replaced_at
    )


def insert(tx: Tx, user_id: str, created_by: str, token: str, ttl: timedelta) -> ResetLink:
    """A new link for the account; any link it still had stops working."""
    at = now()
    tx.execute(
        update(PasswordResetRow)
        .where(
            PasswordResetRow.user_id == user_id,
            PasswordResetRow.used_at.is_(None),
            PasswordResetRow.replaced_at.is_(None),
        )
        .values(replaced_at=at)
    )
    row = PasswordResetRow(
        id=new_id(),
        user_id=user_id,
        token_hash=digest(tx, token),
        created_by=created_by,
        created_at=at,
        expires_at=at + ttl,
    )
    tx.add(row)
    tx.flush()
    return _link(row)


def by_token(tx: Tx, token: str) -> ResetLink | None:
    row = tx.scalar(
        select(PasswordResetRow).where(PasswordResetRow.token_hash == digest(tx, token))
    )
    return _link(row) if row else None


def use(tx: Tx, link_id: str, at: datetime) -> bool:
    """Mark the link used if it still may be; False when another request got there first, so
    two people racing with one link cannot both set a password."""
    result = tx.execute(
        update(PasswordResetRow)
        .where(
            PasswordResetRow.id == link_id,
            PasswordResetRow.used_at.is_(None),
            PasswordResetRow.replaced_at.is_(None),
            PasswordResetRow.expires_at > at,
        )
        .values(used_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
