"""The instance owner's part in accounts: finding them, and one-time links for someone to
choose a new password, shown once to the owner and mailed to the person when mail is set up.

A link is a 256-bit secret kept only as a keyed hash. It works once, for RESET_TTL, and only
while it is the account's latest; using it ends every session of the account.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from twofold.domain import limits, mail
from twofold.domain.accounts import RESET_PROBLEMS, AccountSummary, ResetLink
from twofold.domain.audit import AuditKind
from twofold.domain.entities import User
from twofold.domain.errors import Gone, NotFound
from twofold.services import audit, languages, mail_queue
from twofold.services.access import check_instance_owner
from twofold.services.context import Ctx
from twofold.services.passwords import hash_password
from twofold.store.database import Tx
from twofold.store.queries import password_resets as reset_q
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import new_secret, now

RESET_TTL = timedelta(hours=limits.RESET_LINK_HOURS)
RESET_PATH = "/reset/"
NOT_VALID = "This link is not valid. Check that you copied all of it."


def list_accounts(
    ctx: Ctx, owner: User, text: str, offset: int
) -> tuple[list[AccountSummary], int]:
    check_instance_owner(owner)
    with ctx.db.read() as tx:
        return user_q.search_users(tx, text.strip(), limits.ACCOUNTS_PAGE_MAX, offset)


@dataclass(frozen=True)
class NewResetLink:
    account: User
    path: str
    """`/reset/<secret>`: the page where the person chooses the password."""
    expires_at: datetime
    mailed: bool


def do_create_reset_link(
    ctx: Ctx, owner: User, user_id: str, *, site_url: str, mail_enabled: bool
) -> NewResetLink:
    """`site_url` is the instance's address, for the full link in the mail."""
    check_instance_owner(owner)
    token = new_secret()
    path = RESET_PATH + token
    with ctx.db.write() as tx:
        account = user_q.user_by_id(tx, user_id)
        if account is None:
            raise NotFound("Account not found.")
        link = reset_q.insert(tx, account.id, owner.id, token, RESET_TTL)
        audit.record(tx, AuditKind.PASSWORD_RESET_LINK, owner, target=account.id)
        if mail_enabled:
            message = mail.password_reset(
                account.email,
                account.display_name,
                site_url.rstrip("/") + path,
                link.expires_at,
                owner.display_name,
                languages.for_person(tx, account),
            )
            mail_queue.queue(tx, message)
    return NewResetLink(account, path, link.expires_at, mail_enabled)


def _usable(tx: Tx, token: str) -> tuple[ResetLink, User]:
    link = reset_q.by_token(tx, token) if len(token) <= 100 else None
    account = user_q.user_by_id(tx, link.user_id) if link else None
    if link is None or account is None:
        raise NotFound(NOT_VALID)
    problem = link.problem(now())
    if problem is not None:
        raise Gone(RESET_PROBLEMS[problem], code=problem)
    return link, account


def preview_reset(ctx: Ctx, token: str) -> tuple[User, datetime]:
    """Whose password the link sets, and until when it works."""
    with ctx.db.read() as tx:
        link, account = _usable(tx, token)
        return account, link.expires_at


def do_reset_password(ctx: Ctx, token: str, password: str) -> User:
    password_hash = hash_password(password)
    with ctx.db.write() as tx:
        link, account = _usable(tx, token)
        if not reset_q.use(tx, link.id, now()):
            # Someone else used it between our read and this write.
            raise Gone(RESET_PROBLEMS["reset_used"], code="reset_used")
        user_q.set_password_hash(tx, account.id, password_hash)
        user_q.delete_user_sessions(tx, account.id)
        audit.record(tx, AuditKind.PASSWORD_RESET, account, target=account.id)
        return account
