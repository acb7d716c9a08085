"""Bodies for templates, retros, columns and cards."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from twofold.api.schemas.base import (
    CardText,
    ColumnTitle,
    Request,
    Response,
    RetroTitle,
    SprintName,
)
from twofold.domain import limits
from twofold.domain.events import ActionView, CardView, GroupView, ParticipantView
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.vocab import Friction, Polarity, Role, TemplateKey

Id = Annotated[str, Field(min_length=1, max_length=64)]


class RetroCreate(Request):
    title: RetroTitle
    sprint_name: SprintName | None = None
    sprint_start: date | None = None
    sprint_end: date | None = None
    template: TemplateKey | None = Field(
        default=None,
        description="A built-in template; the default (`pm_engineering`) when neither this nor"
        " `team_template_id` is given.",
    )
    team_template_id: Id | None = Field(
        default=None, description="One of the team's own templates, instead of a built-in one."
    )


class RetroUpdate(Request):
    title: RetroTitle | None = None
    sprint_name: SprintName | None = None
    sprint_start: date | None = None
    sprint_end: date | None = None


class ColumnCreate(Request):
    title: ColumnTitle
    polarities: Annotated[list[Polarity], Field(min_length=1, max_length=3)] | None = None


class ColumnUpdate(Request):
    title: ColumnTitle | None = None
    position: Annotated[int, Field(ge=0, le=limits.COLUMNS_PER_RETRO_MAX)] | None = None


class Column(Response):
    id: str
    retro_id: str
    title: str
    position: int
    polarities: list[Polarity]


class CardCreate(Request):
    column_id: Id
    text: CardText
    polarity: Polarity | None = None
    friction: Friction | None = None


class CardUpdate(Request):
    text: CardText | None = None
    polarity: Polarity | None = None
    friction: Friction | None = None
    column_id: Id | None = None


class Card(CardView):
    """A card as you may see it: while cards are hidden, other people's cards carry only
    `id`, `column_id`, `group_id` and `hidden: true`."""

    retro_id: str
    is_mine: bool


class Participant(Response):
    kind: Literal["member", "guest"]
    id: str
    key: str
    display_name: str
    role: Role
    is_facilitator: bool


class RetroArchive(Request):
    archived: bool = Field(description="True to archive the retro, false to bring it back.")


class RetroHead(Response):
    """What the team's list and the board both say about a retro."""

    id: str
    team_id: str
    title: str
    sprint_name: str | None
    sprint_start: date | None
    sprint_end: date | None
    template: TemplateKey
    template_name: str | None = Field(
        description="The team template's name when `template` is `team`, else null."
    )
    phase: Phase
    created_at: datetime
    card_count: int
    archived_at: datetime | None = Field(
        description="When the retro was archived: out of the team's list, kept whole. Null "
        "while it is not."
    )


class RetroSummary(RetroHead):
    """A retro in the team's list."""

    action_count: int = Field(description="Action items agreed in this retro, whatever state.")
    closed_at: datetime | None = Field(
        description="When the retro was last closed; null while it is open."
    )


class Retro(RetroHead):
    """The whole board as you may see it, as of event `seq`."""

    seq: int
    team_name: str
    settings: RetroSettings
    timer_ends_at: datetime | None
    timer_seconds: int | None
    topic_id: str | None
    columns: list[Column]
    groups: list[GroupView]
    cards: list[Card]
    votes: dict[str, int]
    my_votes: dict[str, int]
    votes_used: dict[str, int]
    reactions: dict[str, dict[str, list[str]]] = Field(
        description="By card, then emoji: who reacted, as participant keys. In an anonymous "
        'retro everyone but you is `"anonymous"`.'
    )
    participants: list[ParticipantView]
    notes: dict[str, str]
    actions: list[ActionView]
    earlier_actions: list[ActionView] = Field(
        description="Open action items from this team's earlier retros, and those this retro "
        "already reviewed, for the review phase. A guest gets only the items this retro "
        "reviews, without the ids of other retros, their cards or topics."
    )
    backlog_cards: dict[str, str] = Field(
        description="This retro's cards already in the tech-debt backlog, each with its debt "
        "item; always empty for guests."
    )
    me: Participant


class FrictionSuggestionRequest(Request):
    text: CardText
    column_id: str | None = Field(
        default=None, max_length=64, description="The column the card is in, when known."
    )
    polarity: Polarity | None = Field(default=None, description="The card's polarity, if known.")


class FrictionSuggestion(Response):
    friction: Friction
    confidence: float = Field(ge=0, le=1)
    confident: bool


class FrictionSuggestions(Response):
    suggestions: list[FrictionSuggestion]
    ready: bool = Field(
        default=True,
        description="False while the server is still fitting its model after a start; the "
        "list is then empty, and asking again in a moment gives the answer.",
    )
