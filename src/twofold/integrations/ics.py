"""Rituals as iCalendar (RFC 5545) files, so a team's syncs and reviews land in the calendars
people already use, with the agenda Twofold built in the event's notes."""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from twofold.domain.errors import Invalid
from twofold.domain.rituals import Agenda, Frequency, Recurrence, Ritual, first_day

PRODID = "-//Twofold//Rituals//EN"


def _rrule(rec: Recurrence) -> dict[str, object]:
    if rec.frequency == Frequency.MONTHLY:
        return {
            "FREQ": "MONTHLY",
            "INTERVAL": rec.interval,
            "BYDAY": f"{rec.nth}{rec.weekday.ical}",
        }
    return {"FREQ": "WEEKLY", "INTERVAL": rec.weeks_between, "BYDAY": rec.weekday.ical}


def _days_from(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the calendar's first or last day."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def to_ics(
    ritual: Ritual, agenda: Agenda, *, stamp: datetime, uid_domain: str = "twofold"
) -> bytes:
    """An RFC 5545 calendar with the ritual as one recurring event and the agenda as its notes.

    The UID depends on the ritual alone, so importing a newer file updates the event in
    people's calendars instead of adding a second one.
    """
    if stamp.tzinfo is None:
        raise Invalid("The calendar stamp needs a time zone.")
    rec = ritual.recurrence
    event = Event()
    event.add("uid", f"ritual-{ritual.id}@{uid_domain}")
    event.add("dtstamp", stamp.astimezone(UTC))
    # DTSTART carries the wall time itself, even on a day a clock change skips it: calendar
    # apps then apply the same gap rule as `next_occurrences`, and later weeks keep the time.
    day = first_day(rec)
    if day is None:
        raise Invalid("This ritual has no date left in the calendar to start on.")
    start = datetime.combine(day, rec.at, tzinfo=rec.zone)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=rec.duration_minutes))
    event.add("rrule", _rrule(rec))
    event.add("summary", ritual.title)
    event.add("description", agenda.as_text())
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(event)
    # Calendar apps need the zone's rules in the file, not just its name; a decade of them
    # keeps the file small, and apps continue the last rule beyond it.
    try:
        calendar.add_missing_timezones(
            first_date=_days_from(start.date(), -366),
            last_date=_days_from(start.date(), 3653),
        )
        data: bytes = calendar.to_ical()
    except (OverflowError, ValueError):
        # Only a schedule stored near the calendar's first or last year gets here.
        raise Invalid("This ritual's dates run past the end of the calendar.") from None
    return data
