"""Commands a participant sends to a live board, one model per kind, discriminated by `name`.

The same models validate WebSocket frames and the REST command endpoint, so both paths accept
exactly the same things.
"""

from datetime import date, datetime
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_validator,
)

from twofold.domain import limits
from twofold.domain.actions import (
    ACTION_TITLE_MAX,
    DROP_REASON_MAX,
    ActionCategory,
    Owner,
    ReviewOutcome,
)
from twofold.domain.phases import Phase
from twofold.domain.text import no_nul
from twofold.domain.vocab import Friction, Polarity

Id = Annotated[str, StringConstraints(min_length=1, max_length=64)]
CardText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.CARD_TEXT_MAX)
]
GroupTitle = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]
CommandId = Annotated[str, StringConstraints(min_length=8, max_length=64, pattern=r"^[\w-]+$")]


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    _no_nul = field_validator("*", mode="after")(no_nul)


class AddCard(_Args):
    name: Literal["add_card"] = "add_card"
    column_id: Id
    text: CardText
    polarity: Polarity | None = None
    friction: Friction | None = None


class EditCard(_Args):
    """Fields left out stay as they are; `friction: null` clears it."""

    name: Literal["edit_card"] = "edit_card"
    card_id: Id
    text: CardText | None = None
    polarity: Polarity | None = None
    friction: Friction | None = None
    column_id: Id | None = None


class DeleteCard(_Args):
    name: Literal["delete_card"] = "delete_card"
    card_id: Id


class GroupCards(_Args):
    """Put cards into an existing group, or (without `group_id`) into a new one."""

    name: Literal["group_cards"] = "group_cards"
    card_ids: Annotated[list[Id], Field(min_length=1, max_length=100)]
    group_id: Id | None = None
    title: GroupTitle | None = None


class UngroupCard(_Args):
    name: Literal["ungroup_card"] = "ungroup_card"
    card_id: Id


class RenameGroup(_Args):
    name: Literal["rename_group"] = "rename_group"
    group_id: Id
    title: GroupTitle


class MergeGroups(_Args):
    name: Literal["merge_groups"] = "merge_groups"
    source_group_id: Id
    target_group_id: Id


class Vote(_Args):
    name: Literal["vote"] = "vote"
    topic_id: Id


class Unvote(_Args):
    name: Literal["unvote"] = "unvote"
    topic_id: Id


class SetPhase(_Args):
    name: Literal["set_phase"] = "set_phase"
    phase: Phase


class SetReady(_Args):
    name: Literal["set_ready"] = "set_ready"
    ready: bool


class CheckIn(_Args):
    name: Literal["check_in"] = "check_in"
    text: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class SetTimer(_Args):
    """Start a countdown for the current phase; `seconds: null` stops it."""

    name: Literal["set_timer"] = "set_timer"
    seconds: Annotated[int, Field(ge=10, le=3600)] | None


class React(_Args):
    name: Literal["react"] = "react"
    card_id: Id
    emoji: Annotated[str, StringConstraints(min_length=1, max_length=16)]


class SetTopic(_Args):
    name: Literal["set_topic"] = "set_topic"
    topic_id: Id | None


class SaveNotes(_Args):
    name: Literal["save_notes"] = "save_notes"
    topic_id: Id
    text: Annotated[str, StringConstraints(max_length=5000)]


class CreateAction(_Args):
    """`owner` names one member or the PM and tech lead together; the older `owner_user_id`
    (a member) and `owner_name` (free text, for boards run without accounts) still work."""

    name: Literal["create_action"] = "create_action"
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ACTION_TITLE_MAX)
    ]
    category: ActionCategory | None = None
    owner: Owner | None = None
    owner_user_id: Id | None = None
    owner_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] | None = (
        None
    )
    due: date | None = None
    topic_id: Id | None = None
    source_card_id: Id | None = None

    @model_validator(mode="after")
    def _one_owner(self) -> Self:
        if self.owner is not None and self.owner_user_id is not None:
            raise ValueError("Give the owner either as `owner` or as `owner_user_id`, not both.")
        return self


class ReviewAction(_Args):
    """What the review phase decided about an earlier action item."""

    name: Literal["review_action"] = "review_action"
    action_id: Id
    outcome: ReviewOutcome
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=DROP_REASON_MAX)] | (
        None
    ) = None
    new_due: date | None = None


class UpdateSettings(_Args):
    """Only the fields given change."""

    name: Literal["update_settings"] = "update_settings"
    anonymous: bool | None = None
    show_roles: bool | None = None
    skipped_phases: Annotated[list[Phase], Field(max_length=9)] | None = None
    collect_early: bool | None = None
    collect_deadline: datetime | None = None
    votes_per_person: Annotated[int, Field(ge=1, le=20)] | None = None
    max_votes_per_card: Annotated[int, Field(ge=1, le=20)] | None = None
    hide_tallies: bool | None = None
    health_radar: bool | None = None
    situation_hints: bool | None = None


BoardCommand = Annotated[
    AddCard
    | EditCard
    | DeleteCard
    | GroupCards
    | UngroupCard
    | RenameGroup
    | MergeGroups
    | Vote
    | Unvote
    | SetPhase
    | SetReady
    | CheckIn
    | SetTimer
    | React
    | SetTopic
    | SaveNotes
    | CreateAction
    | ReviewAction
    | UpdateSettings,
    Field(discriminator="name"),
]


class CommandEnvelope(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Literal["command"] = "command"
    command_id: CommandId
    command: BoardCommand


board_command_adapter: TypeAdapter[BoardCommand] = TypeAdapter(BoardCommand)
