"""Which sprint signals are outside the team's healthy range, each with a question to start
the discussion from.

A signal is only worth a retro's time when it is off, so `evaluate` returns flags for those
alone. Nothing recorded means nothing known: a signal left empty is never flagged. Each rule is
a function of its own; `RULES` runs them in the order of `Signal`, the order agendas and
reports list them in.
"""

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Flag:
    """A signal outside its healthy range, with the question to open the conversation."""

    signal: Signal
    value: float | bool
    threshold: str
    prompt: str
    friction: Friction


Rule = Callable[[SprintSignals, Thresholds], Flag | None]


def _questions(s: SprintSignals, t: Thresholds) -> Flag | None:
    questions = s.clarifying_questions
    if questions is None or questions < t.clarifying_questions_below:
        return None
    return Flag(
        Signal.CLARIFYING_QUESTIONS,
        questions,
        f"fewer than {t.clarifying_questions_below}",
        f"{_plural(questions, 'clarifying question')} came up mid-sprint — which stories "
        "reached development with gaps, and what would have caught them sooner?",
        Friction.REQUIREMENTS_CLARITY,
    )


def _debt_share(s: SprintSignals, t: Thresholds) -> Flag | None:
    share = s.tech_debt_share
    if share is None or share >= t.tech_debt_share_min:
        return None
    return Flag(
        Signal.TECH_DEBT_SHARE,
        share,
        f"at least {_number(t.tech_debt_share_min)}%",
        f"Only {_number(share)}% of capacity went to tech debt "
        f"(target {_number(t.tech_debt_share_min)}%) — what did we put off, "
        "and what is it costing us?",
        Friction.TECH_DEBT,
    )


def _rework(s: SprintSignals, t: Thresholds) -> Flag | None:
    rework = s.rework_days
    if rework is None or rework <= t.rework_days_max:
        return None
    return Flag(
        Signal.REWORK_DAYS,
        rework,
        f"at most {_days(t.rework_days_max)}",
        f"{_days(rework)} of rework this sprint — what did the stories that "
        "bounced back have in common?",
        Friction.VELOCITY_QUALITY,
    )


def _qa_rejections(s: SprintSignals, t: Thresholds) -> Flag | None:
    rejected = s.stories_rejected_in_qa
    if rejected is None or rejected <= t.qa_rejections_max:
        return None
    return Flag(
        Signal.QA_REJECTIONS,
        rejected,
        f"at most {_plural(t.qa_rejections_max, 'story', 'stories')}",
        f"QA sent {_plural(rejected, 'story', 'stories')} back this sprint — unclear "
        "acceptance criteria, edge cases found late, or defects?",
        Friction.VELOCITY_QUALITY,
    )


def _estimate_ratio(s: SprintSignals, t: Thresholds) -> Flag | None:
    ratio = s.estimate_ratio
    if ratio is None or t.estimate_ratio_min <= ratio <= t.estimate_ratio_max:
        return None
    question = (
        "which stories surprised us, and what did we not know when we estimated?"
        if ratio > t.estimate_ratio_max
        else "were we padding, or did scope quietly shrink?"
    )
    return Flag(
        Signal.ESTIMATE_RATIO,
        round(ratio, 2),
        f"between {_number(t.estimate_ratio_min)} and {_number(t.estimate_ratio_max)}",
        f"Work took {_number(round(ratio, 2))} times its estimates overall — {question}",
        Friction.ESTIMATION,
    )


def _completion(s: SprintSignals, t: Thresholds) -> Flag | None:
    found = s.completion
    if found is None or found[0] >= t.completion_min:
        return None
    share, unit = found
    # Rounded down, so 79.6% never reads as a healthy-looking 80% next to an 80% target.
    shown = int(share)
    return Flag(
        Signal.COMPLETION,
        shown,
        f"at least {_number(t.completion_min)}% of the committed {unit}",
        f"{shown}% of the committed {unit} were completed (target {_number(t.completion_min)}%)"
        " — what got in the way, and did we commit to more than we knew?",
        Friction.ESTIMATION,
    )


def _stories_added(s: SprintSignals, t: Thresholds) -> Flag | None:
    added = s.stories_added_after_start
    if added is None or added <= t.stories_added_max:
        return None
    return Flag(
        Signal.STORIES_ADDED,
        added,
        f"at most {t.stories_added_max}",
        f"{_plural(added, 'story', 'stories')} joined after the sprint started — who asked "
        "for them, and could any have waited for planning?",
        Friction.REQUIREMENTS_CLARITY,
    )


def _shipped(s: SprintSignals, t: Thresholds) -> Flag | None:
    if s.shipped_on_time is not False:
        return None
    return Flag(
        Signal.SHIPPED_ON_TIME,
        False,
        "shipped on time",
        "The sprint did not ship on time — when did we first know, and who heard it last?",
        Friction.COMMUNICATION,
    )


def _satisfaction(s: SprintSignals, t: Thresholds) -> Flag | None:
    mood = s.satisfaction
    if mood is None or mood >= t.satisfaction_min:
        return None
    return Flag(
        Signal.SATISFACTION,
        round(mood, 1),
        f"at least {_number(t.satisfaction_min)} of 5",
        f"Team satisfaction averaged {_number(round(mood, 1))} of 5 — what would "
        "make the next sprint feel better to work in?",
        Friction.COMMUNICATION,
    )


def _nps(s: SprintSignals, t: Thresholds) -> Flag | None:
    nps = s.nps_change
    if nps is None or nps >= t.nps_change_min:
        return None
    if nps < 0:
        movement = f"fell by {_plural(-nps, 'point')}"
    elif nps == 0:
        movement = "did not move"
    else:
        movement = f"rose by only {_plural(nps, 'point')}"
    return Flag(
        Signal.NPS_CHANGE,
        nps,
        f"at least {t.nps_change_min:+d}",
        f"NPS {movement} — what did customers notice this sprint that we did not?",
        Friction.REQUIREMENTS_CLARITY,
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


def _number(value: float) -> str:
    return f"{value:g}"


def _plural(value: float, unit: str, units: str | None = None) -> str:
    return f"{_number(value)} {unit if value == 1 else units or unit + 's'}"


def _days(value: float) -> str:
    return _plural(value, "day")
