"""Signing in with an email and password, throttled against guessing (domain/throttle).

Attempts are counted per account and address pair and per address, and a browser that signed
in to the account before (services/known_devices) is counted on its own instead. Someone
guessing at an account slows only their own pair and address, with waits that double rather
than a lock on the account: its owner, from a browser they used before, always gets in with
the right password.
"""

from dataclasses import dataclass, replace

from twofold.domain.audit import AuditKind
from twofold.domain.entities import User
from twofold.domain.errors import Unauthenticated
from twofold.services import audit, known_devices, throttling
from twofold.services.accounts import NewSession, normalise_email, start_session
from twofold.services.context import Ctx
from twofold.services.passwords import hash_password, needs_rehash, verify_password
from twofold.store.queries import users as user_q

TOO_MANY = "Too many failed sign-ins."


@dataclass(frozen=True)
class SignedIn:
    user: User
    session: NewSession
    device_cookie: str
    """For the browser to keep: it makes the browser a known device of the account."""


def do_login(
    ctx: Ctx, email: str, password: str, address: str, device_cookie: str | None = None
) -> SignedIn:
    email = normalise_email(email)
    with ctx.db.write() as tx:
        user = user_q.user_by_email(tx, email, lock=True)
        device = known_devices.recognise(tx, device_cookie, user)
        keys = (
            [throttling.device_key(device)]
            if device
            else [throttling.pair_key(email, address), throttling.address_key(address)]
        )
        throttling.check(tx, keys, TOO_MANY)
        attempt = throttling.begin_attempt(tx, keys)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        # Recorded apart from the attempt's count: the refusal must not roll it back.
        with ctx.db.write() as tx:
            audit.record_failed_sign_in(tx, user, "wrong_password" if user else "no_account")
        raise Unauthenticated("Wrong email or password.", code="invalid_credentials")
    with ctx.db.write() as tx:
        throttling.forgive(tx, attempt, clear=keys[:1])
        if needs_rehash(user.password_hash):
            user = replace(user, password_hash=hash_password(password))
            user_q.set_password_hash(tx, user.id, user.password_hash)
        session = start_session(tx, user_id=user.id)
        audit.record(tx, AuditKind.SIGN_IN, user, detail={"method": "password"})
        return SignedIn(user, session, known_devices.issue(tx, user, device))
