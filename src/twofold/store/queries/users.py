"""Accounts, browser sessions, API tokens and failed sign-ins."""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update

from twofold.domain.entities import ApiToken, User
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import ApiTokenRow, LoginFailureRow, SessionRow, UserRow


def digest(tx: Tx, secret: str) -> str:
    """Secrets are stored only as an HMAC keyed by the instance's secret key, so a leaked
    database alone opens no session."""
    key = str(tx.info.get("secret", "")).encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def _user(row: UserRow) -> User:
    return User(row.id, row.email, row.display_name, row.is_owner, row.password_hash)


def count_users(tx: Tx) -> int:
    return tx.scalar(select(func.count()).select_from(UserRow)) or 0


def insert_user(tx: Tx, email: str, display_name: str, password_hash: str, is_owner: bool) -> User:
    row = UserRow(
        id=new_id(),
        email=email,
        display_name=display_name,
        password_hash=password_hash,
        is_owner=is_owner,
        created_at=now(),
    )
    tx.add(row)
    tx.flush()
    return _user(row)


def user_by_email(tx: Tx, email: str) -> User | None:
    row = tx.scalar(select(UserRow).where(UserRow.email == email))
    return _user(row) if row else None


def user_by_id(tx: Tx, user_id: str) -> User | None:
    row = tx.get(UserRow, user_id)
    return _user(row) if row else None


def set_password_hash(tx: Tx, user_id: str, password_hash: str) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))


def insert_session(
    tx: Tx,
    token: str,
    csrf_token: str,
    ttl: timedelta,
    *,
    user_id: str | None = None,
    guest_id: str | None = None,
) -> None:
    created = now()
    tx.add(
        SessionRow(
            id=new_id(),
            token_hash=digest(tx, token),
            csrf_token=csrf_token,
            user_id=user_id,
            guest_id=guest_id,
            created_at=created,
            expires_at=created + ttl,
        )
    )


def session_by_token(tx: Tx, token: str) -> tuple[str | None, str | None, str] | None:
    """(user_id, guest_id, csrf_token) of a live session, or None."""
    row = tx.scalar(
        select(SessionRow).where(
            SessionRow.token_hash == digest(tx, token), SessionRow.expires_at > now()
        )
    )
    if row is None:
        return None
    return row.user_id, row.guest_id, row.csrf_token


def session_holders(tx: Tx, tokens: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
    """For each of these session tokens still live: (user_id, guest_id)."""
    by_hash = {digest(tx, t): t for t in tokens}
    found: dict[str, tuple[str | None, str | None]] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), 500):
        rows = tx.execute(
            select(SessionRow.token_hash, SessionRow.user_id, SessionRow.guest_id).where(
                SessionRow.token_hash.in_(hashes[start : start + 500]),
                SessionRow.expires_at > now(),
            )
        )
        for token_hash, user_id, guest_id in rows:
            found[by_hash[token_hash]] = (user_id, guest_id)
    return found


def delete_session(tx: Tx, token: str) -> None:
    tx.execute(delete(SessionRow).where(SessionRow.token_hash == digest(tx, token)))


def delete_user_sessions(tx: Tx, user_id: str) -> None:
    tx.execute(delete(SessionRow).where(SessionRow.user_id == user_id))


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.id, row.user_id, row.name, row.created_at, row.last_used_at)


def insert_api_token(tx: Tx, user_id: str, name: str, token: str) -> ApiToken:
    row = ApiTokenRow(
        id=new_id(), user_id=user_id, name=name, token_hash=digest(tx, token), created_at=now()
    )
    tx.add(row)
    tx.flush()
    return _token(row)


def api_tokens_of(tx: Tx, user_id: str) -> list[ApiToken]:
    rows = tx.scalars(
        select(ApiTokenRow).where(ApiTokenRow.user_id == user_id).order_by(ApiTokenRow.created_at)
    )
    return [_token(r) for r in rows]


def delete_api_token(tx: Tx, user_id: str, token_id: str) -> bool:
    result = tx.execute(
        delete(ApiTokenRow).where(ApiTokenRow.id == token_id, ApiTokenRow.user_id == user_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def api_token_by_secret(tx: Tx, token: str) -> ApiToken | None:
    row = tx.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest(tx, token)))
    return _token(row) if row else None


def touch_api_token(tx: Tx, token: str) -> None:
    tx.execute(
        update(ApiTokenRow)
        .where(ApiTokenRow.token_hash == digest(tx, token))
        .values(last_used_at=now())
    )


def record_login_failure(tx: Tx, keys: list[str]) -> None:
    at = now()
    tx.add_all([LoginFailureRow(key=key, at=at) for key in keys])


def login_failures_since(tx: Tx, key: str, since: datetime) -> list[datetime]:
    return list(
        tx.scalars(
            select(LoginFailureRow.at)
            .where(LoginFailureRow.key == key, LoginFailureRow.at > since)
            .order_by(LoginFailureRow.at)
        )
    )


def purge_login_failures(tx: Tx, before: datetime) -> None:
    tx.execute(delete(LoginFailureRow).where(LoginFailureRow.at < before))


def clear_login_failures(tx: Tx, key: str) -> None:
    tx.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))
