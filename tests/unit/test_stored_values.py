"""Whatever a database row could ever have held, the functions that read it back answer: a
ritual's dates, its calendar file, the agenda and the signal flags never raise for a stored
value, however old, hand-edited or restored it is (docs/operations.md, "A stored record that
cannot be computed")."""

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from twofold.domain.errors import Invalid
from twofold.domain.flags import evaluate
from twofold.domain.prompts import PromptSet
from twofold.domain.retro_settings import RetroSettings, read_settings
from twofold.domain.rituals import (
    OCCURRENCES_MAX,
    STARTS_ON_MAX,
    STARTS_ON_MIN,
    Agenda,
    Frequency,
    Recurrence,
    Ritual,
    RitualKind,
    SprintFlags,
    Weekday,
    agenda,
    first_day,
    first_occurrence,
    next_occurrences,
    read_recurrence,
    schedule_problem,
)
from twofold.domain.signals import SprintSignals, Thresholds
from twofold.domain.stored import read_lenient
from twofold.integrations.ics import to_ics
from twofold.store.queries.actions import item_of
from twofold.store.tables import ActionItemRow

ZONES = ["UTC", "Europe/Berlin", "Pacific/Kiritimati", "Etc/GMT+12", "America/St_Johns"]
STAMP = datetime(2026, 12, 5, tzinfo=UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@st.composite
def stored_recurrences(draw: st.DrawFn) -> Recurrence:
    """Any recurrence the schema has ever let into the table: before start dates were kept to
    a window, any date at all was stored as given."""
    frequency = draw(st.sampled_from(Frequency))
    return Recurrence.model_validate(
        {
            "frequency": frequency,
            "interval": draw(st.integers(1, 12)),
            "weekday": draw(st.sampled_from(Weekday)),
            "week_of_month": (
                draw(st.sampled_from([None, 1, 2, 3, 4, -1]))
                if frequency == Frequency.MONTHLY
                else None
            ),
            "at": draw(st.times()),
            "duration_minutes": draw(st.integers(5, 480)),
            "timezone": draw(st.sampled_from(ZONES)),
            "starts_on": draw(
                st.dates()
                | st.dates(date(9990, 1, 1), date.max)
                | st.dates(date.min, date(1, 3, 1))
            ),
        },
        context={"stored": True},
    )


def _ritual(rec: Recurrence) -> Ritual:
    return Ritual(id="r1", team_id="t1", kind=RitualKind.RETRO, title="Retro", recurrence=rec)


@settings(max_examples=400, deadline=None)
@given(
    rec=stored_recurrences(),
    after=st.datetimes(timezones=st.just(UTC))
    | st.datetimes(datetime(1990, 1, 1), datetime(3100, 12, 31), timezones=st.just(UTC)),
    count=st.integers(1, OCCURRENCES_MAX),
)
def test_a_stored_recurrence_always_answers_with_dates_or_none(
    rec: Recurrence, after: datetime, count: int
) -> None:
    found = next_occurrences(_ritual(rec), after, count)
    assert len(found) <= count
    assert all(start > after for start in found)
    assert found == sorted(found)
    first_day(rec)
    first_occurrence(rec)
    problem = schedule_problem(rec)
    if problem is None and 1990 <= after.year < 2990:
        # Within the window there is always a next date, however late the schedule starts.
        assert found


@settings(max_examples=150, deadline=None)
@given(rec=stored_recurrences())
def test_the_calendar_file_of_a_stored_recurrence_is_written_or_refused_in_words(
    rec: Recurrence,
) -> None:
    empty = Agenda("Retro", ())
    if first_day(rec) is None:
        return
    try:
        data = to_ics(_ritual(rec), empty, stamp=STAMP)
    except Invalid:  # our own refusal, worded for people; anything else fails the test
        return
    assert data.startswith(b"BEGIN:VCALENDAR")


@given(st.dates(STARTS_ON_MIN, STARTS_ON_MAX))
def test_every_start_date_one_can_choose_has_a_schedule(day: date) -> None:
    rec = Recurrence(
        frequency=Frequency.MONTHLY,
        week_of_month=-1,
        weekday=Weekday.FRIDAY,
        at=time(10),
        timezone="Pacific/Kiritimati",
        starts_on=day,
    )
    assert schedule_problem(rec) is None
    assert next_occurrences(_ritual(rec), datetime.combine(day, time(), UTC), 3)


def test_a_start_date_near_the_end_of_the_calendar_is_refused_when_chosen() -> None:
    with pytest.raises(
        ValidationError, match=r"Pick a start date between Jan 1, 2000 and Dec 31, 2999\."
    ):
        Recurrence(
            frequency=Frequency.MONTHLY,
            week_of_month=-1,
            weekday=Weekday.FRIDAY,
            at=time(10),
            timezone="UTC",
            starts_on=date(9999, 12, 1),
        )


def test_the_recurrence_that_once_broke_a_team_s_list_now_explains_itself() -> None:
    rec = read_recurrence(
        {
            "frequency": "monthly",
            "interval": 1,
            "weekday": "friday",
            "week_of_month": -1,
            "at": "15:00:00",
            "duration_minutes": 60,
            "timezone": "UTC",
            "starts_on": "9999-12-01",
        }
    )
    assert isinstance(rec, Recurrence)
    assert next_occurrences(_ritual(rec), STAMP, 5) == []
    assert first_day(rec) is None
    problem = schedule_problem(rec)
    assert problem is not None
    assert "Dec 1, 9999" in problem


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_stored_json_reads_as_a_recurrence_or_a_reason(stored: Any) -> None:
    read = read_recurrence(stored)
    assert isinstance(read, Recurrence | str)


def _field_values(model: type[Any]) -> st.SearchStrategy[dict[str, Any]]:
    names = st.sampled_from([*model.model_fields, "retired_field"])
    return st.dictionaries(names, json_values, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    signals=_field_values(SprintSignals) | json_values,
    thresholds=_field_values(Thresholds) | json_values,
)
def test_stored_signals_and_thresholds_always_give_flags(signals: Any, thresholds: Any) -> None:
    s = read_lenient(SprintSignals, signals).value
    t = read_lenient(Thresholds, thresholds).value
    flags = evaluate(s, t)
    sections = agenda(
        RitualKind.RETRO,
        [],
        [],
        [SprintFlags("Sprint 1", tuple(flags))],
        as_of=date(2026, 12, 5),
    )
    assert sections.as_text()


def test_thresholds_keep_what_still_reads_and_default_the_rest() -> None:
    read = read_lenient(
        Thresholds,
        {"satisfaction_min": 4, "rework_days_max": -3, "retired_field": 1},
    )
    assert read.value.satisfaction_min == 4
    assert read.value.rework_days_max == Thresholds().rework_days_max
    assert read.dropped == ("retired_field", "rework_days_max")


@settings(max_examples=300, deadline=None)
@given(_field_values(RetroSettings) | json_values)
def test_stored_retro_settings_always_read_and_stay_private_when_repaired(stored: Any) -> None:
    settings_ = read_settings(stored)
    assert isinstance(settings_, RetroSettings)
    if isinstance(stored, dict) and stored.get("anonymous") is True:
        assert settings_.anonymous


def test_damaged_settings_of_an_anonymous_retro_stay_anonymous() -> None:
    assert read_settings({"anonymous": True, "votes_per_person": 500}).anonymous
    assert read_settings({"anonymous": "yes please", "votes_per_person": 2}).anonymous
    assert not read_settings({"anonymous": False, "votes_per_person": 500}).anonymous
    assert not read_settings({}).anonymous


@settings(max_examples=200, deadline=None)
@given(_field_values(PromptSet) | json_values)
def test_stored_prompts_always_read(stored: Any) -> None:
    assert isinstance(read_lenient(PromptSet, stored, PromptSet.default()).value, PromptSet)


def test_a_week_before_the_window_closes_still_has_dates() -> None:
    rec = Recurrence(
        frequency=Frequency.WEEKLY,
        weekday=Weekday.MONDAY,
        at=time(9),
        timezone="Etc/GMT+12",
        starts_on=STARTS_ON_MAX - timedelta(days=1),
    )
    assert len(next_occurrences(_ritual(rec), STAMP, 3)) == 3


@settings(max_examples=300, deadline=None)
@given(
    status=st.sampled_from(["open", "in_progress", "done", "dropped", "archived", ""]),
    category=st.none() | st.sampled_from(["tech_debt", "retired_category", ""]),
    created=st.datetimes(timezones=st.just(UTC)),
    due=st.none() | st.dates(),
    closed_on=st.none() | st.dates(),
    drop_reason=st.none() | st.sampled_from(["", "Out of scope"]),
    carry_count=st.integers(-3, 1000),
    as_of=st.dates(),
)
def test_any_stored_action_item_reads_and_goes_on_the_agenda(
    status: str,
    category: str | None,
    created: datetime,
    due: date | None,
    closed_on: date | None,
    drop_reason: str | None,
    carry_count: int,
    as_of: date,
) -> None:
    row = ActionItemRow(
        id="a1",
        team_id="t1",
        retro_id=None,
        title="Fix CI",
        owner_user_id=None,
        owner_kind=None,
        due=due,
        status=status,
        created_at=created,
        category=category,
        carry_count=carry_count,
        drop_reason=drop_reason,
        closed_on=closed_on,
    )
    item = item_of(row)
    made = agenda(RitualKind.PM_TECH_LEAD_SYNC, [item], [], [], as_of=as_of)
    assert made.as_text()
