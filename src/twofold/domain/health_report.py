"""The Tech Health report: what a team's stakeholders are shown about a period, as one model
that every format (slides, PDF, Markdown) is drawn from, so the three never disagree.

Nothing is measured here for the first time: the figures come from the team's trends, the
radar's history, the debt ranking and the retros' closing summaries. This module only picks
and arranges them:
- each signal against the team's healthy limit, with how many sprints it was flagged in;
- the capacity spent on debt against the 20 % target (`debt.DEBT_TARGET_PERCENT`);
- the radar by side over the period, a side shown on a dimension only with at least
  `radar.SHOWN_MIN` answers behind it;
- three wins and three risks, taken in turn from the most-voted topics and from the signals
  (flags that recurred for risks, figures that improved for wins), so neither source crowds
  the other out.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import zip_longest

from twofold.domain.debt import DEBT_TARGET_PERCENT
from twofold.domain.flag_words import THRESHOLDS
from twofold.domain.flags import Flag, FlagCode
from twofold.domain.radar import BUILT_IN, SHOWN_MIN, Radar
from twofold.domain.sides import Side
from twofold.domain.signals import Thresholds
from twofold.domain.trend_words import NAMES, figure, sentence
from twofold.domain.trends import Change, FollowThrough, Metric
from twofold.domain.vocab import Polarity

POINTS_SHOWN = 3
TOPIC_TITLE_MAX = 120


class ReportFormat(StrEnum):
    PPTX = "pptx"
    PDF = "pdf"
    MD = "md"


MEDIA_TYPES: dict[ReportFormat, str] = {
    ReportFormat.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.MD: "text/markdown; charset=utf-8",
}


@dataclass(frozen=True)
class SprintFigures:
    """One sprint of the period as the trends and its closing summary give it."""

    name: str
    ends: date | None
    values: Mapping[Metric, float | None]
    actions_agreed: int
    actions_done: int
    flags: Sequence[Flag] = ()


@dataclass(frozen=True)
class TopicSeen:
    """A retro's topic with its votes; `polarity` is what most of its cards said."""

    title: str
    votes: int
    polarity: Polarity | None
    sprint: str


@dataclass(frozen=True)
class DebtLine:
    """A ranked debt item with each side's scores: the PM's impact, engineering's drag and
    effort."""

    title: str
    impact: int | None
    drag_hours: float | None
    effort: int | None
    priority: float | None


@dataclass(frozen=True)
class SignalLine:
    metric: Metric
    name: str
    unit: str
    values: tuple[float | None, ...]
    average: float | None
    latest: float | None
    limit: float | None
    """The healthy limit the chart sets beside the average (the upper end for a range)."""
    limit_words: str
    flagged_in: int
    """Sprints of the period whose retro flagged this signal."""


@dataclass(frozen=True)
class DebtShare:
    per_sprint: tuple[float | None, ...]
    average: float | None
    target: float
    below_target: int
    known: int


@dataclass(frozen=True)
class SideAverage:
    average: float
    answers: int


@dataclass(frozen=True)
class RadarLine:
    label: str
    product: SideAverage | None
    engineering: SideAverage | None


@dataclass(frozen=True)
class RadarSummary:
    lines: tuple[RadarLine, ...]
    sides: tuple[Side, ...]
    """The sides shown on at least one dimension: a side nobody can be told about is left
    off the chart entirely."""


class PointSource(StrEnum):
    TOPIC = "topic"
    SIGNAL = "signal"


@dataclass(frozen=True)
class Point:
    text: str
    source: PointSource


@dataclass(frozen=True)
class HealthReport:
    team_name: str
    period_from: date | None
    period_to: date | None
    sprints: tuple[str, ...]
    signals: tuple[SignalLine, ...]
    changes: tuple[str, ...]
    debt: DebtShare
    top_debt: tuple[DebtLine, ...]
    follow_through: FollowThrough
    median_days_to_done: float | None
    actions_by_sprint: tuple[tuple[int, int], ...]
    """(agreed, done) for each sprint."""
    radar: RadarSummary
    wins: tuple[Point, ...]
    risks: tuple[Point, ...]

    @property
    def title(self) -> str:
        return f"Tech Health report: {self.team_name}"

    @property
    def period(self) -> str:
        if self.period_from is None or self.period_to is None:
            return "no closed sprints in this period"
        return f"{self.period_from.isoformat()} to {self.period_to.isoformat()}"


def _limit(metric: Metric, t: Thresholds) -> tuple[float | None, str]:
    """The healthy limit of a metric, worded as the team set it; None where it has none."""
    limits: dict[Metric, tuple[float, str]] = {
        Metric.CLARIFYING_QUESTIONS: (t.clarifying_questions_below, "below"),
        Metric.REWORK_DAYS: (t.rework_days_max, "at most"),
        Metric.QA_REJECTIONS: (t.qa_rejections_max, "at most"),
        Metric.STORIES_ADDED: (t.stories_added_max, "at most"),
        Metric.DEBT_SHARE: (t.tech_debt_share_min, "at least"),
        Metric.COMPLETION: (t.completion_min, "at least"),
        Metric.NPS_CHANGE: (t.nps_change_min, "at least"),
        Metric.SATISFACTION: (t.satisfaction_min, "at least"),
    }
    if metric is Metric.ESTIMATE_RATIO:
        low, high = t.estimate_ratio_min, t.estimate_ratio_max
        return high, f"between {low:g} and {high:g}"
    found = limits.get(metric)
    if found is None:
        return None, "no limit set"
    value, words = found
    unit = NAMES[metric][1]
    if value == 1:
        unit = unit.replace(" days ", " day ")
    return float(value), f"{words} {value:g}{unit}"


def _mean(values: Iterable[float | None]) -> float | None:
    """Rounded to two decimals: enough for any figure here, and what a chart's data shows."""
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 2) if known else None


def signal_lines(sprints: Sequence[SprintFigures], thresholds: Thresholds) -> list[SignalLine]:
    """Every metric with at least one known value, in `Metric` order."""
    flagged = Counter(flag.signal.value for s in sprints for flag in s.flags)
    lines = []
    for metric in Metric:
        values = tuple(s.values.get(metric) for s in sprints)
        known = [v for v in values if v is not None]
        if not known:
            continue
        limit, words = _limit(metric, thresholds)
        name, unit = NAMES[metric]
        lines.append(
            SignalLine(
                metric, name, unit, values, _mean(known), known[-1], limit, words, flagged[metric]
            )
        )
    return lines


def debt_share(sprints: Sequence[SprintFigures], target: float = DEBT_TARGET_PERCENT) -> DebtShare:
    """The share of capacity spent on debt in each sprint, its mean over the sprints that
    recorded one, and how many fell short of the target."""
    shares = tuple(s.values.get(Metric.DEBT_SHARE) for s in sprints)
    known = [v for v in shares if v is not None]
    return DebtShare(shares, _mean(known), target, sum(1 for v in known if v < target), len(known))


def radar_summary(radars: Iterable[Radar]) -> RadarSummary:
    """Each side's average on each dimension over the period, weighted by answers. Only the
    scores each retro's radar already shows count, so nothing hidden there leaks here; a side
    with fewer than `SHOWN_MIN` answers in all is left out even so. The five come first, then
    the team's own dimensions any retro of the period asked, under their current labels."""
    sums: dict[tuple[str, Side], list[float]] = {}
    labels = {d.key: d.label for d in BUILT_IN}
    for radar in radars:
        for scores in radar.dimensions:
            labels.setdefault(scores.dimension, scores.label)
            for side, score in (
                (Side.PRODUCT, scores.product),
                (Side.ENGINEERING, scores.engineering),
            ):
                if score.shown and score.average is not None and score.count is not None:
                    total = sums.setdefault((scores.dimension, side), [0.0, 0])
                    total[0] += score.average * score.count
                    total[1] += score.count

    def average_of(key: str, which: Side) -> SideAverage | None:
        total = sums.get((key, which))
        if total is None or total[1] < SHOWN_MIN:
            return None
        return SideAverage(round(total[0] / total[1], 1), int(total[1]))

    lines = tuple(
        RadarLine(label, average_of(key, Side.PRODUCT), average_of(key, Side.ENGINEERING))
        for key, label in labels.items()
    )
    shown = tuple(
        s
        for s in (Side.PRODUCT, Side.ENGINEERING)
        if any((line.product if s is Side.PRODUCT else line.engineering) for line in lines)
    )
    return RadarSummary(lines, shown)


def leaning(polarities: Iterable[Polarity | None]) -> Polarity | None:
    """What most of a topic's cards said; a tie goes to the first card's."""
    order = [p for p in polarities if p is not None]
    counted = Counter(order)
    if not counted:
        return None
    best = max(counted.values())
    return next(p for p in order if counted[p] == best)


def short_title(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TOPIC_TITLE_MAX else text[: TOPIC_TITLE_MAX - 1] + "…"


def _topic_point(topic: TopicSeen) -> Point:
    votes = f"{topic.votes} vote{'' if topic.votes == 1 else 's'}"
    return Point(f"{short_title(topic.title)} ({votes}, {topic.sprint})", PointSource.TOPIC)


def _by_votes(topics: Iterable[TopicSeen], polarity: Polarity) -> list[TopicSeen]:
    """Topics of one leaning with at least one vote and some text, most votes first; ties go
    to the later sprint, as the fresher news (the input is in sprint order)."""
    chosen = [
        (i, t)
        for i, t in enumerate(topics)
        if t.polarity is polarity and t.votes > 0 and t.title.strip()
    ]
    chosen.sort(key=lambda pair: (-pair[1].votes, -pair[0]))
    return [t for _, t in chosen]


def _flag_point(code: FlagCode, flags: Sequence[Flag], sprints: int) -> Point:
    latest = flags[-1]
    metric = Metric(latest.signal.value)
    name, unit = NAMES[metric]
    value = latest.value
    shown = ("late" if value is False else "on time") if isinstance(value, bool) else figure(value)
    unit = "" if isinstance(value, bool) else unit
    return Point(
        f"{name} outside the healthy range in {len(flags)} of {sprints} sprints "
        f"(latest {shown}{unit}; healthy: {THRESHOLDS[code](latest)})",
        PointSource.SIGNAL,
    )


def _recurring_flags(sprints: Sequence[SprintFigures]) -> list[Point]:
    """Each kind of flag once, the most often raised first (ties in the order of `Signal`)."""
    by_code: dict[FlagCode, list[Flag]] = {}
    for sprint in sprints:
        for flag in sprint.flags:
            by_code.setdefault(flag.code, []).append(flag)
    order = list(FlagCode)
    codes = sorted(by_code, key=lambda c: (-len(by_code[c]), order.index(c)))
    return [_flag_point(c, by_code[c], len(sprints)) for c in codes]


def _taken_in_turn(first: Sequence[Point], second: Sequence[Point]) -> tuple[Point, ...]:
    mixed = [p for pair in zip_longest(first, second) for p in pair if p is not None]
    return tuple(mixed[:POINTS_SHOWN])


def wins(topics: Sequence[TopicSeen], changes: Sequence[Change]) -> tuple[Point, ...]:
    """Up to three: the most-voted topics that went well, in turn with figures that improved."""
    improved = [Point(sentence(c), PointSource.SIGNAL) for c in changes if c.improved is True]
    return _taken_in_turn(
        [_topic_point(t) for t in _by_votes(topics, Polarity.WENT_WELL)], improved
    )


def risks(topics: Sequence[TopicSeen], sprints: Sequence[SprintFigures]) -> tuple[Point, ...]:
    """Up to three: the most-voted topics that did not go well, in turn with the flags raised
    most often."""
    return _taken_in_turn(
        [_topic_point(t) for t in _by_votes(topics, Polarity.DIDNT_GO_WELL)],
        _recurring_flags(sprints),
    )


def assemble(
    *,
    team_name: str,
    period: tuple[date | None, date | None],
    sprints: Sequence[SprintFigures],
    thresholds: Thresholds,
    changes: Sequence[Change],
    follow_through: FollowThrough,
    median_days_to_done: float | None,
    top_debt: Sequence[DebtLine],
    radars: Iterable[Radar],
    topics: Sequence[TopicSeen],
) -> HealthReport:
    return HealthReport(
        team_name=team_name,
        period_from=period[0],
        period_to=period[1],
        sprints=tuple(s.name for s in sprints),
        signals=tuple(signal_lines(sprints, thresholds)),
        changes=tuple(sentence(c) for c in changes),
        debt=debt_share(sprints),
        top_debt=tuple(top_debt),
        follow_through=follow_through,
        median_days_to_done=median_days_to_done,
        actions_by_sprint=tuple((s.actions_agreed, s.actions_done) for s in sprints),
        radar=radar_summary(radars),
        wins=wins(topics, changes),
        risks=risks(topics, sprints),
    )


class ReportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ReportJob:
    """A report asked for and what became of it; its file is kept under its id."""

    id: str
    team_id: str
    requested_by: str | None
    format: ReportFormat
    period_from: date | None
    period_to: date | None
    last: int | None
    status: ReportStatus
    progress: int
    error: str | None
    file_name: str | None
    size_bytes: int | None
    attempts: int
    created_at: datetime
    finished_at: datetime | None
    started_at: datetime | None = None
    """When the attempt now running started; None unless the job is running."""

    @property
    def retryable(self) -> bool:
        return self.status is ReportStatus.FAILED
