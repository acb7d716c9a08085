"""Bodies for changing one's own account, the owner's accounts section and reset links."""

from datetime import datetime
from typing import Annotated, Any

from pydantic import EmailStr, StringConstraints

from twofold.api.schemas.base import DisplayName, Request, Response
from twofold.domain import limits
from twofold.domain.accounts import Password
from twofold.domain.audit import AuditKind
from twofold.domain.vocab import ColorTheme, UiLanguage

CurrentPassword = Annotated[str, StringConstraints(min_length=1, max_length=limits.PASSWORD_MAX)]


class ProfileUpdate(Request):
    display_name: DisplayName


class ThemeChoice(Request):
    theme: ColorTheme


class LanguageChoice(Request):
    language: UiLanguage


class EmailChange(Request):
    email: Annotated[EmailStr, StringConstraints(max_length=limits.EMAIL_MAX)]
    current_password: CurrentPassword


class PasswordChange(Request):
    current_password: CurrentPassword
    new_password: Password


class AccountSummary(Response):
    id: str
    email: str
    display_name: str
    is_owner: bool
    created_at: datetime
    reset_link_expires_at: datetime | None


class AccountPage(Response):
    accounts: list[AccountSummary]
    total: int
    """How many accounts match the search; `accounts` holds at most 50 of them."""
    offset: int


class ResetLinkCreated(Response):
    user_id: str
    email: str
    display_name: str
    path: str
    """`/reset/<secret>`, shown this once: only a keyed hash of it is kept."""
    url: str
    """The full link, on TWOFOLD_PUBLIC_URL (or the address this request came to)."""
    expires_at: datetime
    mailed: bool
    """Whether it was queued for mail to the person (mail is set up)."""


class UndeliveredMail(Response):
    id: str
    to: str
    subject: str
    attempts: int
    last_error: str | None
    created_at: datetime
    failed_at: datetime | None


class MailStatus(Response):
    enabled: bool
    waiting: int
    failed_total: int
    failed: list[UndeliveredMail]


class ResetPreview(Response):
    email: str
    display_name: str
    expires_at: datetime


class ResetPassword(Request):
    password: Password


class AccountDeletion(Request):
    """`password` when deleting one's own account; `confirm` is the phrase "delete my account"
    for an account with no password, or the account's email when the owner deletes it."""

    password: Annotated[str, StringConstraints(max_length=limits.PASSWORD_MAX)] | None = None
    confirm: Annotated[str, StringConstraints(max_length=limits.EMAIL_MAX)] = ""


class AuditEvent(Response):
    id: int
    at: datetime
    kind: AuditKind
    actor_id: str | None
    actor: str
    """How the actor is shown: name and email, a guest's name, "Twofold" for the instance
    itself, "unknown account" for a sign-in at an address no account has, "a former member"
    once the account was deleted."""
    team_id: str | None
    target: str | None
    ip: str | None
    detail: dict[str, Any]


class AuditPage(Response):
    events: list[AuditEvent]
    total: int
    offset: int
    retention_days: int
