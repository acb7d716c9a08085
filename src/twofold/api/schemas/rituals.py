"""Bodies for a team's rituals, their dates and agendas.

The limits are the domain's (`domain/rituals.py`); a recurrence is sent as changes, laid over
the kind's defaults for a new ritual and over the stored one for an edit, so a client can send
just the weekday it wants.
"""

from datetime import date, datetime, time
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from twofold.api.schemas.base import Request, Response
from twofold.domain.dates import people_date
from twofold.domain.rituals import (
    RITUAL_TITLE_MAX,
    STARTS_ON_MAX,
    STARTS_ON_MIN,
    AgendaTone,
    Frequency,
    RitualKind,
    Weekday,
)


def _known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"“{value}” is not a time zone we know; pick one from the list, such as Europe/Berlin."
        ) from None
    return value


def _sane_start(value: date) -> date:
    if not STARTS_ON_MIN <= value <= STARTS_ON_MAX:
        raise ValueError(
            f"Pick a start date between {people_date(STARTS_ON_MIN)} and "
            f"{people_date(STARTS_ON_MAX)}."
        )
    return value


TimeZone = Annotated[
    str, StringConstraints(min_length=1, max_length=64), AfterValidator(_known_zone)
]
RitualTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=RITUAL_TITLE_MAX)
]
WeekOfMonth = Literal[1, 2, 3, 4, -1]


class RecurrenceChanges(Request):
    """Only the fields given change; `week_of_month: null` clears it."""

    frequency: Frequency | None = None
    interval: Annotated[int, Field(ge=1, le=12)] | None = Field(
        default=None, description="Every how many weeks, fortnights or months."
    )
    weekday: Weekday | None = None
    week_of_month: WeekOfMonth | None = Field(
        default=None, description="Monthly rituals: the 1st-4th weekday of the month, -1 the last."
    )
    at: time | None = Field(default=None, description="Local start time, e.g. 10:00.")
    duration_minutes: Annotated[int, Field(ge=5, le=480)] | None = None
    timezone: TimeZone | None = Field(default=None, description="IANA name, e.g. Europe/Berlin.")
    starts_on: Annotated[date, AfterValidator(_sane_start)] | None = Field(
        default=None,
        description=f"Between {STARTS_ON_MIN.isoformat()} and {STARTS_ON_MAX.isoformat()}.",
    )


class RitualCreate(Request):
    kind: RitualKind
    title: RitualTitle | None = Field(default=None, description="Defaults to the kind's name.")
    recurrence: RecurrenceChanges = Field(
        default_factory=RecurrenceChanges,
        description="Laid over the kind's defaults, starting today in the time zone given.",
    )


class RitualUpdate(Request):
    kind: RitualKind | None = None
    title: RitualTitle | None = None
    recurrence: RecurrenceChanges | None = None


class Recurrence(Response):
    frequency: Frequency
    interval: int
    weekday: Weekday
    week_of_month: WeekOfMonth | None
    # A wall time has no offset, which JSON Schema's "time" format requires; so plain HH:MM.
    at: str = Field(pattern=r"^\d{2}:\d{2}$", description="Local start time, HH:MM.")
    duration_minutes: int
    timezone: str
    starts_on: date


class RitualProblem(Response):
    """Why a stored ritual's dates cannot be given; the ritual can still be edited or deleted."""

    code: Literal["schedule_not_computable"]
    message: str


class Ritual(Response):
    id: str
    team_id: str
    kind: RitualKind
    title: str
    recurrence: Recurrence | None = Field(
        description="None only when the stored schedule can no longer be read (see `problem`)."
    )
    next_start: datetime | None = Field(
        description="The next start, in the ritual's time zone; None when `problem` says why."
    )
    next_end: datetime | None
    problem: RitualProblem | None = Field(
        default=None,
        description="Set when this ritual's schedule cannot be computed from what is stored.",
    )
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class RitualOccurrence(Response):
    start: datetime
    end: datetime


class RitualOccurrences(Response):
    ritual_id: str
    timezone: str
    occurrences: list[RitualOccurrence]


class RitualAgendaItem(Response):
    text: str
    ref: str | None = Field(description="The action or debt item the line is about.")
    tone: AgendaTone | None = Field(
        default=None,
        description="`overdue` for an action item past due, `calm` for a line that says "
        "nothing was flagged; the words are the team's language, this is not.",
    )


class RitualAgendaSection(Response):
    title: str
    items: list[RitualAgendaItem]


class RitualAgenda(Response):
    ritual_id: str
    kind: RitualKind
    title: str
    as_of: date = Field(description="Today in the ritual's time zone; overdue is judged by it.")
    sections: list[RitualAgendaSection] = Field(description="Most pressing first; none empty.")
    text: str = Field(description="The agenda as plain text, as in the calendar file's notes.")
    flags_retro_id: str | None = Field(
        description="The newest retro with sprint signals, whose flags are on the agenda."
    )
    flags_retro_title: str | None
    previous_flags_retro_id: str | None = Field(
        description="The retro with signals before it, whose flags are on the agenda too."
    )
    previous_flags_retro_title: str | None
