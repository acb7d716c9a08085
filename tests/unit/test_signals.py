"""Sprint signals: validation, thresholds and the flags they raise."""

from typing import Any

import pytest
from pydantic import ValidationError

from twofold.domain.flag_words import PROMPTS, THRESHOLDS, prompt, threshold
from twofold.domain.flags import FlagCode, Signal, evaluate
from twofold.domain.signals import SprintSignals, Thresholds
from twofold.domain.vocab import Friction

DEFAULTS = Thresholds()


def _error(**fields: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        SprintSignals(**fields)
    return str(caught.value)


def test_nothing_recorded_means_nothing_flagged() -> None:
    assert evaluate(SprintSignals(), DEFAULTS) == []


def test_default_thresholds_are_the_documented_ones() -> None:
    assert DEFAULTS.clarifying_questions_below == 5
    assert DEFAULTS.tech_debt_share_min == 20
    assert DEFAULTS.rework_days_max == 1
    assert (DEFAULTS.estimate_ratio_min, DEFAULTS.estimate_ratio_max) == (0.8, 1.25)
    assert DEFAULTS.completion_min == 80
    assert DEFAULTS.qa_rejections_max == 1


def test_values_on_the_healthy_side_of_every_boundary_raise_no_flag() -> None:
    signals = SprintSignals(
        clarifying_questions=4,
        tech_debt_share=20,
        rework_days=1,
        estimates=[{"story": "a", "estimate": 4, "actual": 5}],  # ratio exactly 1.25
        stories_added_after_start=1,
        shipped_on_time=True,
        satisfaction_pulses=[3, 3, 3],
        nps_change=0,
        stories_committed=10,
        stories_completed=8,  # exactly 80%
        stories_rejected_in_qa=1,
    )
    assert evaluate(signals, DEFAULTS) == []


def test_five_clarifying_questions_are_flagged_with_a_prompt_naming_them() -> None:
    [flag] = evaluate(SprintSignals(clarifying_questions=7), DEFAULTS)
    assert flag.signal is Signal.CLARIFYING_QUESTIONS
    assert flag.value == 7
    assert threshold(flag) == "fewer than 5"
    assert prompt(flag).startswith("7 clarifying questions came up mid-sprint")
    assert "which stories" in prompt(flag)
    assert flag.friction is Friction.REQUIREMENTS_CLARITY
    assert evaluate(SprintSignals(clarifying_questions=5), DEFAULTS)[0].value == 5


def test_every_signal_outside_its_range_is_flagged_in_a_fixed_order() -> None:
    signals = SprintSignals(
        clarifying_questions=9,
        tech_debt_share=8,
        rework_days=3.5,
        estimates=[
            {"story": "checkout", "estimate": 3, "actual": 6},
            {"story": "search", "estimate": 2, "actual": 2},
        ],
        stories_added_after_start=4,
        shipped_on_time=False,
        satisfaction_pulses=[2, 3, 2, 2],
        nps_change=-12,
        points_committed=40,
        points_completed=26,
        stories_rejected_in_qa=3,
    )
    flags = evaluate(signals, DEFAULTS)
    assert [f.signal for f in flags] == list(Signal)
    by_signal = {f.signal: f for f in flags}
    assert "Only 8% of capacity went to tech debt (target 20%)" in prompt(
        by_signal[Signal.TECH_DEBT_SHARE]
    )
    assert prompt(by_signal[Signal.REWORK_DAYS]).startswith("3.5 days of rework")
    assert by_signal[Signal.ESTIMATE_RATIO].value == 1.6
    assert "1.6 times its estimates" in prompt(by_signal[Signal.ESTIMATE_RATIO])
    assert "surprised us" in prompt(by_signal[Signal.ESTIMATE_RATIO])
    assert prompt(by_signal[Signal.STORIES_ADDED]).startswith("4 stories joined after")
    assert by_signal[Signal.SHIPPED_ON_TIME].value is False
    assert by_signal[Signal.SATISFACTION].value == 2.2
    assert "averaged 2.2 of 5" in prompt(by_signal[Signal.SATISFACTION])
    assert prompt(by_signal[Signal.NPS_CHANGE]).startswith("NPS fell by 12 points")
    assert by_signal[Signal.ESTIMATE_RATIO].friction is Friction.ESTIMATION
    assert by_signal[Signal.TECH_DEBT_SHARE].friction is Friction.TECH_DEBT
    assert by_signal[Signal.COMPLETION].value == 65
    assert prompt(by_signal[Signal.COMPLETION]).startswith(
        "65% of the committed points were completed (target 80%)"
    )
    assert by_signal[Signal.COMPLETION].friction is Friction.ESTIMATION
    assert prompt(by_signal[Signal.QA_REJECTIONS]).startswith("QA sent 3 stories back")
    assert threshold(by_signal[Signal.QA_REJECTIONS]) == "at most 1 story"
    assert by_signal[Signal.QA_REJECTIONS].friction is Friction.VELOCITY_QUALITY


def test_completion_counts_points_when_known_else_stories() -> None:
    stories = SprintSignals(stories_committed=10, stories_completed=7)
    assert stories.completion == (70, "stories")
    [flag] = evaluate(stories, DEFAULTS)
    assert (flag.signal, flag.value) == (Signal.COMPLETION, 70)
    assert threshold(flag) == "at least 80% of the committed stories"
    # Points weigh big stories more, so they win when both are known.
    both = SprintSignals(
        stories_committed=10, stories_completed=7, points_committed=30, points_completed=27
    )
    assert both.completion == (90, "points")
    assert evaluate(both, DEFAULTS) == []
    # Just under the target is never shown rounded up to it.
    [near] = evaluate(SprintSignals(points_committed=1000, points_completed=799), DEFAULTS)
    assert near.value == 79
    # Nothing committed, or half a pair: nothing known, nothing flagged.
    assert SprintSignals(stories_committed=0, stories_completed=0).completion is None
    assert SprintSignals(stories_committed=5).completion is None
    assert SprintSignals(points_completed=5).completion is None
    assert evaluate(SprintSignals(stories_committed=0, stories_completed=0), DEFAULTS) == []


def test_qa_rejections_follow_the_teams_threshold() -> None:
    assert evaluate(SprintSignals(stories_rejected_in_qa=1), DEFAULTS) == []
    [flag] = evaluate(SprintSignals(stories_rejected_in_qa=2), DEFAULTS)
    assert prompt(flag).startswith("QA sent 2 stories back this sprint")
    assert evaluate(SprintSignals(stories_rejected_in_qa=2), Thresholds(qa_rejections_max=2)) == []
    [strict] = evaluate(SprintSignals(stories_rejected_in_qa=1), Thresholds(qa_rejections_max=0))
    assert (threshold(strict), prompt(strict)[:19]) == ("at most 0 stories", "QA sent 1 story bac")
    lenient = Thresholds(completion_min=50)
    assert evaluate(SprintSignals(stories_committed=10, stories_completed=6), lenient) == []


def test_estimate_ratio_is_total_actual_over_total_estimate() -> None:
    # One small story blowing up three-fold does not flag a sprint that was on target overall.
    signals = SprintSignals(
        estimates=[
            {"story": "tiny", "estimate": 1, "actual": 3},
            {"story": "big", "estimate": 10, "actual": 10},
        ]
    )
    assert signals.estimate_ratio == pytest.approx(13 / 11)
    assert evaluate(signals, DEFAULTS) == []


def test_underestimating_and_overestimating_get_different_questions() -> None:
    padded = SprintSignals(estimates=[{"story": "a", "estimate": 10, "actual": 5}])
    [flag] = evaluate(padded, DEFAULTS)
    assert flag.value == 0.5
    assert "padding" in prompt(flag)


def test_satisfaction_is_only_seen_as_an_average() -> None:
    signals = SprintSignals(satisfaction_pulses=[5, 1, 3, 4])
    assert signals.satisfaction == 3.25
    assert SprintSignals().satisfaction is None


def test_team_thresholds_change_what_is_flagged() -> None:
    signals = SprintSignals(clarifying_questions=3, nps_change=2, stories_added_after_start=1)
    strict = Thresholds(clarifying_questions_below=3, nps_change_min=5, stories_added_max=0)
    flags = {f.signal: f for f in evaluate(signals, strict)}
    assert set(flags) == {Signal.CLARIFYING_QUESTIONS, Signal.NPS_CHANGE, Signal.STORIES_ADDED}
    assert prompt(flags[Signal.NPS_CHANGE]).startswith("NPS rose by only 2 points")
    assert threshold(flags[Signal.NPS_CHANGE]) == "at least +5"
    assert prompt(flags[Signal.STORIES_ADDED]).startswith("1 story joined")
    assert evaluate(signals, DEFAULTS) == []


def test_an_unmoved_nps_reads_naturally() -> None:
    [flag] = evaluate(SprintSignals(nps_change=0), Thresholds(nps_change_min=1))
    assert prompt(flag).startswith("NPS did not move")


def test_negative_counts_are_refused_with_a_plain_sentence() -> None:
    message = _error(clarifying_questions=-2)
    assert "clarifying_questions" in message
    assert "A count cannot be negative (got -2)." in message


def test_completed_cannot_exceed_committed() -> None:
    with pytest.raises(ValidationError) as caught:
        SprintSignals(stories_committed=5, stories_completed=7)
    [error] = caught.value.errors()
    assert error["msg"].startswith("Stories completed (7) cannot be more than were committed (5)")
    # The message belongs under the completed figure, where the form shows it.
    assert error["ctx"]["field"] == "stories_completed"
    message = _error(points_committed=20, points_completed=21.5)
    assert "Points completed (21.5) cannot be more than were committed (20)" in message


@pytest.mark.parametrize("share", [-1, 100.5])
def test_percentages_stay_between_0_and_100(share: float) -> None:
    message = _error(tech_debt_share=share)
    assert "tech_debt_share" in message
    assert f"A percentage must be between 0 and 100 (got {share})." in message


@pytest.mark.parametrize("pulse", [0, 6])
def test_pulses_are_scores_from_1_to_5(pulse: int) -> None:
    message = _error(satisfaction_pulses=[4, pulse])
    assert "satisfaction_pulses.1" in message
    assert f"A satisfaction pulse is a score from 1 to 5 (got {pulse})." in message


def test_other_out_of_range_inputs() -> None:
    assert "An NPS change must be between -200 and 200 (got 250)." in _error(nps_change=250)
    assert "An estimate must be at least 0.01 (got 0)." in _error(
        estimates=[{"story": "x", "estimate": 0, "actual": 1}]
    )
    # A wrong type keeps pydantic's own message, which names the type.
    assert "valid integer" in _error(clarifying_questions="many")
    assert "extra" in _error(velocity=3).lower()


def test_thresholds_are_validated() -> None:
    with pytest.raises(
        ValidationError, match=r"lowest healthy estimate ratio \(1.5\) cannot be above"
    ):
        Thresholds(estimate_ratio_min=1.5, estimate_ratio_max=1.2)
    with pytest.raises(ValidationError, match="completion_min"):
        Thresholds(completion_min=101)
    with pytest.raises(ValidationError, match="qa_rejections_max"):
        Thresholds(qa_rejections_max=-1)
    with pytest.raises(ValidationError, match="tech_debt_share_min"):
        Thresholds(tech_debt_share_min=120)
    with pytest.raises(ValidationError, match="satisfaction_min"):
        Thresholds(satisfaction_min=0)


def test_a_flag_is_a_code_with_its_values_and_no_words() -> None:
    [flag] = evaluate(SprintSignals(clarifying_questions=7), DEFAULTS)
    assert (flag.code, flag.value, flag.params) == (
        FlagCode.CLARIFYING_QUESTIONS_HIGH,
        7,
        {"ideal": 5},
    )
    assert not any(isinstance(v, str) and " " in v for v in flag.params.values())
    [flat] = evaluate(SprintSignals(nps_change=0), Thresholds(nps_change_min=5))
    assert (flat.code, flat.params) == (FlagCode.NPS_FLAT, {"ideal": 5})


def test_every_flag_code_has_english_words() -> None:
    # A code without words would fail only when first flagged; this catches it at once.
    assert set(PROMPTS) == set(FlagCode) == set(THRESHOLDS)
