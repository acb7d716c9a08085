"""Bodies for teams, members and invites."""

from datetime import datetime
from typing import Annotated

from pydantic import Field

from twofold.api.schemas.base import DisplayName, Request, Response, TeamName
from twofold.domain import limits
from twofold.domain.vocab import Role, TextLanguage


class TeamCreate(Request):
    name: TeamName
    role: Role
    language: TextLanguage = TextLanguage.EN
    """What the server writes for the team: mail to members on `auto`, chat posts, wiki pages,
    reports, exports; also the language of the built-in templates' and prompts' words."""


class TeamUpdate(Request):
    """Only what is given changes (facilitators only)."""

    name: TeamName | None = None
    language: TextLanguage | None = None


class MemberUpdate(Request):
    role: Role | None = None
    is_facilitator: bool | None = None


class TeamSummary(Response):
    id: str
    name: str
    my_role: Role
    is_facilitator: bool
    member_count: int
    retro_count: int


class TeamMe(Response):
    user_id: str
    role: Role
    is_facilitator: bool


class Member(Response):
    user_id: str
    display_name: str
    email: str
    role: Role
    is_facilitator: bool
    joined_at: datetime


class Team(Response):
    id: str
    name: str
    created_at: datetime
    language: TextLanguage
    me: TeamMe
    members: list[Member]


class InviteCreate(Request):
    retro_id: Annotated[str, Field(max_length=64)] | None = None
    expires_in_hours: Annotated[int, Field(ge=1, le=limits.INVITE_HOURS_MAX)] = (
        limits.INVITE_HOURS_DEFAULT
    )
    guests_only: bool = False


class Invite(Response):
    id: str
    token: str
    url: str
    team_id: str
    retro_id: str | None
    retro_title: str | None
    expires_at: datetime
    revoked: bool
    created_at: datetime
    guests_only: bool


class InvitePreview(Response):
    team_name: str
    retro_id: str | None
    retro_title: str | None
    expires_at: datetime
    guests_only: bool


class InviteAccept(Request):
    role: Role


class InviteAccepted(Response):
    team_id: str


class GuestJoin(Request):
    display_name: DisplayName
    role: Role
