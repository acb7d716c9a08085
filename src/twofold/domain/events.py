"""Typed events of a retro board, one model per kind, discriminated by `type`.

Every change to a board is recorded as one of these in the same transaction as the change, with
a per-board sequence number, so a client that missed some can replay them in order. An event
may have two forms: the full one for one participant (say, a card's author) and a public one for
everybody else, with what they may not see left out.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
)

from twofold.domain.actions import ActionCategory, ReviewOutcome
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.vocab import Friction, Polarity, Role

MEMBERS = "members"
"""The audience of an event whose full form is for the team's members: its guests get the
public form."""

MEMBER_PREFIX = "m:"
"""How a member's participant key starts (a guest's starts with `g:`)."""

ANONYMOUS = "anonymous"
"""Stands for a participant in an anonymous retro, wherever others may not learn who it was."""


def gets_full_form(audience: str, viewer: str) -> bool:
    """Whether `viewer` (a participant key, `m:...` for a member, `g:...` for a guest) gets an
    event's full form rather than its public one."""
    return audience in ("all", viewer) or (audience == MEMBERS and viewer.startswith(MEMBER_PREFIX))


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class CardView(_Model):
    """A card as one viewer may see it. Hidden cards carry only where they are."""

    id: str
    column_id: str
    group_id: str | None = None
    hidden: bool = False
    text: str | None = None
    polarity: Polarity | None = None
    friction: Friction | None = None
    author_role: Role | None = None
    author_kind: Literal["member", "guest"] | None = None
    author_id: str | None = None
    author_name: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    # Left unannotated so that the published schema stays the card's own fields: an annotated
    # return would make it a bare object.
    @model_serializer(mode="wrap")
    def _only_what_is_there(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        """A hidden card goes out as its place alone, without a row of empty fields: on a
        2,000-card board in the write phase that is most of what a guest's snapshot weighs."""
        data = handler(self)
        if self.hidden and isinstance(data, dict):
            return {name: value for name, value in data.items() if value is not None}
        return data


class ColumnView(_Model):
    id: str
    title: str
    position: int
    polarities: tuple[Polarity, ...]


class GroupView(_Model):
    id: str
    title: str


class ParticipantView(_Model):
    key: str
    display_name: str
    role: Role
    kind: Literal["member", "guest"]
    ready_phase: Phase | None = None
    check_in: str | None = None


class ActionView(_Model):
    """An action item as the board shows it. For a joint owner (`owner_kind` "joint")
    `owner_name` is empty and the two people are named separately, for the reader to word; the
    lifecycle fields have defaults so events logged before they existed still replay."""

    id: str
    title: str
    owner_user_id: str | None
    owner_name: str | None
    due: date | None
    status: str
    topic_id: str | None
    created_at: datetime
    retro_id: str | None = None
    category: ActionCategory | None = None
    owner_kind: Literal["person", "joint"] | None = None
    joint_pm_user_id: str | None = None
    joint_pm_name: str | None = None
    joint_tech_lead_user_id: str | None = None
    joint_tech_lead_name: str | None = None
    carry_count: int = 0
    drop_reason: str | None = None
    closed_on: date | None = None
    source_card_id: str | None = None
    last_review_retro_id: str | None = None
    last_review_outcome: ReviewOutcome | None = None


class CardAdded(_Model):
    type: Literal["card_added"] = "card_added"
    card: CardView


class CardEdited(_Model):
    type: Literal["card_edited"] = "card_edited"
    card: CardView


class CardDeleted(_Model):
    type: Literal["card_deleted"] = "card_deleted"
    card_id: str
    removed_group_id: str | None = None


class ColumnAdded(_Model):
    type: Literal["column_added"] = "column_added"
    column: ColumnView


class ColumnChanged(_Model):
    type: Literal["column_changed"] = "column_changed"
    column: ColumnView


class ColumnRemoved(_Model):
    type: Literal["column_removed"] = "column_removed"
    column_id: str


class RetroChanged(_Model):
    type: Literal["retro_changed"] = "retro_changed"
    title: str
    sprint_name: str | None


class PhaseChanged(_Model):
    """Entering the reveal (or any later phase) from a hidden one carries every card, now
    visible; leaving a vote with hidden tallies carries the tallies."""

    type: Literal["phase_changed"] = "phase_changed"
    phase: Phase
    revealed: tuple[CardView, ...] | None = None
    tallies: dict[str, int] | None = None


class SettingsChanged(_Model):
    type: Literal["settings_changed"] = "settings_changed"
    settings: RetroSettings
    revealed: tuple[CardView, ...] | None = None


class GroupCreated(_Model):
    type: Literal["group_created"] = "group_created"
    group: GroupView
    card_ids: tuple[str, ...]
    removed_group_ids: tuple[str, ...] = ()


class CardsGrouped(_Model):
    """Cards joined a group; groups left empty by the move are gone. `title` is the group's
    new title when the same command renamed it (None: unchanged)."""

    type: Literal["cards_grouped"] = "cards_grouped"
    group_id: str
    card_ids: tuple[str, ...]
    removed_group_ids: tuple[str, ...] = ()
    title: str | None = None


class CardUngrouped(_Model):
    type: Literal["card_ungrouped"] = "card_ungrouped"
    card_id: str
    removed_group_id: str | None = None


class GroupRenamed(_Model):
    type: Literal["group_renamed"] = "group_renamed"
    group: GroupView


class GroupsMerged(_Model):
    type: Literal["groups_merged"] = "groups_merged"
    source_group_id: str
    target_group_id: str


class VoteChanged(_Model):
    """`topic_id` and `topic_votes` are left out of the public form while tallies are hidden."""

    type: Literal["vote_changed"] = "vote_changed"
    voter: str | None
    votes_used: int
    topic_id: str | None = None
    topic_votes: int | None = None
    my_topic_votes: int | None = None


class ReadyChanged(_Model):
    type: Literal["ready_changed"] = "ready_changed"
    participant: ParticipantView


class ParticipantJoined(_Model):
    """Someone took part in this retro for the first time (so "ready" counts them)."""

    type: Literal["participant_joined"] = "participant_joined"
    participant: ParticipantView


class CheckedIn(_Model):
    type: Literal["checked_in"] = "checked_in"
    participant: ParticipantView


class TimerSet(_Model):
    type: Literal["timer_set"] = "timer_set"
    ends_at: datetime | None
    seconds: int | None


class ReactionToggled(_Model):
    """`participant` is who reacted; in an anonymous retro everyone but that person gets
    `ANONYMOUS` instead, so a reaction still counts but names nobody."""

    type: Literal["reaction_toggled"] = "reaction_toggled"
    card_id: str
    emoji: str
    participant: str
    on: bool


class TopicSet(_Model):
    type: Literal["topic_set"] = "topic_set"
    topic_id: str | None


class NotesSaved(_Model):
    type: Literal["notes_saved"] = "notes_saved"
    topic_id: str
    text: str


class ActionCreated(_Model):
    type: Literal["action_created"] = "action_created"
    action: ActionView


class ActionReviewed(_Model):
    """An earlier action item was marked done, carried over or dropped in this retro's review."""

    type: Literal["action_reviewed"] = "action_reviewed"
    action: ActionView
    outcome: ReviewOutcome
    reason: str | None = None


class SignalsChanged(_Model):
    """The sprint's signals or pulses changed. It carries nothing: guests and members see
    different parts of the signals, so each client fetches what it may see."""

    type: Literal["signals_changed"] = "signals_changed"


class RadarChanged(_Model):
    """Someone answered the health radar or changed their answer. It carries nothing, not even
    who: each client fetches the radar, whose averages are all anyone may see."""

    type: Literal["radar_changed"] = "radar_changed"


class ActionChanged(_Model):
    """An action item changed outside the board (its status, owner, due date or category on the
    team's page); every open board that lists it shows the change."""

    type: Literal["action_changed"] = "action_changed"
    action: ActionView


class ActionRemoved(_Model):
    """An action item was deleted: every board that lists it drops it. Only the id travels, so
    a board that never listed the item learns nothing about it."""

    type: Literal["action_removed"] = "action_removed"
    action_id: str


class BacklogChanged(_Model):
    """Cards of this board went into the tech-debt backlog, or left it: each card's debt item,
    or null when it is in the backlog no more. For members; guests never see the backlog."""

    type: Literal["backlog_changed"] = "backlog_changed"
    cards: dict[str, str | None]


class Withheld(_Model):
    """Something changed on the board that this participant may not see (the public form of an
    event for members only). It carries nothing; it keeps the participant's `seq` whole."""

    type: Literal["withheld"] = "withheld"


BoardEvent = Annotated[
    CardAdded
    | CardEdited
    | CardDeleted
    | ColumnAdded
    | ColumnChanged
    | ColumnRemoved
    | RetroChanged
    | PhaseChanged
    | SettingsChanged
    | GroupCreated
    | CardsGrouped
    | CardUngrouped
    | GroupRenamed
    | GroupsMerged
    | VoteChanged
    | ReadyChanged
    | ParticipantJoined
    | CheckedIn
    | TimerSet
    | ReactionToggled
    | TopicSet
    | NotesSaved
    | ActionCreated
    | ActionReviewed
    | ActionChanged
    | ActionRemoved
    | BacklogChanged
    | Withheld
    | SignalsChanged
    | RadarChanged,
    Field(discriminator="type"),
]

board_event_adapter: TypeAdapter[BoardEvent] = TypeAdapter(BoardEvent)


class RecordedEvent(_Model):
    """An event as stored in the log: its place in the board's sequence, the full form for
    `audience` ("all", `MEMBERS`, or one participant key) and the public form for everyone
    else."""

    retro_id: str
    seq: int
    event: BoardEvent
    audience: str = "all"
    public: BoardEvent | None = None
    _bodies: dict[bool, str] = PrivateAttr(default_factory=dict)

    def body(self, viewer: str) -> str:
        """The JSON this viewer gets. Each form is serialised once, however many sockets (and
        the log) take it: serialising is most of the cost of fan-out."""
        full = gets_full_form(self.audience, viewer)
        text = self._bodies.get(full)
        if text is None:
            text = self._bodies[full] = self.for_viewer(viewer).model_dump_json()
        return text

    def __eq__(self, other: object) -> bool:
        # What it says, not what has been cached about it.
        if not isinstance(other, RecordedEvent):
            return NotImplemented
        return (self.retro_id, self.seq, self.event, self.audience, self.public) == (
            other.retro_id,
            other.seq,
            other.event,
            other.audience,
            other.public,
        )

    def __hash__(self) -> int:
        return hash((self.retro_id, self.seq, self.audience))

    def for_viewer(self, viewer: str) -> BoardEvent:
        if gets_full_form(self.audience, viewer):
            return self.event
        # An event meant for one person never falls back to its full form for the others.
        assert self.public is not None, "an audience-limited event needs a public form"
        return self.public
