"""Accounts, browser sessions, API tokens and failed sign-ins."""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from twofold.domain.accounts import AccountSummary
from twofold.domain.entities import ApiToken, User
from twofold.domain.vocab import ColorTheme, UiLanguage
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import ApiTokenRow, PasswordResetRow, SessionRow, UserRow


def digest(tx: Tx, secret: str) -> str:
    """Secrets are stored only as an HMAC keyed by the instance's secret key, so a leaked
    database alone opens no session."""
    key = str(tx.info.get("secret", "")).encode()
    return hmac.new(key, secret.encode(), hashlib.sha256).hexdigest()


def _user(row: UserRow) -> User:
    return User(
        row.id,
        row.email,
        row.display_name,
        row.is_owner,
        row.password_hash,
        ColorTheme(row.theme),
        UiLanguage(row.language),
    )


def owner_exists(tx: Tx) -> bool:
    return tx.scalar(select(UserRow.id).where(UserRow.is_owner).limit(1)) is not None


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


def user_by_email(tx: Tx, email: str, *, lock: bool = False) -> User | None:
    """`lock` holds the account's row until the transaction ends (PostgreSQL; SQLite's single
    writer already does), so one account's sign-in attempts are counted one after another."""
    query = select(UserRow).where(UserRow.email == email)
    row = tx.scalar(query.with_for_update() if lock else query)
    return _user(row) if row else None


def user_by_id(tx: Tx, user_id: str) -> User | None:
    row = tx.get(UserRow, user_id)
    return _user(row) if row else None


def set_password_hash(tx: Tx, user_id: str, password_hash: str) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash))


def set_display_name(tx: Tx, user_id: str, display_name: str) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(display_name=display_name))


def set_theme(tx: Tx, user_id: str, theme: ColorTheme) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(theme=theme.value))


def set_language(tx: Tx, user_id: str, language: UiLanguage) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(language=language.value))


def set_email(tx: Tx, user_id: str, email: str) -> None:
    tx.execute(update(UserRow).where(UserRow.id == user_id).values(email=email))


def search_users(tx: Tx, text: str, limit: int, offset: int) -> tuple[list[AccountSummary], int]:
    """Accounts whose email or name holds `text` (any case), by name, with the total found."""
    query = select(UserRow)
    if text:
        needle = text.lower()
        query = query.where(
            or_(
                func.lower(UserRow.email).contains(needle, autoescape=True),
                func.lower(UserRow.display_name).contains(needle, autoescape=True),
            )
        )
    total = tx.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        tx.scalars(
            query.order_by(func.lower(UserRow.display_name), UserRow.email)
            .limit(limit)
            .offset(offset)
        )
    )
    open_links = _open_reset_links(tx, [r.id for r in rows])
    found = [
        AccountSummary(
            r.id, r.email, r.display_name, r.is_owner, r.created_at, open_links.get(r.id)
        )
        for r in rows
    ]
    return found, total


def _open_reset_links(tx: Tx, user_ids: list[str]) -> dict[str, datetime]:
    if not user_ids:
        return {}
    rows = tx.execute(
        select(PasswordResetRow.user_id, func.max(PasswordResetRow.expires_at))
        .where(
            PasswordResetRow.user_id.in_(user_ids),
            PasswordResetRow.used_at.is_(None),
            PasswordResetRow.replaced_at.is_(None),
            PasswordResetRow.expires_at > now(),
        )
        .group_by(PasswordResetRow.user_id)
    )
    return {str(user_id): expires for user_id, expires in rows}


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


def delete_user_sessions(tx: Tx, user_id: str, *, keep: str | None = None) -> None:
    """End the account's browser sessions, all but the one with token `keep` if given."""
    query = delete(SessionRow).where(SessionRow.user_id == user_id)
    if keep is not None:
        query = query.where(SessionRow.token_hash != digest(tx, keep))
    tx.execute(query)


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
