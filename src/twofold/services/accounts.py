"""Sign-up, sessions and personal API tokens (signing in is in `signin`)."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, StringConstraints, field_validator

from twofold.domain import limits
from twofold.domain.accounts import Email, Password
from twofold.domain.entities import ApiToken, Guest, User
from twofold.domain.errors import Conflict, Forbidden, NotFound
from twofold.domain.text import no_nul
from twofold.services.context import Ctx
from twofold.services.invite_rules import check_members_allowed, check_usable
from twofold.services.passwords import hash_password
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import new_secret, now

SESSION_TTL = timedelta(days=limits.SESSION_DAYS)
API_TOKEN_PREFIX = "tf_"  # noqa: S105 - a marker, not a secret


@dataclass(frozen=True)
class NewSession:
    token: str
    csrf_token: str


@dataclass(frozen=True)
class SessionInfo:
    user: User | None
    guest: Guest | None
    csrf_token: str | None


class NewAccount(BaseModel):
    """An account as `twofold user create` is given it, held to the same rules as the sign-up
    page's form, so the command line cannot make an account the web could not."""

    email: Email
    password: Password
    display_name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.DISPLAY_NAME_MAX),
    ]

    _no_nul = field_validator("*", mode="after")(no_nul)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def start_session(tx: Tx, *, user_id: str | None = None, guest_id: str | None = None) -> NewSession:
    new = NewSession(new_secret(), new_secret())
    user_q.insert_session(
        tx, new.token, new.csrf_token, SESSION_TTL, user_id=user_id, guest_id=guest_id
    )
    return new


def needs_owner(ctx: Ctx) -> bool:
    """Whether the instance still waits for its owner. Accounts that may not own it (the demo's)
    do not count, so loading the demo first leaves set-up open for the first real account."""
    with ctx.db.read() as tx:
        return not user_q.owner_exists(tx)


def check_signup_allowed(tx: Tx, invite_token: str | None, open_signup: bool) -> None:
    if open_signup or not user_q.owner_exists(tx):
        return
    if invite_token is None:
        raise Forbidden(
            "Sign-up on this instance needs an invite link from a team.", code="signup_closed"
        )
    check_members_allowed(check_usable(tx, invite_token))


def do_signup(
    ctx: Ctx,
    email: str,
    password: str,
    display_name: str,
    *,
    invite_token: str | None = None,
    open_signup: bool = False,
) -> tuple[User, NewSession]:
    email = normalise_email(email)
    password_hash = hash_password(password)
    with ctx.db.write() as tx:
        check_signup_allowed(tx, invite_token, open_signup)
        user = _insert_user(tx, email, password_hash, display_name, may_own=True)
        return user, start_session(tx, user_id=user.id)


def _insert_user(tx: Tx, email: str, password_hash: str, display_name: str, may_own: bool) -> User:
    if user_q.user_by_email(tx, email) is not None:
        raise Conflict("An account with that email already exists.", code="email_taken")
    owner = may_own and not user_q.owner_exists(tx)
    return user_q.insert_user(tx, email, display_name.strip(), password_hash, is_owner=owner)


def create_user(
    ctx: Ctx, email: str, password: str, display_name: str, *, may_own: bool = True
) -> User:
    """Create an account from the command line, bypassing the sign-up policy. The first account
    that may own the instance becomes its owner (demo accounts never own one)."""
    password_hash = hash_password(password)
    with ctx.db.write() as tx:
        return _insert_user(tx, normalise_email(email), password_hash, display_name, may_own)


def resolve_session(ctx: Ctx, token: str) -> SessionInfo | None:
    with ctx.db.read() as tx:
        return session_in(tx, token)


def session_in(tx: Tx, token: str) -> SessionInfo | None:
    """`resolve_session` inside a transaction the caller has open."""
    found = user_q.session_by_token(tx, token)
    if found is None:
        return None
    user_id, guest_id, csrf = found
    user = user_q.user_by_id(tx, user_id) if user_id else None
    guest = retro_q.guest_by_id(tx, guest_id) if guest_id else None
    if user is None and guest is None:
        return None
    return SessionInfo(user, guest, csrf)


def do_logout(ctx: Ctx, token: str) -> None:
    with ctx.db.write() as tx:
        user_q.delete_session(tx, token)


def do_logout_everywhere(ctx: Ctx, user: User) -> None:
    with ctx.db.write() as tx:
        user_q.delete_user_sessions(tx, user.id)


def do_create_api_token(ctx: Ctx, user: User, name: str) -> tuple[ApiToken, str]:
    secret = API_TOKEN_PREFIX + new_secret()
    with ctx.db.write() as tx:
        return user_q.insert_api_token(tx, user.id, name.strip(), secret), secret


def list_api_tokens(ctx: Ctx, user: User) -> list[ApiToken]:
    with ctx.db.read() as tx:
        return user_q.api_tokens_of(tx, user.id)


def do_delete_api_token(ctx: Ctx, user: User, token_id: str) -> None:
    with ctx.db.write() as tx:
        if not user_q.delete_api_token(tx, user.id, token_id):
            raise NotFound("API token not found.")


def resolve_api_token(ctx: Ctx, secret: str) -> User | None:
    if not secret.startswith(API_TOKEN_PREFIX):
        return None
    with ctx.db.read() as tx:
        found = user_q.api_token_by_secret(tx, secret)
        user = user_q.user_by_id(tx, found.user_id) if found else None
    if found is None or user is None:
        return None
    # Record use at most once a minute: a write on every scripted request would halve throughput.
    if found.last_used_at is None or now() - found.last_used_at > timedelta(minutes=1):
        with ctx.db.write() as tx:
            user_q.touch_api_token(tx, secret)
    return user
