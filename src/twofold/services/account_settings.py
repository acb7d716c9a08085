"""A signed-in person changing their own account: display name, look, email and password.

Changing the email or password asks for the current password, checked under its own throttle
(a stolen session must not become a way to guess the password), and a new password ends the
account's other browser sessions.
"""

from dataclasses import dataclass, replace

from twofold.domain import mail
from twofold.domain.audit import AuditKind
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Forbidden, NotFound
from twofold.domain.vocab import ColorTheme, UiLanguage
from twofold.services import audit, known_devices, languages, mail_queue, throttling
from twofold.services.accounts import normalise_email
from twofold.services.context import Ctx
from twofold.services.passwords import hash_password, verify_password
from twofold.store.database import Tx
from twofold.store.queries import users as user_q

EMAIL_TAKEN = "Another account already uses that email address."


def do_rename(ctx: Ctx, user: User, display_name: str) -> User:
    with ctx.db.write() as tx:
        user_q.set_display_name(tx, user.id, display_name.strip())
        return _current(tx, user.id)


def do_set_theme(ctx: Ctx, user: User, theme: ColorTheme) -> User:
    """Kept on the account rather than in one browser, so the choice follows the person to
    every device they sign in on."""
    with ctx.db.write() as tx:
        user_q.set_theme(tx, user.id, theme)
        return _current(tx, user.id)


def do_set_language(ctx: Ctx, user: User, language: UiLanguage) -> User:
    """On the account for the same reason as the theme: a German speaker signing in on a
    colleague's English browser still reads German."""
    with ctx.db.write() as tx:
        user_q.set_language(tx, user.id, language)
        return _current(tx, user.id)


def _current(tx: Tx, user_id: str) -> User:
    found = user_q.user_by_id(tx, user_id)
    if found is None:  # deleted while the request ran
        raise NotFound("Account not found.")
    return found


def _check_password(ctx: Ctx, user: User, password: str) -> User:
    """The account as stored now, once `password` proved to be its password."""
    keys = [throttling.account_check_key(user.id)]
    with ctx.db.write() as tx:
        throttling.check(tx, keys, "Too many wrong passwords.")
        attempt = throttling.begin_attempt(tx, keys)
        current = _current(tx, user.id)
    if not verify_password(current.password_hash, password):
        raise Forbidden(
            "That is not your current password.",
            code="wrong_password",
            details=[
                {"field": "current_password", "message": "That is not your current password."}
            ],
        )
    with ctx.db.write() as tx:
        throttling.forgive(tx, attempt, clear=keys)
    return current


def do_change_email(
    ctx: Ctx, user: User, email: str, current_password: str, *, notify_site: str | None
) -> User:
    """`notify_site`: the instance's address, to tell the old address of the change by mail
    (None when mail is off)."""
    email = normalise_email(email)
    current = _check_password(ctx, user, current_password)
    if email == current.email:
        return current
    with ctx.db.write() as tx:
        holder = user_q.user_by_email(tx, email)
        if holder is not None:
            raise Conflict(EMAIL_TAKEN, code="email_taken")
        user_q.set_email(tx, user.id, email)
        audit.record(tx, AuditKind.EMAIL_CHANGED, current, target=user.id)
        if notify_site is not None:
            language = languages.for_person(tx, current)
            message = mail.email_changed(
                current.email, email, current.display_name, notify_site, language
            )
            mail_queue.queue(tx, message)
        return replace(current, email=email)


@dataclass(frozen=True)
class PasswordChanged:
    device_cookie: str | None
    """A fresh known-device cookie for this browser when it was a known device: the old one
    was signed over the old password."""


def do_change_password(
    ctx: Ctx,
    user: User,
    current_password: str,
    new_password: str,
    *,
    keep_session: str | None,
    device_cookie: str | None,
) -> PasswordChanged:
    current = _check_password(ctx, user, current_password)
    new_hash = hash_password(new_password)
    with ctx.db.write() as tx:
        device = known_devices.recognise(tx, device_cookie, current)
        user_q.set_password_hash(tx, user.id, new_hash)
        # Every other browser signs in again; this one (if this is a browser) stays.
        user_q.delete_user_sessions(tx, user.id, keep=keep_session)
        audit.record(tx, AuditKind.PASSWORD_CHANGED, current, target=user.id)
        renewed = replace(current, password_hash=new_hash)
        return PasswordChanged(known_devices.issue(tx, renewed, device) if device else None)


def confirm_password(ctx: Ctx, user: User, password: str) -> User:
    """The account as stored now, once `password` proved to be its password; wrong guesses
    count under the same throttle as for a change of email or password."""
    return _check_password(ctx, user, password)
