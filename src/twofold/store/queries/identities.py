"""Sign-in provider identities and provider sign-ins in flight."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from twofold.domain.sso import Identity
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.queries.users import digest
from twofold.store.tables import IdentityRow, SsoAttemptRow, UserRow


def _identity(row: IdentityRow) -> Identity:
    return Identity(row.id, row.user_id, row.issuer, row.subject, row.email)


def identity_by_subject(tx: Tx, issuer: str, subject: str) -> Identity | None:
    row = tx.scalar(
        select(IdentityRow).where(IdentityRow.issuer == issuer, IdentityRow.subject == subject)
    )
    return _identity(row) if row else None


def identities_of(tx: Tx, user_id: str) -> list[Identity]:
    rows = tx.scalars(
        select(IdentityRow).where(IdentityRow.user_id == user_id).order_by(IdentityRow.created_at)
    )
    return [_identity(r) for r in rows]


def count_linked_accounts(tx: Tx) -> int:
    return int(tx.scalar(select(func.count(func.distinct(IdentityRow.user_id)))) or 0)


def insert_identity(tx: Tx, user_id: str, issuer: str, subject: str, email: str) -> Identity:
    at = now()
    row = IdentityRow(
        id=new_id(),
        user_id=user_id,
        issuer=issuer,
        subject=subject,
        email=email,
        created_at=at,
        last_signin_at=at,
    )
    tx.add(row)
    tx.flush()
    return _identity(row)


def touch_identity(tx: Tx, identity_id: str, email: str) -> None:
    tx.execute(
        update(IdentityRow)
        .where(IdentityRow.id == identity_id)
        .values(last_signin_at=now(), email=email)
    )


class Attempt:
    """One provider sign-in in flight, as the callback needs it."""

    def __init__(self, row: SsoAttemptRow) -> None:
        self.id = row.id
        self.nonce = row.nonce
        self.code_verifier = row.code_verifier
        self.return_path = row.return_path
        self.linking_user_id = row.linking_user_id
        self.pending_issuer = row.pending_issuer
        self.pending_subject = row.pending_subject
        self.pending_email = row.pending_email
        self.expires_at: datetime = row.expires_at


def insert_attempt(
    tx: Tx,
    state: str,
    nonce: str,
    code_verifier: str,
    return_path: str,
    linking_user_id: str | None,
    ttl: timedelta,
) -> None:
    at = now()
    # Abandoned attempts are cleared as new ones start, so the table stays small.
    tx.execute(delete(SsoAttemptRow).where(SsoAttemptRow.expires_at <= at))
    tx.add(
        SsoAttemptRow(
            id=new_id(),
            state_hash=digest(tx, state),
            nonce=nonce,
            code_verifier=code_verifier,
            return_path=return_path,
            linking_user_id=linking_user_id,
            created_at=at,
            expires_at=at + ttl,
        )
    )
    tx.flush()


def attempt_by_state(tx: Tx, state: str, *, lock: bool = True) -> Attempt | None:
    query = select(SsoAttemptRow).where(SsoAttemptRow.state_hash == digest(tx, state))
    row = tx.scalar(query.with_for_update() if lock else query)
    return Attempt(row) if row else None


def spend_attempt(tx: Tx, attempt_id: str) -> None:
    """Blank the nonce so the state cannot be used a second time, while the row stays for the
    callback to finish with (its values were read before)."""
    tx.execute(update(SsoAttemptRow).where(SsoAttemptRow.id == attempt_id).values(nonce=""))


def delete_attempt(tx: Tx, attempt_id: str) -> None:
    tx.execute(delete(SsoAttemptRow).where(SsoAttemptRow.id == attempt_id))


def hold_for_password(
    tx: Tx, attempt_id: str, issuer: str, subject: str, email: str, ttl: timedelta
) -> None:
    """Keep a verified identity whose email has a password account until that password is
    given; the state, nonce and verifier are spent, so they are blanked."""
    tx.execute(
        update(SsoAttemptRow)
        .where(SsoAttemptRow.id == attempt_id)
        .values(
            pending_issuer=issuer,
            pending_subject=subject,
            pending_email=email,
            code_verifier="",
            expires_at=now() + ttl,
        )
    )


def set_owner(tx: Tx, user_id: str) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(is_owner=True))
