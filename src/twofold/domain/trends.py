"""How a team's figures moved across sprints, as codes and numbers.

A trend is only as honest as the figures behind it: a sprint with nothing recorded is a gap,
never a zero, and "what changed" compares the mean of the first third of the known values with
the mean of the last third, so one odd sprint at either end cannot make a story on its own.
Wording lives elsewhere (`trend_words` on the server, the web UI's catalogue in the browser).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import median

from twofold.domain.signals import PULSES_SHOWN_MIN


class Better(StrEnum):
    LOWER = "lower"
    HIGHER = "higher"


class Metric(StrEnum):
    """A figure followed sprint by sprint; the order is the order pages and reports show."""

    CLARIFYING_QUESTIONS = "clarifying_questions"
    REWORK_DAYS = "rework_days"
    QA_REJECTIONS = "stories_rejected_in_qa"
    STORIES_ADDED = "stories_added_after_start"
    STORIES_REMOVED = "stories_removed_after_start"
    ESTIMATE_RATIO = "estimate_ratio"
    DEBT_SHARE = "tech_debt_share"
    COMPLETION = "completion"
    SHIPPED_ON_TIME = "shipped_on_time"
    NPS_CHANGE = "nps_change"
    SATISFACTION = "satisfaction"


BETTER: dict[Metric, Better | None] = {
    Metric.CLARIFYING_QUESTIONS: Better.LOWER,
    Metric.REWORK_DAYS: Better.LOWER,
    Metric.QA_REJECTIONS: Better.LOWER,
    Metric.STORIES_ADDED: Better.LOWER,
    Metric.STORIES_REMOVED: Better.LOWER,
    # Closer to 1 is better, which neither direction says: a change is reported, not judged.
    Metric.ESTIMATE_RATIO: None,
    Metric.DEBT_SHARE: Better.HIGHER,
    Metric.COMPLETION: Better.HIGHER,
    Metric.SHIPPED_ON_TIME: Better.HIGHER,
    Metric.NPS_CHANGE: Better.HIGHER,
    Metric.SATISFACTION: Better.HIGHER,
}

MIN_SPRINTS_FOR_CHANGE = 3
"""Fewer known values than this and there is no first and last third to compare."""

STEADY = 0.05
"""A change smaller than this share of the earlier figure (or than 0.05 near zero) is steady."""


class Direction(StrEnum):
    ROSE = "rose"
    FELL = "fell"
    STEADY = "steady"


@dataclass(frozen=True)
class Started:
    """A ritual or agreement begun in the period, marked on the charts and named in changes
    that came after it."""

    on: date
    kind: str
    title: str


@dataclass(frozen=True)
class Change:
    """A metric between the first and last third of the period. `improved` is None where the
    metric has no better direction, or it held steady. `since` is what the team started
    between the two thirds, if anything: the likeliest reason a reader will look for."""

    metric: Metric
    before: float
    after: float
    direction: Direction
    improved: bool | None
    since: Started | None


def thirds(values: Sequence[float | None]) -> tuple[float, float] | None:
    """The mean of the first and of the last third of the known values, in order."""
    known = [v for v in values if v is not None]
    if len(known) < MIN_SPRINTS_FOR_CHANGE:
        return None
    size = len(known) // 3
    first, last = known[:size], known[-size:]
    return sum(first) / len(first), sum(last) / len(last)


def direction(before: float, after: float) -> Direction:
    tolerance = max(abs(before) * STEADY, 0.05)
    if abs(after - before) <= tolerance:
        return Direction.STEADY
    return Direction.ROSE if after > before else Direction.FELL


def _between(
    ends: Sequence[date | None], values: Sequence[float | None], started: Sequence[Started]
) -> Started | None:
    """The latest start after the first third's last sprint and no later than the last third's
    first one."""
    dated = [d for d, v in zip(ends, values, strict=True) if v is not None]
    if len(dated) < MIN_SPRINTS_FOR_CHANGE:
        return None
    size = len(dated) // 3
    after_first, before_last = dated[size - 1], dated[-size]
    if after_first is None or before_last is None:
        return None
    inside = [s for s in started if after_first < s.on <= before_last]
    return max(inside, key=lambda s: s.on) if inside else None


def what_changed(
    series: Mapping[Metric, Sequence[float | None]],
    ends: Sequence[date | None],
    started: Sequence[Started] = (),
) -> list[Change]:
    """Each metric with enough known values, in `Metric` order; `ends` is each sprint's end
    (the same length as every series)."""
    changes: list[Change] = []
    for metric in Metric:
        values = series.get(metric)
        if values is None:
            continue
        pair = thirds(values)
        if pair is None:
            continue
        before, after = pair
        moved = direction(before, after)
        better = BETTER[metric]
        improved: bool | None = None
        if better is not None and moved is not Direction.STEADY:
            improved = (moved is Direction.FELL) == (better is Better.LOWER)
        changes.append(
            Change(metric, before, after, moved, improved, _between(ends, values, started))
        )
    return changes


def satisfaction(pulses: Sequence[int]) -> float | None:
    """The average pulse, shown only with at least `PULSES_SHOWN_MIN` answers."""
    if len(pulses) < PULSES_SHOWN_MIN:
        return None
    return sum(pulses) / len(pulses)


@dataclass(frozen=True)
class FollowThrough:
    """What became of the action items agreed in a period: `rate` is done over agreed (None
    with nothing agreed); dropped items count as not followed through."""

    agreed: int
    done: int
    dropped: int
    still_open: int

    @property
    def rate(self) -> float | None:
        return self.done / self.agreed if self.agreed else None


def follow_through(statuses: Sequence[str]) -> FollowThrough:
    done = sum(1 for s in statuses if s == "done")
    dropped = sum(1 for s in statuses if s == "dropped")
    return FollowThrough(len(statuses), done, dropped, len(statuses) - done - dropped)


def mean_known(values: Sequence[float | None]) -> float | None:
    """The mean of the known values: a sprint with nothing recorded is left out, not taken as
    zero; None with none known."""
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def median_days(spans: Sequence[tuple[date, date]]) -> float | None:
    """The median number of days from each start to its end; None with none."""
    if not spans:
        return None
    return float(median((end - start).days for start, end in spans))
