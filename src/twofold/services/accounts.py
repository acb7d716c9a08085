"""Sign-up, sign-in, sessions, sign-in throttling and personal API tokens."""

import math
from dataclasses import dataclass
from datetime import timedelta

from twofold.domain import limits
from twofold.domain.entities import ApiToken, Guest, User
from twofold.domain.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthenticated
from twofold.services.context import Ctx
from twofold.services.invite_rules import check_members_allowed, check_usable
from twofold.services.passwords import hash_password, needs_rehash, verify_password
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


def normalise_email(email: str) -> str:
    return email.strip().lower()


def start_session(tx: Tx, *, user_id: str | None = None, guest_id: str | None = None) -> NewSession:
    new = NewSession(new_secret(), new_secret())
    user_q.insert_session(
        tx, new.token, new.csrf_token, SESSION_TTL, user_id=user_id, guest_id=guest_id
    )
    return new


def needs_owner(ctx: Ctx) -> bool:
    with ctx.db.read() as tx:
        return user_q.count_users(tx) == 0


def check_signup_allowed(tx: Tx, invite_token: str | None, open_signup: bool) -> None:
    if user_q.count_users(tx) == 0 or open_signup:
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
    owner = may_own and user_q.count_users(tx) == 0
    return user_q.insert_user(tx, email, display_name.strip(), password_hash, is_owner=owner)


def create_user(
    ctx: Ctx, email: str, password: str, display_name: str, *, may_own: bool = True
) -> User:
    """Create an account from the command line, bypassing the sign-up policy. The first account
    becomes the owner unless `may_own` is false (demo accounts never own an instance)."""
    password_hash = hash_password(password)
    with ctx.db.write() as tx:
        return _insert_user(tx, normalise_email(email), password_hash, display_name, may_own)


def _check_not_throttled(tx: Tx, keys: list[str]) -> None:
    window = timedelta(seconds=limits.LOGIN_WINDOW_SECONDS)
    for key in keys:
        failures = user_q.login_failures_since(tx, key, now() - window)
        if len(failures) >= limits.LOGIN_FAILURES_ALLOWED:
            wait = (failures[-limits.LOGIN_FAILURES_ALLOWED] + window - now()).total_seconds()
            raise RateLimited(
                "Too many failed sign-ins. Wait a few minutes and try again.",
                details={"retry_after": max(1, math.ceil(wait))},
            )


def do_login(ctx: Ctx, email: str, password: str, client: str) -> tuple[User, NewSession]:
    email = normalise_email(email)
    keys = [f"email:{email}", f"client:{client}"]
    with ctx.db.write() as tx:
        _check_not_throttled(tx, keys)
        # Counted as a failure before the (slow) password check, so parallel guesses cannot all
        # slip under the limit; a success clears it again.
        user_q.record_login_failure(tx, keys)
        user_q.purge_login_failures(tx, now() - timedelta(seconds=limits.LOGIN_WINDOW_SECONDS))
        user = user_q.user_by_email(tx, email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthenticated("Wrong email or password.", code="invalid_credentials")
    with ctx.db.write() as tx:
        for key in keys:
            user_q.clear_login_failures(tx, key)
        if needs_rehash(user.password_hash):
            user_q.set_password_hash(tx, user.id, hash_password(password))
        return user, start_session(tx, user_id=user.id)


def resolve_session(ctx: Ctx, token: str) -> SessionInfo | None:
    with ctx.db.read() as tx:
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
