"""Which sprint signals are outside the team's healthy range.

A signal is only worth a retro's time when it is off, so `evaluate` returns flags for those
alone. Nothing recorded means nothing known: a signal left empty is never flagged. Each rule is
a function of its own; `RULES` runs them in the order of `Signal`, the order agendas and
reports list them in.

A flag is a code and the values behind it, never a sentence: the question that opens the
discussion is worded from them by whoever shows it (`flag_words` for English on the server,
the web UI's message catalogue in the browser), so a rule never changes with its wording.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from twofold.domain.signals import SprintSignals, Thresholds
from twofold.domain.vocab import Friction


class Signal(StrEnum):
    CLARIFYING_QUESTIONS = "clarifying_questions"
    TECH_DEBT_SHARE = "tech_debt_share"
    REWORK_DAYS = "rework_days"
    QA_REJECTIONS = "stories_rejected_in_qa"
    ESTIMATE_RATIO = "estimate_ratio"
    COMPLETION = "completion"
    STORIES_ADDED = "stories_added_after_start"
    SHIPPED_ON_TIME = "shipped_on_time"
    SATISFACTION = "satisfaction"
    NPS_CHANGE = "nps_change"


class FlagCode(StrEnum):
    """What is off, and which way: the key a message is worded from."""

    CLARIFYING_QUESTIONS_HIGH = "clarifying_questions_high"
    TECH_DEBT_SHARE_LOW = "tech_debt_share_low"
    REWORK_DAYS_HIGH = "rework_days_high"
    QA_REJECTIONS_HIGH = "qa_rejections_high"
    ESTIMATE_RATIO_HIGH = "estimate_ratio_high"
    ESTIMATE_RATIO_LOW = "estimate_ratio_low"
    COMPLETION_LOW = "completion_low"
    STORIES_ADDED_HIGH = "stories_added_high"
    SHIPPED_LATE = "shipped_late"
    SATISFACTION_LOW = "satisfaction_low"
    NPS_FELL = "nps_fell"
    NPS_FLAT = "nps_flat"
    NPS_ROSE_LITTLE = "nps_rose_little"


FlagParam = float | str


@dataclass(frozen=True)
class Flag:
    """A signal outside its healthy range: what was measured (`value`) and the team's limits
    it was held against (`params`: `ideal` for a one-sided limit, `min` and `max` for a band,
    `unit` where the figure was counted in one of several)."""

    signal: Signal
    code: FlagCode
    value: float | bool
    friction: Friction
    params: dict[str, FlagParam] = field(default_factory=dict)


Rule = Callable[[SprintSignals, Thresholds], Flag | None]


def _questions(s: SprintSignals, t: Thresholds) -> Flag | None:
    questions = s.clarifying_questions
    if questions is None or questions < t.clarifying_questions_below:
        return None
    return Flag(
        Signal.CLARIFYING_QUESTIONS,
        FlagCode.CLARIFYING_QUESTIONS_HIGH,
        questions,
        Friction.REQUIREMENTS_CLARITY,
        {"ideal": t.clarifying_questions_below},
    )


def _debt_share(s: SprintSignals, t: Thresholds) -> Flag | None:
    share = s.tech_debt_share
    if share is None or share >= t.tech_debt_share_min:
        return None
    return Flag(
        Signal.TECH_DEBT_SHARE,
        FlagCode.TECH_DEBT_SHARE_LOW,
        share,
        Friction.TECH_DEBT,
        {"ideal": t.tech_debt_share_min},
    )


def _rework(s: SprintSignals, t: Thresholds) -> Flag | None:
    rework = s.rework_days
    if rework is None or rework <= t.rework_days_max:
        return None
    return Flag(
        Signal.REWORK_DAYS,
        FlagCode.REWORK_DAYS_HIGH,
        rework,
        Friction.VELOCITY_QUALITY,
        {"ideal": t.rework_days_max},
    )


def _qa_rejections(s: SprintSignals, t: Thresholds) -> Flag | None:
    rejected = s.stories_rejected_in_qa
    if rejected is None or rejected <= t.qa_rejections_max:
        return None
    return Flag(
        Signal.QA_REJECTIONS,
        FlagCode.QA_REJECTIONS_HIGH,
        rejected,
        Friction.VELOCITY_QUALITY,
        {"ideal": t.qa_rejections_max},
    )


def _estimate_ratio(s: SprintSignals, t: Thresholds) -> Flag | None:
    ratio = s.estimate_ratio
    if ratio is None or t.estimate_ratio_min <= ratio <= t.estimate_ratio_max:
        return None
    high = ratio > t.estimate_ratio_max
    return Flag(
        Signal.ESTIMATE_RATIO,
        FlagCode.ESTIMATE_RATIO_HIGH if high else FlagCode.ESTIMATE_RATIO_LOW,
        round(ratio, 2),
        Friction.ESTIMATION,
        {"min": t.estimate_ratio_min, "max": t.estimate_ratio_max},
    )


def _completion(s: SprintSignals, t: Thresholds) -> Flag | None:
    found = s.completion
    if found is None or found[0] >= t.completion_min:
        return None
    share, unit = found
    # Rounded down, so 79.6% never reads as a healthy-looking 80% next to an 80% target.
    return Flag(
        Signal.COMPLETION,
        FlagCode.COMPLETION_LOW,
        int(share),
        Friction.ESTIMATION,
        {"ideal": t.completion_min, "unit": unit},
    )


def _stories_added(s: SprintSignals, t: Thresholds) -> Flag | None:
    added = s.stories_added_after_start
    if added is None or added <= t.stories_added_max:
        return None
    return Flag(
        Signal.STORIES_ADDED,
        FlagCode.STORIES_ADDED_HIGH,
        added,
        Friction.REQUIREMENTS_CLARITY,
        {"ideal": t.stories_added_max},
    )


def _shipped(s: SprintSignals, t: Thresholds) -> Flag | None:
    if s.shipped_on_time is not False:
        return None
    return Flag(Signal.SHIPPED_ON_TIME, FlagCode.SHIPPED_LATE, False, Friction.COMMUNICATION)


def _satisfaction(s: SprintSignals, t: Thresholds) -> Flag | None:
    mood = s.satisfaction
    if mood is None or mood >= t.satisfaction_min:
        return None
    return Flag(
        Signal.SATISFACTION,
        FlagCode.SATISFACTION_LOW,
        round(mood, 1),
        Friction.COMMUNICATION,
        {"ideal": t.satisfaction_min},
    )


def _nps(s: SprintSignals, t: Thresholds) -> Flag | None:
    nps = s.nps_change
    if nps is None or nps >= t.nps_change_min:
        return None
    code = (
        FlagCode.NPS_FELL
        if nps < 0
        else FlagCode.NPS_FLAT
        if nps == 0
        else FlagCode.NPS_ROSE_LITTLE
    )
    return Flag(
        Signal.NPS_CHANGE, code, nps, Friction.REQUIREMENTS_CLARITY, {"ideal": t.nps_change_min}
    )


RULES: dict[Signal, Rule] = {
    Signal.CLARIFYING_QUESTIONS: _questions,
    Signal.TECH_DEBT_SHARE: _debt_share,
    Signal.REWORK_DAYS: _rework,
    Signal.QA_REJECTIONS: _qa_rejections,
    Signal.ESTIMATE_RATIO: _estimate_ratio,
    Signal.COMPLETION: _completion,
    Signal.STORIES_ADDED: _stories_added,
    Signal.SHIPPED_ON_TIME: _shipped,
    Signal.SATISFACTION: _satisfaction,
    Signal.NPS_CHANGE: _nps,
}


def evaluate(signals: SprintSignals, thresholds: Thresholds) -> list[Flag]:
    """Flags in a fixed order (that of `Signal`), so agendas and reports read the same way."""
    found = (RULES[signal](signals, thresholds) for signal in Signal)
    return [flag for flag in found if flag is not None]
