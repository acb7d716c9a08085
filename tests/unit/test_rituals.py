"""Rituals: recurrence, next dates across time zones, agendas and the .ics export."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from pydantic import ValidationError

from twofold.domain.actions import ActionCategory, ActionItem, JointOwner, PersonOwner
from twofold.domain.debt import DebtItem, RankedDebt, rank
from twofold.domain.errors import Invalid
from twofold.domain.flag_words import prompt
from twofold.domain.flags import evaluate
from twofold.domain.rituals import (
    NOTHING_DEBT_FLAGGED,
    NOTHING_FLAGGED,
    Agenda,
    Recurrence,
    Ritual,
    RitualKind,
    SprintFlags,
    Weekday,
    agenda,
    default_recurrence,
    first_occurrence,
    next_occurrences,
)
from twofold.domain.signals import SprintSignals, Thresholds
from twofold.integrations.ics import to_ics

BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2024, 3, 1, 9, tzinfo=UTC)


def _recurrence(**overrides: Any) -> Recurrence:
    fields: dict[str, Any] = {
        "frequency": "weekly",
        "weekday": "tuesday",
        "at": "10:00",
        "duration_minutes": 30,
        "timezone": "Europe/Berlin",
        "starts_on": date(2024, 3, 1),
    }
    return Recurrence(**{**fields, **overrides})


def _ritual(kind: RitualKind = RitualKind.PM_TECH_LEAD_SYNC, **overrides: Any) -> Ritual:
    return Ritual(
        id="rit1",
        team_id="t1",
        kind=kind,
        title="PM / TL sync",
        recurrence=_recurrence(**overrides),
    )


def test_recurrence_validation_messages() -> None:
    with pytest.raises(ValidationError, match="“Mars/Olympus” is not a time zone we know"):
        _recurrence(timezone="Mars/Olympus")
    with pytest.raises(ValidationError, match="not a time zone we know"):
        _recurrence(timezone="../etc/passwd")
    with pytest.raises(ValidationError, match="without a time zone"):
        _recurrence(at=time(10, tzinfo=UTC))
    with pytest.raises(ValidationError, match="Only a monthly ritual falls on a week of the month"):
        _recurrence(week_of_month=1)
    with pytest.raises(ValidationError, match="duration_minutes"):
        _recurrence(duration_minutes=600)
    with pytest.raises(ValidationError, match="weekday"):
        _recurrence(weekday="funday")


def test_weekly_dates_start_on_the_first_matching_weekday() -> None:
    ritual = _ritual()
    assert first_occurrence(ritual.recurrence) == datetime(2024, 3, 5, 10, tzinfo=BERLIN)
    found = next_occurrences(ritual, datetime(2024, 3, 1, tzinfo=UTC), 3)
    assert [d.date() for d in found] == [date(2024, 3, 5), date(2024, 3, 12), date(2024, 3, 19)]
    assert all(d.tzinfo == BERLIN for d in found)


def test_next_occurrences_are_strictly_after() -> None:
    ritual = _ritual()
    found = next_occurrences(ritual, datetime(2024, 3, 12, 10, tzinfo=BERLIN), 1)
    assert found == [datetime(2024, 3, 19, 10, tzinfo=BERLIN)]


def test_wall_time_is_kept_across_daylight_saving() -> None:
    found = next_occurrences(_ritual(), datetime(2024, 3, 20, tzinfo=UTC), 2)
    assert [d.utcoffset() for d in found] == [timedelta(hours=1), timedelta(hours=2)]
    assert [d.astimezone(UTC).hour for d in found] == [9, 8]


def test_a_time_skipped_by_the_clock_change_moves_past_the_gap() -> None:
    ritual = _ritual(weekday="sunday", at="02:30")
    [found] = next_occurrences(ritual, datetime(2024, 3, 30, tzinfo=UTC), 1)
    assert found.date() == date(2024, 3, 31)
    assert (found.hour, found.minute) == (3, 30)
    assert found.utcoffset() == timedelta(hours=2)


def test_every_n_weeks_counts_from_the_first_meeting() -> None:
    retro = _ritual(RitualKind.RETRO, frequency="weekly", interval=3, weekday="friday")
    found = next_occurrences(retro, datetime(2024, 3, 9, tzinfo=UTC), 2)
    assert [d.date() for d in found] == [date(2024, 3, 22), date(2024, 4, 12)]
    biweekly = _ritual(frequency="biweekly")
    found = next_occurrences(biweekly, datetime(2024, 3, 6, tzinfo=UTC), 2)
    assert [d.date() for d in found] == [date(2024, 3, 19), date(2024, 4, 2)]


def test_far_future_questions_jump_ahead_without_drifting() -> None:
    biweekly = _ritual(frequency="biweekly")
    [found] = next_occurrences(biweekly, datetime(2030, 1, 1, tzinfo=UTC), 1)
    assert (found.date() - date(2024, 3, 5)).days % 14 == 0
    assert found.date() - timedelta(days=14) < date(2030, 1, 1) <= found.date()


def test_monthly_on_the_nth_or_last_weekday() -> None:
    review = _ritual(
        RitualKind.TECH_DEBT_REVIEW, frequency="monthly", weekday="wednesday", week_of_month=1
    )
    found = next_occurrences(review, datetime(2024, 3, 1, tzinfo=UTC), 3)
    assert [d.date() for d in found] == [date(2024, 3, 6), date(2024, 4, 3), date(2024, 5, 1)]
    last_friday = _ritual(frequency="monthly", weekday="friday", week_of_month=-1, interval=2)
    found = next_occurrences(last_friday, datetime(2024, 3, 1, tzinfo=UTC), 3)
    assert [d.date() for d in found] == [date(2024, 3, 29), date(2024, 5, 31), date(2024, 7, 26)]
    # Starting after this month's first Wednesday moves the series to next month.
    late = _ritual(frequency="monthly", weekday="wednesday", starts_on=date(2024, 3, 7))
    first = first_occurrence(late.recurrence)
    assert first is not None
    assert first.date() == date(2024, 4, 3)


def test_next_occurrences_refuses_ambiguous_questions() -> None:
    with pytest.raises(Invalid, match="needs a time zone"):
        next_occurrences(_ritual(), datetime(2024, 3, 1), 1)
    with pytest.raises(Invalid, match="between 1 and 100"):
        next_occurrences(_ritual(), STAMP, 0)


def test_default_rituals() -> None:
    sync = default_recurrence(RitualKind.PM_TECH_LEAD_SYNC, date(2024, 3, 1), "UTC")
    debt = default_recurrence(RitualKind.TECH_DEBT_REVIEW, date(2024, 3, 1), "UTC")
    retro = default_recurrence(RitualKind.RETRO, date(2024, 3, 1), "UTC", retro_every_weeks=3)
    assert (sync.frequency, sync.weeks_between) == ("weekly", 1)
    assert (debt.frequency, debt.nth) == ("monthly", 1)
    assert (retro.weekday, retro.weeks_between) == (Weekday.FRIDAY, 3)


AS_OF = date(2024, 3, 20)


def _action(item_id: str, due: date | None, **extra: Any) -> ActionItem:
    fields: dict[str, Any] = {
        "team_id": "t1",
        "title": f"Action {item_id}",
        "category": ActionCategory.COMMUNICATION_RITUALS,
        "owner": PersonOwner(user_id="ana"),
        "created_on": date(2024, 3, 1),
        "due": due,
    }
    return ActionItem(id=item_id, **{**fields, **extra})


def _inputs() -> tuple[list[ActionItem], list[RankedDebt], list[SprintFlags]]:
    actions = [
        _action("soon", date(2024, 3, 28)),
        _action("late", date(2024, 3, 12), carry_count=2),
        _action(
            "debt",
            date(2024, 3, 25),
            category=ActionCategory.TECH_DEBT,
            owner=JointOwner(pm_user_id="pam", tech_lead_user_id="tom"),
        ),
    ]
    debt = [
        DebtItem(f"d{i}", "t1", f"Debt {i}", STAMP, drag_hours=10 * i, impact=3, effort=3)
        for i in range(1, 6)
    ]
    flags = evaluate(SprintSignals(clarifying_questions=7, tech_debt_share=5), Thresholds())
    before = evaluate(SprintSignals(rework_days=4), Thresholds())
    sprints = [
        SprintFlags("Sprint 43 retro", tuple(flags)),
        SprintFlags("Sprint 42 retro", tuple(before)),
    ]
    return actions, list(rank(debt).ranked), sprints


def test_sync_agenda_puts_overdue_actions_first_then_signals_and_debt() -> None:
    actions, top, sprints = _inputs()
    result = agenda(
        RitualKind.PM_TECH_LEAD_SYNC,
        actions,
        top,
        sprints,
        as_of=AS_OF,
        owner_names={"ana": "Ana", "pam": "Pam"},
    )
    # Dates read as the web interface shows them, not as ISO.
    assert result.title == "PM / Tech Lead sync — Mar 20, 2024"
    assert [s.title for s in result.sections] == [
        "Action items, overdue first",
        "Signals from “Sprint 43 retro”",
        "Signals from the sprint before (“Sprint 42 retro”)",
        "Top tech debt",
    ]
    items = [i.text for i in result.sections[0].items]
    assert items == [
        "Overdue since Mar 12, 2024: Action late — Ana; carried over 2 times",
        "Action debt (due Mar 25, 2024) — Pam + tech lead",
        "Action soon (due Mar 28, 2024) — Ana",
    ]
    assert [i.ref for i in result.sections[0].items] == ["late", "debt", "soon"]
    assert result.sections[1].items[0].text.startswith("7 clarifying questions")
    # The previous sprint's flags stay on the agenda.
    assert [i.text[:25] for i in result.sections[2].items] == ["4 days of rework this spr"]
    debt_lines = result.sections[3].items
    assert len(debt_lines) == 3
    assert debt_lines[0].ref == "d5"
    assert "priority" in debt_lines[0].text
    assert "drag 50 h/sprint, impact 3/5, effort 3 pts" in debt_lines[0].text


def test_debt_review_agenda_leads_with_the_backlog_and_keeps_to_debt() -> None:
    actions, top, sprints = _inputs()
    result = agenda(RitualKind.TECH_DEBT_REVIEW, actions, top, sprints, as_of=AS_OF, debt_limit=4)
    assert [s.title for s in result.sections] == [
        "Top tech debt by joint priority",
        "Tech-debt action items",
        "Signals from “Sprint 43 retro”",
        "Signals from the sprint before (“Sprint 42 retro”)",
    ]
    assert [i.ref for i in result.sections[0].items] == ["d5", "d4", "d3", "d2"]
    assert [i.ref for i in result.sections[1].items] == ["debt"]
    assert [i.text for i in result.sections[2].items] == [prompt(sprints[0].flags[1])]
    assert [i.text for i in result.sections[3].items] == [prompt(sprints[1].flags[0])]


def test_a_sprint_with_nothing_flagged_says_so() -> None:
    calm = [SprintFlags("Sprint 44 retro", ()), SprintFlags("Sprint 43 retro", ())]
    sync = agenda(RitualKind.PM_TECH_LEAD_SYNC, [], [], calm, as_of=AS_OF)
    assert [(s.title, [i.text for i in s.items]) for s in sync.sections] == [
        ("Signals from “Sprint 44 retro”", [NOTHING_FLAGGED]),
        ("Signals from the sprint before (“Sprint 43 retro”)", [NOTHING_FLAGGED]),
    ]
    assert "Nothing flagged: every signal recorded was within" in sync.as_text()
    # A debt review says nothing about debt was flagged, even when other signals were.
    only_questions = evaluate(SprintSignals(clarifying_questions=9), Thresholds())
    review = agenda(
        RitualKind.TECH_DEBT_REVIEW,
        [],
        [],
        [SprintFlags("Sprint 44 retro", tuple(only_questions))],
        as_of=AS_OF,
    )
    assert [[i.text for i in s.items] for s in review.sections] == [[NOTHING_DEBT_FLAGGED]]
    # Only the two latest sprints are read out.
    three = [*calm, SprintFlags("Sprint 42 retro", ())]
    assert len(agenda(RitualKind.RETRO, [], [], three, as_of=AS_OF).sections) == 2


def test_retro_agenda_reviews_earlier_actions_and_drops_empty_sections() -> None:
    actions, _, _ = _inputs()
    result = agenda(RitualKind.RETRO, actions, [], [], as_of=AS_OF, action_limit=2)
    assert [s.title for s in result.sections] == ["Review action items from earlier retros"]
    assert [i.ref for i in result.sections[0].items] == ["late", "debt"]
    empty = agenda(RitualKind.RETRO, [], [], [], as_of=AS_OF)
    assert empty.sections == ()
    assert "Nothing is waiting" in empty.as_text()


def _parse(data: bytes) -> Any:
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def test_ics_export_round_trips_through_a_calendar_parser() -> None:
    actions, top, sprints = _inputs()
    ritual = _ritual()
    result = agenda(ritual.kind, actions, top, sprints, as_of=AS_OF)
    calendar, event = _parse(to_ics(ritual, result, stamp=STAMP))
    assert str(calendar["VERSION"]) == "2.0"
    rrule = event["RRULE"]
    assert (rrule["FREQ"], rrule["INTERVAL"], rrule["BYDAY"]) == (["WEEKLY"], [1], ["TU"])
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    start = event.decoded("DTSTART")
    assert start == datetime(2024, 3, 5, 10, tzinfo=BERLIN)
    assert start.utcoffset() == timedelta(hours=1)
    assert event.decoded("DURATION") == timedelta(minutes=30)
    assert str(event["SUMMARY"]) == "PM / TL sync"
    description = str(event["DESCRIPTION"])
    assert "Overdue since Mar 12, 2024: Action late" in description
    assert "2024-03" not in description
    assert prompt(sprints[0].flags[0]) in description
    assert "Debt 5" in description
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def test_monthly_and_every_n_weeks_rules_in_the_calendar() -> None:
    monthly = _ritual(frequency="monthly", weekday="wednesday", week_of_month=-1)
    _, event = _parse(to_ics(monthly, Agenda("x", ()), stamp=STAMP))
    assert (event["RRULE"]["FREQ"], event["RRULE"]["BYDAY"]) == (["MONTHLY"], ["-1WE"])
    assert event.decoded("DTSTART").date() == date(2024, 3, 27)
    fortnightly = _ritual(frequency="biweekly", interval=2)
    _, event = _parse(to_ics(fortnightly, Agenda("x", ()), stamp=STAMP))
    assert event["RRULE"]["INTERVAL"] == [4]


def test_the_uid_stays_the_same_when_the_agenda_changes() -> None:
    ritual = _ritual()
    _, first = _parse(to_ics(ritual, Agenda("one", ()), stamp=STAMP))
    _, second = _parse(to_ics(ritual, Agenda("two", ()), stamp=STAMP + timedelta(days=7)))
    assert str(first["UID"]) == str(second["UID"]) == "ritual-rit1@twofold"
    assert str(first["DESCRIPTION"]) != str(second["DESCRIPTION"])
    with pytest.raises(Invalid, match="stamp needs a time zone"):
        to_ics(ritual, Agenda("x", ()), stamp=datetime(2024, 3, 1))


def test_dtstart_keeps_the_wall_time_on_a_clock_change_day() -> None:
    ritual = _ritual(weekday="sunday", at="02:30", starts_on=date(2024, 3, 31))
    _, event = _parse(to_ics(ritual, Agenda("x", ()), stamp=STAMP))
    assert event["DTSTART"].to_ical() == b"20240331T023000"
    first = first_occurrence(ritual.recurrence)
    assert first is not None
    assert first.hour == 3
