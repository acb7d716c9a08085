"""The closing summary of a retro. The same model is the JSON export's documented schema."""

from datetime import date, datetime

from pydantic import Field

from twofold.api.schemas.base import Request, Response
from twofold.api.schemas.signals import RetroSignals
from twofold.api.schemas.situations import PerceptionGap
from twofold.domain.debt import DebtStatus
from twofold.domain.equal_voice import VoiceFlag
from twofold.domain.events import ActionView
from twofold.domain.phases import Phase
from twofold.domain.vocab import Friction, Polarity, Role


class SummaryCard(Response):
    id: str
    column_id: str
    column_title: str
    text: str | None
    polarity: Polarity | None
    friction: Friction | None
    author_role: Role | None = Field(
        description="Null where the board does not show it (anonymous retros hiding roles)."
    )
    author_name: str | None = Field(description="Null in anonymous retros.")


class SummaryTopic(Response):
    id: str
    title: str | None = Field(description="The group's title; null for a card on its own.")
    votes: int
    notes: str | None
    cards: list[SummaryCard]


class FrictionCount(Response):
    friction: Friction
    count: int


class ColumnFriction(Response):
    column_id: str
    column_title: str
    counts: list[FrictionCount]


class RoleFriction(Response):
    role: Role
    counts: list[FrictionCount]


class SideTally(Response):
    product: int
    engineering: int
    apart: int = Field(description="Roles on neither side (engineering managers).")
    joint: int = Field(description="Action items only: owned by the PM and tech lead together.")
    product_share: float | None = Field(
        description="Product's share of product + engineering (joint items count for both), "
        "0-1; null when both are 0."
    )
    engineering_share: float | None


class EqualVoice(Response):
    shown: bool = Field(
        description="False in an anonymous retro with fewer than 3 people on a side: the "
        "figures are too few to show and every other field is null."
    )
    people: SideTally | None
    cards: SideTally | None
    votes: SideTally | None
    notes: SideTally | None = Field(
        description="People who wrote in a topic's notes, once per person and topic."
    )
    actions: SideTally | None = Field(description="Action items by their owner's side.")
    flags: list[VoiceFlag]


class SummaryDebt(Response):
    id: str
    title: str
    area: str
    status: DebtStatus


class ClosingSummary(Response):
    """A retro's outcome as you may see it on its board: hidden cards and anonymous authors
    stay hidden, and a guest's summary holds what a guest's board holds."""

    retro_id: str
    team_name: str
    title: str
    sprint_name: str | None
    sprint_start: date | None
    sprint_end: date | None
    phase: Phase
    preview: bool = Field(description="True while the retro is open (a facilitator's preview).")
    anonymous: bool
    people_by_role: dict[str, int] = Field(description="Who took part, counted by role.")
    names: list[str] | None = Field(description="Who took part; null in anonymous retros.")
    signals: RetroSignals
    satisfaction: float | None = Field(
        description="The pulse average, once at least 3 pulses are in; null for guests."
    )
    topics: list[SummaryTopic] = Field(description="Most votes first.")
    hidden_cards: int = Field(description="Cards not yet revealed: counted, never listed.")
    actions: list[ActionView]
    debt: list[SummaryDebt] = Field(
        description="Debt items raised in this retro; empty for guests."
    )
    friction_by_column: list[ColumnFriction]
    friction_by_role: list[RoleFriction]
    equal_voice: EqualVoice | None = Field(
        description="Null while cards are hidden (before the reveal, in a preview)."
    )
    perception_gaps: list[PerceptionGap] = Field(
        default_factory=list,
        description="Pairs of a product and an engineering card about one situation that "
        "disagree, by side only (at most 20); none while cards are hidden, with situation "
        "hints off, or in an anonymous retro with fewer than 3 authors on a side.",
    )


class ShareCreate(Request):
    expires_at: datetime | None = Field(
        default=None, description="When the link stops working; null for never (until revoked)."
    )


class Share(Response):
    id: str
    retro_id: str
    created_at: datetime
    created_by: str | None
    expires_at: datetime | None
    revoked_at: datetime | None


class ShareCreated(Share):
    path: str = Field(
        description="`/shared/<secret>`, the page to send. Shown only now: only a hash is kept."
    )
