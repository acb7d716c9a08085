"""The Tech Health report's content: which topics and flags become wins and risks, the debt
share against its target, the radar's three-answer floor, and each signal against its limit."""

from dataclasses import replace
from datetime import date

from twofold.domain.flags import Flag, FlagCode, Signal
from twofold.domain.health_report import (
    PointSource,
    SprintFigures,
    TopicSeen,
    assemble,
    debt_share,
    leaning,
    radar_summary,
    risks,
    signal_lines,
    wins,
)
from twofold.domain.radar import BUILT_IN, HIDDEN, DimensionScores, Radar, SideScore
from twofold.domain.sides import Side
from twofold.domain.signals import Thresholds
from twofold.domain.trends import Change, Direction, FollowThrough, Metric
from twofold.domain.vocab import Friction, Polarity

WELL, BADLY, PROPOSAL = Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL, Polarity.PROPOSAL


def _sprint(name: str, flags: tuple[Flag, ...] = (), **values: float | None) -> SprintFigures:
    return SprintFigures(
        name=name,
        ends=None,
        values={Metric(k): v for k, v in values.items()},
        actions_agreed=2,
        actions_done=1,
        flags=flags,
    )


def _rework(days: float) -> Flag:
    return Flag(
        Signal.REWORK_DAYS, FlagCode.REWORK_DAYS_HIGH, days, Friction.VELOCITY_QUALITY, {"ideal": 1}
    )


def _late() -> Flag:
    return Flag(Signal.SHIPPED_ON_TIME, FlagCode.SHIPPED_LATE, False, Friction.COMMUNICATION)


def test_wins_are_the_most_voted_topics_that_went_well_in_turn_with_improved_figures() -> None:
    topics = [
        TopicSeen("Pairing on reviews", 4, WELL, "Sprint 1"),
        TopicSeen("Flaky tests", 9, BADLY, "Sprint 1"),
        TopicSeen("Try mob programming", 12, PROPOSAL, "Sprint 2"),
        TopicSeen("Nobody voted", 0, WELL, "Sprint 2"),
        TopicSeen("Release went smoothly", 4, WELL, "Sprint 2"),
        TopicSeen("Demo day", 7, WELL, "Sprint 1"),
    ]
    better = Change(Metric.REWORK_DAYS, 3.0, 1.0, Direction.FELL, True, None)
    worse = Change(Metric.COMPLETION, 90.0, 70.0, Direction.FELL, False, None)
    found = wins(topics, [worse, better])
    assert [p.text for p in found] == [
        "Demo day (7 votes, Sprint 1)",
        "Rework fell from 3 to 1 day per sprint.",
        # A tie in votes goes to the later sprint.
        "Release went smoothly (4 votes, Sprint 2)",
    ]
    assert [p.source for p in found] == [PointSource.TOPIC, PointSource.SIGNAL, PointSource.TOPIC]


def test_risks_take_topics_and_the_most_recurring_flags_in_turn_and_stop_at_three() -> None:
    topics = [
        TopicSeen("Flaky tests", 5, BADLY, "Sprint 1"),
        TopicSeen("Provider limits", 6, BADLY, "Sprint 2"),
        TopicSeen("Scope creep", 2, BADLY, "Sprint 2"),
    ]
    sprints = [
        _sprint("Sprint 1", (_rework(3), _late())),
        _sprint("Sprint 2", (_rework(2.5),)),
        _sprint("Sprint 3"),
    ]
    found = risks(topics, sprints)
    assert [p.text for p in found] == [
        "Provider limits (6 votes, Sprint 2)",
        "Rework outside the healthy range in 2 of 3 sprints "
        "(latest 2.5 days per sprint; healthy: at most 1 day)",
        "Flaky tests (5 votes, Sprint 1)",
    ]
    # Without topics, the flags fill every place, most recurring first.
    only_flags = risks([], sprints)
    assert [p.source for p in only_flags] == [PointSource.SIGNAL] * 2
    assert only_flags[1].text.startswith("Sprints shipped on time outside the healthy range in 1")
    assert "latest late" in only_flags[1].text


def test_nothing_to_say_is_no_point_at_all() -> None:
    assert wins([TopicSeen("Quiet", 0, WELL, "S1"), TopicSeen(" ", 3, WELL, "S1")], []) == ()
    assert risks([], [_sprint("S1")]) == ()


def test_a_topic_leans_the_way_most_of_its_cards_do() -> None:
    assert leaning([WELL, BADLY, BADLY]) is BADLY
    assert leaning([BADLY, None, WELL]) is BADLY  # a tie: the first card's
    assert leaning([None]) is None


def test_debt_share_against_the_target_counts_only_sprints_that_recorded_one() -> None:
    share = debt_share(
        [_sprint("S1", tech_debt_share=10), _sprint("S2"), _sprint("S3", tech_debt_share=25)]
    )
    assert share.per_sprint == (10, None, 25)
    assert share.average == 17.5
    assert (share.target, share.below_target, share.known) == (20.0, 1, 2)
    empty = debt_share([_sprint("S1")])
    assert (empty.average, empty.known, empty.below_target) == (None, 0, 0)


def _radar(product: SideScore, engineering: SideScore) -> Radar:
    rows = [DimensionScores(d.key, HIDDEN, HIDDEN, None, d.label) for d in BUILT_IN]
    rows[0] = DimensionScores(
        Friction.REQUIREMENTS_CLARITY, product, engineering, None, "Requirements clarity"
    )
    return Radar(tuple(rows))


def test_the_radar_weighs_each_retro_by_its_answers_and_shows_only_sides_with_three() -> None:
    summary = radar_summary(
        [
            _radar(SideScore(True, 4.0, 3), HIDDEN),
            _radar(SideScore(True, 2.0, 4), HIDDEN),
            _radar(HIDDEN, HIDDEN),
        ]
    )
    first = summary.lines[0]
    assert first.label == "Requirements clarity"
    assert first.product is not None
    assert (first.product.average, first.product.answers) == (2.9, 7)
    assert first.engineering is None
    assert summary.sides == (Side.PRODUCT,)
    assert all(line.product is None for line in summary.lines[1:])


def test_a_side_with_fewer_than_three_answers_in_all_is_left_off() -> None:
    """Even a score marked shown counts only with three answers behind it."""
    summary = radar_summary([_radar(SideScore(True, 5.0, 2), SideScore(True, 3.0, 3))])
    assert summary.lines[0].product is None
    assert summary.lines[0].engineering is not None
    assert summary.sides == (Side.ENGINEERING,)
    assert radar_summary([]).sides == ()


def test_a_team_dimension_any_retro_asked_is_listed_after_the_five() -> None:
    """A team's own dimension is asked only by the retros started while it was in use: the
    period lists it once, weighing the retros that asked it, under the five."""
    oncall = DimensionScores("d1", SideScore(True, 4.0, 3), HIDDEN, None, "On-call load", True)
    before = _radar(HIDDEN, HIDDEN)
    after = Radar((*_radar(HIDDEN, HIDDEN).dimensions, oncall))
    again = Radar(
        (*_radar(HIDDEN, HIDDEN).dimensions, replace(oncall, product=SideScore(True, 2.0, 3)))
    )
    summary = radar_summary([before, after, again])
    assert [line.label for line in summary.lines] == [d.label for d in BUILT_IN] + ["On-call load"]
    last = summary.lines[-1]
    assert last.product is not None
    assert (last.product.average, last.product.answers) == (3.0, 6)
    assert last.engineering is None
    assert summary.sides == (Side.PRODUCT,)


def test_each_signal_against_its_limit_with_the_sprints_that_flagged_it() -> None:
    sprints = [
        _sprint("S1", (_rework(3),), rework_days=3, estimate_ratio=1.4),
        _sprint("S2", (), rework_days=1, estimate_ratio=None, stories_removed_after_start=2),
    ]
    lines = {line.metric: line for line in signal_lines(sprints, Thresholds())}
    assert set(lines) == {
        Metric.REWORK_DAYS,
        Metric.ESTIMATE_RATIO,
        Metric.STORIES_REMOVED,
    }
    rework = lines[Metric.REWORK_DAYS]
    assert (rework.average, rework.latest, rework.limit, rework.flagged_in) == (2, 1, 1, 1)
    assert rework.limit_words == "at most 1 day per sprint"
    ratio = lines[Metric.ESTIMATE_RATIO]
    assert (ratio.values, ratio.latest, ratio.limit) == ((1.4, None), 1.4, 1.25)
    assert ratio.limit_words == "between 0.8 and 1.25"
    assert lines[Metric.STORIES_REMOVED].limit is None


def test_the_report_holds_the_period_and_its_parts() -> None:
    report = assemble(
        team_name="Alpha",
        period=(date(2026, 1, 5), date(2026, 2, 13)),
        sprints=[_sprint("S1", tech_debt_share=30), _sprint("S2")],
        thresholds=Thresholds(),
        changes=[],
        follow_through=FollowThrough(4, 2, 1, 1),
        median_days_to_done=3.0,
        top_debt=[],
        radars=[],
        topics=[],
    )
    assert report.title == "Tech Health report: Alpha"
    assert report.period == "Jan 5, 2026 to Feb 13, 2026"
    assert report.sprints == ("S1", "S2")
    assert report.actions_by_sprint == ((2, 1), (2, 1))
    assert report.debt.average == 30
    empty = assemble(
        team_name="Alpha",
        period=(None, None),
        sprints=[],
        thresholds=Thresholds(),
        changes=[],
        follow_through=FollowThrough(0, 0, 0, 0),
        median_days_to_done=None,
        top_debt=[],
        radars=[],
        topics=[],
    )
    assert empty.period == "no closed sprints in this period"
    assert (empty.signals, empty.wins, empty.risks) == ((), (), ())
