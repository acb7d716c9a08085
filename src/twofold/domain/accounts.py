"""Accounts as the instance owner sees them, one-time password reset links, and the rules
for what a new account is given."""

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import EmailStr, StringConstraints

from twofold.domain import limits

# One spelling of each rule, for the sign-up form, the password pages and `twofold user create`.
Email = Annotated[EmailStr, StringConstraints(max_length=limits.EMAIL_MAX)]
Password = Annotated[
    str, StringConstraints(min_length=limits.PASSWORD_MIN, max_length=limits.PASSWORD_MAX)
]


@dataclass(frozen=True)
class AccountSummary:
    id: str
    email: str
    display_name: str
    is_owner: bool
    created_at: datetime
    reset_link_expires_at: datetime | None
    """When the account's open reset link runs out, if it has one."""


@dataclass(frozen=True)
class ResetLink:
    id: str
    user_id: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    replaced_at: datetime | None

    def problem(self, now: datetime) -> str | None:
        """Why the link can no longer be used, as an error code, or None while it can."""
        if self.used_at is not None:
            return "reset_used"
        if self.replaced_at is not None:
            return "reset_replaced"
        if self.expires_at <= now:
            return "reset_expired"
        return None


RESET_PROBLEMS = {
    "reset_used": "This link was already used. Ask the owner of your Twofold instance for a "
    "new one if you still need to choose a password.",
    "reset_replaced": "A newer link was made for your account, so this one no longer works. "
    "Use the newest link you were given.",
    "reset_expired": "This link has expired. Ask the owner of your Twofold instance for a new one.",
}
