"""Bodies for sign-up, sign-in, sessions and API tokens."""

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints

from twofold.api.schemas.base import DisplayName, Request, Response, TokenName
from twofold.domain import limits
from twofold.domain.accounts import Email, Password
from twofold.domain.vocab import ColorTheme, Role, UiLanguage


class SsoInfo(Response):
    provider_name: str
    """For the button: "Sign in with <provider_name>"."""
    sso_only: bool
    """Password sign-in is off (an owner's still works at /signin?password)."""


class SetupInfo(Response):
    needs_owner: bool
    open_signup: bool
    sso: SsoInfo | None = None
    """Set when single sign-on is configured."""


class SignupRequest(Request):
    email: Email
    password: Password
    display_name: DisplayName
    invite_token: Annotated[str, StringConstraints(max_length=100)] | None = None


class LoginRequest(Request):
    email: Annotated[str, StringConstraints(min_length=1, max_length=limits.EMAIL_MAX)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=limits.PASSWORD_MAX)]


class User(Response):
    id: str
    email: str
    display_name: str
    is_owner: bool
    theme: ColorTheme = ColorTheme.SYSTEM
    """`system` follows the device's light/dark setting."""
    language: UiLanguage = UiLanguage.AUTO
    """`auto` follows the browser's preferred language among those shipped."""


class Guest(Response):
    id: str
    retro_id: str
    display_name: str
    role: Role


class Session(Response):
    user: User | None
    guest: Guest | None
    csrf_token: str | None


class SsoSetup(Response):
    """Single sign-on as the instance's settings configure it (docs/sso.md). The client
    secret is never sent, only whether one is set."""

    enabled: bool
    provider_name: str
    discovery_url: str
    client_id: str
    client_secret_set: bool
    scopes: str
    allowed_domains: list[str]
    sso_only: bool
    groups_claim: str
    owner_group: str
    linked_accounts: int
    """Accounts that have signed in through the provider at least once."""


class SsoRedirect(Response):
    url: str
    """Where the browser goes next (the provider's sign-in page)."""


class SsoPending(Response):
    email: str
    """The account the provider identity will be linked to once its password is given."""


class SsoLinkRequest(Request):
    password: Annotated[str, StringConstraints(min_length=1, max_length=limits.PASSWORD_MAX)]


class SsoLinked(Session):
    next: str
    """The same-site path the sign-in started from."""


class SsoSignedOut(Response):
    end_session_url: str | None
    """The provider's sign-out page to send the browser to, when the account signs in through
    a provider that offers one (RP-initiated logout)."""


class TokenCreate(Request):
    name: TokenName


class ApiToken(Response):
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    token: str | None = None
