"""Bodies for sign-up, sign-in, sessions and API tokens."""

from datetime import datetime
from typing import Annotated

from pydantic import StringConstraints

from twofold.api.schemas.base import DisplayName, Request, Response, TokenName
from twofold.domain import limits
from twofold.domain.accounts import Email, Password
from twofold.domain.vocab import ColorTheme, Role


class SetupInfo(Response):
    needs_owner: bool
    open_signup: bool


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


class Guest(Response):
    id: str
    retro_id: str
    display_name: str
    role: Role


class Session(Response):
    user: User | None
    guest: Guest | None
    csrf_token: str | None


class TokenCreate(Request):
    name: TokenName


class ApiToken(Response):
    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    token: str | None = None
