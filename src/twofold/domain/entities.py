"""The objects the store hands to services: plain, immutable, and free of any ORM state."""

from dataclasses import dataclass, field
from datetime import date, datetime

from twofold.domain.phases import Phase
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.vocab import (
    ColorTheme,
    Friction,
    Polarity,
    Role,
    TemplateKey,
    TextLanguage,
    UiLanguage,
)


@dataclass(frozen=True)
class User:
    id: str
    email: str
    display_name: str
    is_owner: bool
    password_hash: str
    theme: ColorTheme = ColorTheme.SYSTEM
    language: UiLanguage = UiLanguage.AUTO


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    created_at: datetime
    language: TextLanguage = TextLanguage.EN
    """What the server writes for the whole team, or outside it, is in this language."""


@dataclass(frozen=True)
class Membership:
    team_id: str
    user_id: str
    role: Role
    is_facilitator: bool
    joined_at: datetime


@dataclass(frozen=True)
class MemberView:
    """A membership joined with the person's name, for team pages."""

    membership: Membership
    display_name: str
    email: str


@dataclass(frozen=True)
class Invite:
    id: str
    team_id: str
    retro_id: str | None
    token: str
    expires_at: datetime
    revoked: bool
    created_at: datetime
    guests_only: bool = False


@dataclass(frozen=True)
class Guest:
    id: str
    retro_id: str
    display_name: str
    role: Role


@dataclass(frozen=True)
class Retro:
    id: str
    team_id: str
    title: str
    sprint_name: str | None
    sprint_start: date | None
    sprint_end: date | None
    template: TemplateKey
    created_at: datetime
    last_seq: int
    phase: Phase = Phase.CHECK_IN
    settings: RetroSettings = field(default_factory=RetroSettings)
    timer_ends_at: datetime | None = None
    timer_seconds: int | None = None
    topic_id: str | None = None
    template_name: str | None = None
    """The team template's name when `template` is `TemplateKey.TEAM`."""
    archived_at: datetime | None = None
    """Set while the retro is archived: out of the team's list, kept whole."""


@dataclass(frozen=True)
class RetroListing:
    """A retro as the team's list shows it: where it stands and what it holds."""

    retro: Retro
    card_count: int
    action_count: int
    closed_at: datetime | None
    """When it was last closed; None while it is open."""


@dataclass(frozen=True)
class Column:
    id: str
    retro_id: str
    title: str
    position: int
    polarities: tuple[Polarity, ...]


@dataclass(frozen=True)
class Card:
    id: str
    retro_id: str
    column_id: str
    text: str
    polarity: Polarity
    friction: Friction | None
    author_role: Role
    author_user_id: str | None
    author_guest_id: str | None
    author_name: str
    created_at: datetime
    updated_at: datetime
    group_id: str | None = None


@dataclass(frozen=True)
class ApiToken:
    id: str
    user_id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
