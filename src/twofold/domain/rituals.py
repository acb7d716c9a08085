"""The team's recurring meetings: when they happen and what is on their agenda (the calendar
file is written by `twofold.integrations.ics`).

Times are wall-clock times in the ritual's own time zone, as people think of meetings: a sync
at 10:00 in Europe/Berlin stays at 10:00 across daylight-saving changes. A wall time that a
clock change skips is moved forward by the gap, as RFC 5545 prescribes for calendar apps, so
Twofold and the calendar agree.
"""

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import count as counter
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from twofold.domain import flag_words
from twofold.domain.actions import (
    ActionCategory,
    ActionItem,
    JointOwner,
    is_overdue,
    overdue_first,
)
from twofold.domain.dates import people_date
from twofold.domain.debt import RankedDebt
from twofold.domain.errors import Invalid
from twofold.domain.flags import Flag
from twofold.domain.vocab import Friction, TextLanguage
from twofold.domain.words import N_, Words, words

OCCURRENCES_MAX = 100
RITUAL_TITLE_MAX = 120
STARTS_ON_MIN = date(2000, 1, 1)
STARTS_ON_MAX = date(2999, 12, 31)
"""The start dates a ritual may be given. Wide enough for any team's calendar, and far from
the calendar's own end (year 9999), past which no next date could ever be worked out."""
STORED = {"stored": True}
"""Validation context for values read back from the database: the window above is checked
when a start date is chosen, not for rituals stored before it existed."""


class RitualKind(StrEnum):
    PM_TECH_LEAD_SYNC = "pm_tech_lead_sync"
    TECH_DEBT_REVIEW = "tech_debt_review"
    RETRO = "retro"


RITUAL_TITLES: dict[RitualKind, str] = {
    RitualKind.PM_TECH_LEAD_SYNC: N_("PM / Tech Lead sync"),
    RitualKind.TECH_DEBT_REVIEW: N_("Tech-debt review"),
    RitualKind.RETRO: N_("Retrospective"),
}


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class Weekday(StrEnum):
    MONDAY = "monday"
    TUESDAY = "tuesday"
    WEDNESDAY = "wednesday"
    THURSDAY = "thursday"
    FRIDAY = "friday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"

    @property
    def number(self) -> int:
        """Monday is 0, as in `date.weekday()`."""
        return list(Weekday).index(self)

    @property
    def ical(self) -> str:
        return self.value[:2].upper()


class Recurrence(BaseModel):
    """When a ritual happens: every `interval` weeks, fortnights or months, from `starts_on`.

    Monthly rituals fall on the `week_of_month`-th weekday of the month (-1 is the last), the
    way people say "the first Tuesday", which keeps them off weekends and month-end chaos.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    frequency: Frequency
    interval: int = Field(default=1, ge=1, le=12)
    weekday: Weekday
    week_of_month: Literal[1, 2, 3, 4, -1] | None = None
    at: time = Field(description="Local wall-clock start time, without a time zone.")
    duration_minutes: int = Field(default=30, ge=5, le=480)
    timezone: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    starts_on: date

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"“{value}” is not a time zone we know; pick one from the list, such as "
                "Europe/Berlin."
            ) from None
        return value

    @field_validator("starts_on")
    @classmethod
    def _sane_start(cls, value: date, info: ValidationInfo) -> date:
        if (info.context or {}).get("stored"):
            return value
        if not STARTS_ON_MIN <= value <= STARTS_ON_MAX:
            raise ValueError(
                f"Pick a start date between {people_date(STARTS_ON_MIN)} and "
                f"{people_date(STARTS_ON_MAX)}."
            )
        return value

    @field_validator("at")
    @classmethod
    def _wall_time(cls, value: time) -> time:
        if value.tzinfo is not None:
            raise ValueError("Give the start time without a time zone: the ritual has its own.")
        return value

    @model_validator(mode="after")
    def _week_of_month_only_monthly(self) -> Self:
        if self.week_of_month is not None and self.frequency != Frequency.MONTHLY:
            raise ValueError("Only a monthly ritual falls on a week of the month.")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def nth(self) -> int:
        return self.week_of_month or 1

    @property
    def weeks_between(self) -> int:
        return self.interval * (2 if self.frequency == Frequency.BIWEEKLY else 1)


class Ritual(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    team_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    kind: RitualKind
    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=RITUAL_TITLE_MAX)
    ]
    recurrence: Recurrence


def default_recurrence(
    kind: RitualKind, starts_on: date, timezone: str, retro_every_weeks: int = 2
) -> Recurrence:
    """Sensible first settings: a short weekly sync, a monthly debt review, fortnightly retros."""
    if kind == RitualKind.PM_TECH_LEAD_SYNC:
        return Recurrence(
            frequency=Frequency.WEEKLY,
            weekday=Weekday.TUESDAY,
            at=time(10),
            duration_minutes=30,
            timezone=timezone,
            starts_on=starts_on,
        )
    if kind == RitualKind.TECH_DEBT_REVIEW:
        return Recurrence(
            frequency=Frequency.MONTHLY,
            weekday=Weekday.WEDNESDAY,
            week_of_month=1,
            at=time(14),
            duration_minutes=60,
            timezone=timezone,
            starts_on=starts_on,
        )
    return Recurrence(
        frequency=Frequency.WEEKLY,
        interval=retro_every_weeks,
        weekday=Weekday.FRIDAY,
        at=time(15),
        duration_minutes=60,
        timezone=timezone,
        starts_on=starts_on,
    )


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    following = date(year + month // 12, month % 12 + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + month - 1 + months
    return total // 12, total % 12 + 1


def _dates_from(rec: Recurrence, near: date) -> Iterator[date]:
    """The ritual's dates in order, starting at or a little before `near` (never before start)."""
    if rec.frequency == Frequency.MONTHLY:
        year, month = rec.starts_on.year, rec.starts_on.month
        if _nth_weekday(year, month, rec.weekday.number, rec.nth) < rec.starts_on:
            year, month = _add_months(year, month, 1)
        gap = (near.year - year) * 12 + near.month - month
        first = max(0, gap // rec.interval - 1)
        for k in counter(first):
            y, m = _add_months(year, month, k * rec.interval)
            yield _nth_weekday(y, m, rec.weekday.number, rec.nth)
    else:
        anchor = rec.starts_on + timedelta(days=(rec.weekday.number - rec.starts_on.weekday()) % 7)
        step = 7 * rec.weeks_between
        first = max(0, (near - anchor).days // step - 1)
        for k in counter(first):
            yield anchor + timedelta(days=k * step)


def _at(rec: Recurrence, day: date) -> datetime:
    local = datetime.combine(day, rec.at, tzinfo=rec.zone)
    # A round trip through UTC moves a wall time inside a spring-forward gap past the gap.
    return local.astimezone(UTC).astimezone(rec.zone)


# Date arithmetic past year 9999 (or before year 1) raises one of these; for a schedule it
# only ever means "the calendar ends before the next date".
CALENDAR_ENDS = (OverflowError, ValueError)


def first_day(rec: Recurrence) -> date | None:
    """The ritual's first date; None when the calendar ends before it."""
    try:
        return next(_dates_from(rec, rec.starts_on))
    except CALENDAR_ENDS:
        return None


def first_occurrence(rec: Recurrence) -> datetime | None:
    day = first_day(rec)
    if day is None:
        return None
    try:
        return _at(rec, day)
    except CALENDAR_ENDS:
        return None


def next_occurrences(ritual: Ritual, after: datetime, count: int) -> list[datetime]:
    """The next `count` starts strictly after `after`, in the ritual's time zone; fewer (or
    none) when the calendar ends first, as it does for a ritual stored with a start date close
    to year 9999. Never raises for a stored recurrence."""
    if after.tzinfo is None:
        raise Invalid("`after` needs a time zone, or the answer would depend on the server.")
    if not 1 <= count <= OCCURRENCES_MAX:
        raise Invalid(f"Ask for between 1 and {OCCURRENCES_MAX} occurrences.")
    rec = ritual.recurrence
    found: list[datetime] = []
    try:
        for day in _dates_from(rec, after.astimezone(rec.zone).date()):
            start = _at(rec, day)
            if start > after:
                found.append(start)
                if len(found) == count:
                    break
    except CALENDAR_ENDS:
        pass
    return found


def schedule_problem(rec: Recurrence) -> str | None:
    """Why no next date can be given for this recurrence, in words for the team; None when
    there is one. Only stored rituals can have a problem: new start dates are kept to
    `STARTS_ON_MIN`..`STARTS_ON_MAX`."""
    if not STARTS_ON_MIN <= rec.starts_on <= STARTS_ON_MAX:
        return (
            f"it starts on {people_date(rec.starts_on)}, outside the dates Twofold plans for "
            f"({people_date(STARTS_ON_MIN)} to {people_date(STARTS_ON_MAX)}). "
            "Edit it to give it a new start date, or delete it."
        )
    return None


def read_recurrence(stored: object) -> Recurrence | str:
    """A recurrence as stored in the database, or why it cannot be read (in words for the
    team). Start dates outside today's window are read as they are: `schedule_problem` names
    them, and the ritual can still be shown, edited and deleted."""
    try:
        return Recurrence.model_validate(stored, context=STORED)
    except (ValidationError, ValueError, TypeError):
        return (
            "its stored schedule is no longer one Twofold can read (for example a time zone "
            "that no longer exists). Edit it to set the schedule again, or delete it."
        )


class AgendaTone(StrEnum):
    OVERDUE = "overdue"
    """An action item past its due date."""
    CALM = "calm"
    """Nothing was flagged."""


@dataclass(frozen=True)
class AgendaItem:
    text: str
    ref: str | None = None
    tone: AgendaTone | None = None
    """How the line reads at a glance, whatever the language of its words."""


@dataclass(frozen=True)
class AgendaSection:
    title: str
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class Agenda:
    title: str
    sections: tuple[AgendaSection, ...]
    language: TextLanguage = TextLanguage.EN

    def as_text(self) -> str:
        lines = [self.title]
        for section in self.sections:
            lines += ["", section.title, *(f"- {item.text}" for item in section.items)]
        if not self.sections:
            lines += ["", words(self.language)._("Nothing is waiting for this meeting yet.")]
        return "\n".join(lines)


def _owner(item: ActionItem, names: Mapping[str, str], w: Words) -> str:
    owner = item.owner
    if owner is None:
        return ""
    if isinstance(owner, JointOwner):
        pm = names.get(owner.pm_user_id, "PM")
        lead = names.get(owner.tech_lead_user_id, w._("tech lead"))
        return f"{pm} + {lead}"
    return names.get(owner.user_id, "")


def _action_line(item: ActionItem, as_of: date, names: Mapping[str, str], w: Words) -> AgendaItem:
    text = item.title
    overdue = item.due is not None and is_overdue(item, as_of)
    if item.due is not None:
        day = w.date(item.due)
        text = (
            w._("Overdue since {day}: {title}", day=day, title=text)
            if is_overdue(item, as_of)
            else w._("{title} (due {day})", title=text, day=day)
        )
    owner = _owner(item, names, w)
    if owner:
        text += f" — {owner}"
    if item.carry_count:
        text += w.ngettext("; carried over once", "; carried over {count} times", item.carry_count)
    return AgendaItem(text, item.id, AgendaTone.OVERDUE if overdue else None)


def _debt_line(ranked: RankedDebt, w: Words) -> AgendaItem:
    item = ranked.item
    return AgendaItem(
        w._(
            "{title} — priority {priority} (drag {drag} h/sprint, impact {impact}/5, effort "
            "{effort} pts)",
            title=item.title,
            priority=w.fixed(ranked.priority, 2),
            drag=w.number(item.drag_hours) if item.drag_hours is not None else "None",
            impact=item.impact,
            effort=item.effort,
        ),
        item.id,
    )


@dataclass(frozen=True)
class SprintFlags:
    """One sprint's recorded signals, by the retro that looked back on it: its flags, none when
    every signal it recorded was within the team's thresholds."""

    retro_title: str
    flags: tuple[Flag, ...]


NOTHING_FLAGGED = N_("Nothing flagged: every signal recorded was within the team's thresholds.")
NOTHING_DEBT_FLAGGED = N_("Nothing flagged about tech debt or rework.")


def _signal_sections(
    sprints: Sequence[SprintFlags], keep: Callable[[Flag], bool], nothing: str, w: Words
) -> list[tuple[str, list[AgendaItem]]]:
    """A section per sprint, the latest first: the flags to talk about, or a line that says
    nothing was flagged, so a sprint that went well is never a heading with nothing under it."""
    sections = []
    for i, sprint in enumerate(sprints[:2]):
        title = (
            w._("Signals from “{retro}”", retro=sprint.retro_title)
            if i == 0
            else w._("Signals from the sprint before (“{retro}”)", retro=sprint.retro_title)
        )
        items = [AgendaItem(flag_words.prompt(f, w.language)) for f in sprint.flags if keep(f)]
        calm = AgendaItem(w.known(nothing), tone=AgendaTone.CALM)
        sections.append((title, items or [calm]))
    return sections


def agenda(
    kind: RitualKind,
    open_actions: Sequence[ActionItem],
    top_debt: Sequence[RankedDebt],
    signals: Sequence[SprintFlags],
    *,
    as_of: date,
    owner_names: Mapping[str, str] | None = None,
    debt_limit: int = 5,
    action_limit: int = 10,
    language: TextLanguage = TextLanguage.EN,
) -> Agenda:
    """The meeting's agenda, its most pressing part first; empty sections are left out.

    Each kind leads with what it exists for: the sync with commitments (overdue first), the
    debt review with the ranked backlog, the retro with last time's actions. The debt review
    keeps to debt (tech-debt actions, debt and velocity signals); the other meetings see every
    signal and just the top three debt items, enough to keep debt in view without taking over.
    `top_debt` is expected in priority order, as `debt.rank` returns it; `signals` holds the
    latest sprints with recorded signals, newest first (the last two are on the agenda, so a
    flag from the sprint before is not dropped the moment a new sprint is recorded).
    """
    names = owner_names or {}
    w = words(language)
    actions = overdue_first(open_actions, as_of)
    if kind == RitualKind.TECH_DEBT_REVIEW:
        debt_friction = {Friction.TECH_DEBT, Friction.VELOCITY_QUALITY}
        sections = [
            (
                w._("Top tech debt by joint priority"),
                [_debt_line(d, w) for d in top_debt[:debt_limit]],
            ),
            (
                w._("Tech-debt action items"),
                [
                    _action_line(a, as_of, names, w)
                    for a in actions
                    if a.category == ActionCategory.TECH_DEBT
                ][:action_limit],
            ),
            *_signal_sections(
                signals, lambda f: f.friction in debt_friction, NOTHING_DEBT_FLAGGED, w
            ),
        ]
    else:
        action_title = (
            w._("Review action items from earlier retros")
            if kind == RitualKind.RETRO
            else w._("Action items, overdue first")
        )
        sections = [
            (action_title, [_action_line(a, as_of, names, w) for a in actions[:action_limit]]),
            *_signal_sections(signals, lambda _: True, NOTHING_FLAGGED, w),
            (w._("Top tech debt"), [_debt_line(d, w) for d in top_debt[: min(debt_limit, 3)]]),
        ]
    return Agenda(
        f"{w.known(RITUAL_TITLES[kind])} — {w.date(as_of)}",
        tuple(AgendaSection(title, tuple(items)) for title, items in sections if items),
        language,
    )
