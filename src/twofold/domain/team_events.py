"""What happened in a team, as integrations and notifications will be told it.

Each kind is a small frozen dataclass of codes and ids (never sentences: whoever acts on it
looks up what it needs and words it in its own language). A service writes one into the outbox
in the transaction of the change (`Recorder.team` in `services.recorder`); the worker hands it to the
handlers subscribed to its kind. A new kind is a new subclass here, nothing more: it registers
itself under its `kind`.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Self

from pydantic import TypeAdapter

from twofold.domain.actions import ActionItem

TEAM_EVENTS: dict[str, type["TeamEvent"]] = {}
"""Every kind of team event, by its outbox kind."""


@dataclass(frozen=True)
class TeamEvent:
    team_id: str

    kind: ClassVar[str]

    def __init_subclass__(cls, *, kind: str | None = None, **rest: Any) -> None:
        super().__init_subclass__(**rest)
        if kind is None:  # a shape several kinds share
            return
        if kind in TEAM_EVENTS:
            raise ValueError(f"two team events are called {kind!r}")
        cls.kind = kind
        TEAM_EVENTS[kind] = cls

    @property
    def dedupe_key(self) -> str | None:
        """Set by the kinds a scheduler produces: the row is written once per key, however
        many workers look for it."""
        return None

    def payload(self) -> dict[str, Any]:
        dumped: dict[str, Any] = TypeAdapter(type(self)).dump_python(self, mode="json")
        return dumped

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Self:
        return TypeAdapter(cls).validate_python(payload)


def parse(kind: str, payload: dict[str, Any]) -> TeamEvent:
    return TEAM_EVENTS[kind].from_payload(payload)


@dataclass(frozen=True)
class ActionCreated(TeamEvent, kind="team.action_created"):
    action_id: str
    retro_id: str | None


@dataclass(frozen=True)
class ActionChanged(TeamEvent, kind="team.action_changed"):
    action_id: str
    changed: tuple[str, ...]
    """Which of its fields changed: status, title, owner, due, category."""
    status: str
    by_tracker: bool = False
    """The change came from the item's ticket, which so needs no telling."""


ACTION_FIELDS = ("status", "title", "owner", "due", "category")


def action_changed(
    before: ActionItem, after: ActionItem, *, by_tracker: bool = False
) -> ActionChanged | None:
    """The event for an edit of an item, or none when nothing anyone follows changed."""
    changed = tuple(f for f in ACTION_FIELDS if getattr(before, f) != getattr(after, f))
    if not changed:
        return None
    return ActionChanged(after.team_id, after.id, changed, after.status.value, by_tracker)


@dataclass(frozen=True)
class _DueDate(TeamEvent):
    action_id: str
    due: date

    @property
    def dedupe_key(self) -> str:
        return f"{self.kind}:{self.action_id}:{self.due.isoformat()}"


@dataclass(frozen=True)
class ActionDue(_DueDate, kind="team.action_due"):
    """An open item whose due date is today."""


@dataclass(frozen=True)
class ActionOverdue(_DueDate, kind="team.action_overdue"):
    """An open item whose due date has passed."""


@dataclass(frozen=True)
class DebtCreated(TeamEvent, kind="team.debt_created"):
    debt_id: str


@dataclass(frozen=True)
class DebtScored(TeamEvent, kind="team.debt_scored"):
    debt_id: str
    scores: tuple[str, ...]
    """Which scores were given or cleared: drag_hours, impact, effort."""
    complete: bool
    """Both sides' scores are in, so the item ranks."""


@dataclass(frozen=True)
class DebtStatusChanged(TeamEvent, kind="team.debt_status"):
    debt_id: str
    status: str
    by_tracker: bool = False
    """The change came from the item's ticket, which so needs no telling."""


@dataclass(frozen=True)
class RetroClosed(TeamEvent, kind="team.retro_closed"):
    retro_id: str


@dataclass(frozen=True)
class SignalsRecorded(TeamEvent, kind="team.signals_recorded"):
    retro_id: str
    what: str
    """`figures` (the sprint's numbers) or `pulse` (one more satisfaction score)."""


@dataclass(frozen=True)
class MemberJoined(TeamEvent, kind="team.member_joined"):
    user_id: str
    role: str


@dataclass(frozen=True)
class MemberLeft(TeamEvent, kind="team.member_left"):
    user_id: str
    removed_by: str | None
    """Who removed them, or none when they left themselves."""


@dataclass(frozen=True)
class RitualAgendaDue(TeamEvent, kind="team.ritual_agenda"):
    ritual_id: str
    starts_at: datetime

    @property
    def dedupe_key(self) -> str:
        return f"{self.kind}:{self.ritual_id}:{self.starts_at.isoformat()}"


@dataclass(frozen=True)
class ReportRequested(TeamEvent, kind="team.report_requested"):
    """A member asked for a Tech Health report (or asked again after it failed). `language`
    is the one it was asked in (a code of `TextLanguage`); None words it in the team's."""

    report_id: str
    language: str | None = None


@dataclass(frozen=True)
class ConnectionCheckRequested(TeamEvent, kind="team.connection_check"):
    """A facilitator asked whether a connection to a tool works; the worker tries it."""

    connection_id: str


@dataclass(frozen=True)
class _ItemTicket(TeamEvent):
    """An item's ticket on one of the team's connections."""

    connection_id: str
    item_kind: str
    item_id: str


@dataclass(frozen=True)
class TicketPushRequested(_ItemTicket, kind="team.ticket_push"):
    """Someone asked for an item to become a ticket in the team's tracker."""


@dataclass(frozen=True)
class TicketLinkRequested(_ItemTicket, kind="team.ticket_link"):
    """Someone named an existing ticket for an item to follow; the worker looks it up."""

    ref: str


@dataclass(frozen=True)
class TrackerPollDue(TeamEvent, kind="team.tracker_poll"):
    """Time to ask a connected tracker what changed, in case a webhook went missing."""

    connection_id: str
    slot: str
    """The polling period it is for: one row per connection and period, however many
    workers schedule it."""

    @property
    def dedupe_key(self) -> str:
        return f"{self.kind}:{self.connection_id}:{self.slot}"


@dataclass(frozen=True)
class SprintListRequested(TeamEvent, kind="team.sprint_list"):
    """A facilitator asked which of the tracker's sprints a retro may read its signals from."""

    retro_id: str
    connection_id: str
    request_id: str


@dataclass(frozen=True)
class SprintSignalsRequested(TeamEvent, kind="team.sprint_signals"):
    """A facilitator picked the tracker's sprint a retro looks back on: read its figures."""

    retro_id: str
    connection_id: str
    request_id: str
    sprint_id: str


@dataclass(frozen=True)
class ChannelPostRequested(TeamEvent, kind="team.channel_post"):
    """A retro's summary or a weekly digest to post to one of the team's chat channels."""

    post_id: str


@dataclass(frozen=True)
class WikiPublishRequested(TeamEvent, kind="team.wiki_publish"):
    """A retro's summary to publish (or publish again) as a page on one wiki connection."""

    connection_id: str
    retro_id: str
