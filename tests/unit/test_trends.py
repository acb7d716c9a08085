"""The rules behind a team's trends: gaps are not zeros, changes compare the first and last
thirds, a start between them is named, small samples are not shown."""

from datetime import date, timedelta

import pytest

from twofold.domain.trend_words import sentence
from twofold.domain.trends import (
    Direction,
    Metric,
    Started,
    direction,
    follow_through,
    median_days,
    satisfaction,
    thirds,
    what_changed,
)
from twofold.domain.vocab import TextLanguage

ENDS = [date(2026, 1, 1) + timedelta(days=14 * i) for i in range(6)]


def test_thirds_skip_unknown_sprints_instead_of_counting_them_as_zero() -> None:
    assert thirds([3.0, None, 5.0, 1.0, None, 2.0]) == (3.0, 2.0)
    assert thirds([4.0, 2.0, 1.0, 1.0, 0.0, 0.0]) == (3.0, 0.0)


def test_fewer_than_three_known_values_make_no_change() -> None:
    assert thirds([1.0, None, 2.0]) is None
    assert what_changed({Metric.REWORK_DAYS: [1.0, None, 2.0]}, ENDS[:3]) == []


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (3.5, 1.2, Direction.FELL),
        (1.2, 3.5, Direction.ROSE),
        (20.0, 20.9, Direction.STEADY),  # within 5 % of the earlier figure
        (0.0, 0.04, Direction.STEADY),  # near zero, within 0.05
        (0.0, 1.0, Direction.ROSE),
    ],
)
def test_direction_has_a_steady_band(before: float, after: float, expected: Direction) -> None:
    assert direction(before, after) is expected


def test_a_fall_in_rework_is_an_improvement_and_a_fall_in_debt_share_is_not() -> None:
    changes = what_changed(
        {
            Metric.REWORK_DAYS: [4.0, 3.0, 2.0, 2.0, 1.0, 1.4],
            Metric.DEBT_SHARE: [25.0, 22.0, 20.0, 15.0, 10.0, 10.0],
            Metric.ESTIMATE_RATIO: [1.6, 1.5, 1.3, 1.2, 1.0, 1.0],
        },
        ENDS,
    )
    by_metric = {c.metric: c for c in changes}
    assert [c.metric for c in changes] == [
        Metric.REWORK_DAYS,
        Metric.ESTIMATE_RATIO,
        Metric.DEBT_SHARE,
    ]
    rework = by_metric[Metric.REWORK_DAYS]
    assert (rework.before, rework.after) == (3.5, 1.2)
    assert rework.direction is Direction.FELL
    assert rework.improved is True
    assert by_metric[Metric.DEBT_SHARE].improved is False
    # No better direction: reported, not judged.
    assert by_metric[Metric.ESTIMATE_RATIO].improved is None


def test_the_latest_start_between_the_thirds_is_named_and_others_are_not() -> None:
    sync = Started(ENDS[2], "ritual", "Weekly PM/TL sync")  # inside (after sprint 2's end)
    earlier = Started(ENDS[0], "ritual", "Before the period's first third ended")
    later = Started(ENDS[5], "agreement", "After the last third began")
    change = what_changed(
        {Metric.REWORK_DAYS: [4.0, 3.0, 2.0, 2.0, 1.0, 1.4]}, ENDS, [earlier, sync, later]
    )[0]
    assert change.since == sync


def test_satisfaction_needs_three_answers() -> None:
    assert satisfaction([5, 4]) is None
    assert satisfaction([5, 4, 3]) == 4.0


def test_follow_through_counts_dropped_as_not_done() -> None:
    result = follow_through(["done", "done", "dropped", "open", "in_progress"])
    assert (result.agreed, result.done, result.dropped, result.still_open) == (5, 2, 1, 2)
    assert result.rate == 0.4
    assert follow_through([]).rate is None


def test_median_days_to_done() -> None:
    start = date(2026, 3, 1)
    spans = [(start, start + timedelta(days=d)) for d in (1, 10, 3)]
    assert median_days(spans) == 3.0
    assert median_days([]) is None


def test_a_change_reads_as_a_plain_sentence_naming_what_started() -> None:
    sync = Started(ENDS[2], "ritual", "weekly PM/TL sync")
    rework, debt = what_changed(
        {
            Metric.REWORK_DAYS: [4.0, 3.0, 2.0, 2.0, 1.0, 1.4],
            Metric.DEBT_SHARE: [20.0, 20.0, 20.5, 20.0, 20.4, 20.6],
        },
        ENDS,
        [sync],
    )
    assert sentence(rework) == (
        "Rework fell from 3.5 to 1.2 days per sprint since the weekly PM/TL sync started."
    )
    # Steady: no cause is claimed for nothing happening.
    assert sentence(debt) == "Capacity spent on tech debt held steady at about 20.5%."


def test_a_change_reads_in_german_and_french() -> None:
    sync = Started(ENDS[2], "ritual", "Weekly PM/TL sync")
    (rework,) = what_changed({Metric.REWORK_DAYS: [4.0, 3.0, 2.0, 2.0, 1.0, 1.4]}, ENDS, [sync])
    assert sentence(rework, TextLanguage.DE) == (
        "Nacharbeit sank von 3,5 auf 1,2 Tage pro Sprint, seit „Weekly PM/TL sync“ begonnen hat."
    )
    assert sentence(rework, TextLanguage.FR) == (
        "Reprises : baisse de 3,5 à 1,2 jours par sprint depuis le début de « Weekly PM/TL sync »."
    )
    agreed = Started(ENDS[2], "agreement", "team's working agreements")
    (after,) = what_changed({Metric.REWORK_DAYS: [4.0, 3.0, 2.0, 2.0, 1.0, 1.4]}, ENDS, [agreed])
    assert "seit sich die Arbeitsvereinbarungen des Teams geändert haben" in sentence(
        after, TextLanguage.DE
    )


def test_a_change_after_the_working_agreements_changed_says_so() -> None:
    agreed = Started(ENDS[2], "agreement", "team's working agreements")
    (rework,) = what_changed({Metric.REWORK_DAYS: [4.0, 3.0, 2.0, 2.0, 1.0, 1.4]}, ENDS, [agreed])
    assert sentence(rework) == (
        "Rework fell from 3.5 to 1.2 days per sprint since the team's working agreements changed."
    )
