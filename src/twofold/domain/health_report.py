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
from twofold.domain.flag_words import threshold
from twofold.domain.flags import Flag, FlagCode
from twofold.domain.radar import BUILT_IN, SHOWN_MIN, Radar
from twofold.domain.sides import Side
from twofold.domain.signals import Thresholds
from twofold.domain.trend_words import amount, name, sentence
from twofold.domain.trends import Change, FollowThrough, Metric
from twofold.domain.vocab import Polarity, TextLanguage
from twofold.domain.words import Words, words

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
    language: TextLanguage = TextLanguage.EN
    """What the report is written in: its words, dates and numbers."""

    @property
    def words(self) -> Words:
        return words(self.language)

    @property
    def title(self) -> str:
        return self.words._("Tech Health report: {team}", team=self.team_name)

    @property
    def period(self) -> str:
        w = self.words
        if self.period_from is None or self.period_to is None:
            return w._("no closed sprints in this period")
        return w._("{start} to {end}", start=w.date(self.period_from), end=w.date(self.period_to))


def _limit(metric: Metric, t: Thresholds, w: Words) -> tuple[float | None, str]:
    """The healthy limit of a metric, worded as the team set it; None where it has none."""
    limits: dict[Metric, tuple[float, str]] = {
        Metric.CLARIFYING_QUESTIONS: (t.clarifying_questions_below, "below"),
        Metric.REWORK_DAYS: (t.rework_days_max, "most"),
        Metric.QA_REJECTIONS: (t.qa_rejections_max, "most"),
        Metric.STORIES_ADDED: (t.stories_added_max, "most"),
        Metric.DEBT_SHARE: (t.tech_debt_share_min, "least"),
        Metric.COMPLETION: (t.completion_min, "least"),
        Metric.NPS_CHANGE: (t.nps_change_min, "least"),
        Metric.SATISFACTION: (t.satisfaction_min, "least"),
    }
    if metric is Metric.ESTIMATE_RATIO:
        low, high = t.estimate_ratio_min, t.estimate_ratio_max
        return high, w._("between {min} and {max}", min=w.number(low), max=w.number(high))
    found = limits.get(metric)
    if found is None:
        return None, w._("no limit set")
    value, bound = found
    said = amount(metric, value, w)
    if bound == "below":
        return float(value), w._("below {amount}", amount=said)
    if bound == "most":
        return float(value), w._("at most {amount}", amount=said)
    return float(value), w._("at least {amount}", amount=said)


def _mean(values: Iterable[float | None]) -> float | None:
    """Rounded to two decimals: enough for any figure here, and what a chart's data shows."""
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 2) if known else None


def signal_lines(
    sprints: Sequence[SprintFigures], thresholds: Thresholds, w: Words | None = None
) -> list[SignalLine]:
    """Every metric with at least one known value, in `Metric` order."""
    w = w or words(TextLanguage.EN)
    flagged = Counter(flag.signal.value for s in sprints for flag in s.flags)
    lines = []
    for metric in Metric:
        values = tuple(s.values.get(metric) for s in sprints)
        known = [v for v in values if v is not None]
        if not known:
            continue
        limit, said = _limit(metric, thresholds, w)
        lines.append(
            SignalLine(
                metric,
                name(metric, w),
                values,
                _mean(known),
                known[-1],
                limit,
                said,
                flagged[metric],
            )
        )
    return lines


def debt_share(sprints: Sequence[SprintFigures], target: float = DEBT_TARGET_PERCENT) -> DebtShare:
    """The share of capacity spent on debt in each sprint, its mean over the sprints that
    recorded one, and how many fell short of the target."""
    shares = tuple(s.values.get(Metric.DEBT_SHARE) for s in sprints)
    known = [v for v in shares if v is not None]
    return DebtShare(shares, _mean(known), target, sum(1 for v in known if v < target), len(known))


def radar_summary(radars: Iterable[Radar], w: Words | None = None) -> RadarSummary:
    """Each side's average on each dimension over the period, weighted by answers. Only the
    scores each retro's radar already shows count, so nothing hidden there leaks here; a side
    with fewer than `SHOWN_MIN` answers in all is left out even so. The five come first, then
    the team's own dimensions any retro of the period asked, under their current labels (the
    five in the report's language, a team's own as written)."""
    w = w or words(TextLanguage.EN)
    sums: dict[tuple[str, Side], list[float]] = {}
    labels = {d.key: w.known(d.label) for d in BUILT_IN}
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


def _topic_point(topic: TopicSeen, w: Words) -> Point:
    said = w.ngettext(
        "{title} ({count} vote, {sprint})",
        "{title} ({count} votes, {sprint})",
        topic.votes,
        title=short_title(topic.title),
        sprint=topic.sprint,
    )
    return Point(said, PointSource.TOPIC)


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


def _flag_point(code: FlagCode, flags: Sequence[Flag], sprints: int, w: Words) -> Point:
    latest = flags[-1]
    metric = Metric(latest.signal.value)
    value = latest.value
    if isinstance(value, bool):
        shown = w._("late") if value is False else w._("on time")
    else:
        shown = amount(metric, value, w)
    said = w.ngettext(
        "{name} outside the healthy range in {flagged} of {count} sprint "
        "(latest {latest}; healthy: {healthy})",
        "{name} outside the healthy range in {flagged} of {count} sprints "
        "(latest {latest}; healthy: {healthy})",
        sprints,
        name=name(metric, w),
        flagged=w.number(len(flags)),
        latest=shown,
        healthy=threshold(latest, w.language),
    )
    return Point(said, PointSource.SIGNAL)


def _recurring_flags(sprints: Sequence[SprintFigures], w: Words) -> list[Point]:
    """Each kind of flag once, the most often raised first (ties in the order of `Signal`)."""
    by_code: dict[FlagCode, list[Flag]] = {}
    for sprint in sprints:
        for flag in sprint.flags:
            by_code.setdefault(flag.code, []).append(flag)
    order = list(FlagCode)
    codes = sorted(by_code, key=lambda c: (-len(by_code[c]), order.index(c)))
    return [_flag_point(c, by_code[c], len(sprints), w) for c in codes]


def _taken_in_turn(first: Sequence[Point], second: Sequence[Point]) -> tuple[Point, ...]:
    mixed = [p for pair in zip_longest(first, second) for p in pair if p is not None]
    return tuple(mixed[:POINTS_SHOWN])


def wins(
    topics: Sequence[TopicSeen],
    changes: Sequence[Change],
    language: TextLanguage = TextLanguage.EN,
) -> tuple[Point, ...]:
    """Up to three: the most-voted topics that went well, in turn with figures that improved."""
    w = words(language)
    improved = [
        Point(sentence(c, language), PointSource.SIGNAL) for c in changes if c.improved is True
    ]
    return _taken_in_turn(
        [_topic_point(t, w) for t in _by_votes(topics, Polarity.WENT_WELL)], improved
    )


def risks(
    topics: Sequence[TopicSeen],
    sprints: Sequence[SprintFigures],
    language: TextLanguage = TextLanguage.EN,
) -> tuple[Point, ...]:
    """Up to three: the most-voted topics that did not go well, in turn with the flags raised
    most often."""
    w = words(language)
    return _taken_in_turn(
        [_topic_point(t, w) for t in _by_votes(topics, Polarity.DIDNT_GO_WELL)],
        _recurring_flags(sprints, w),
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
    language: TextLanguage = TextLanguage.EN,
) -> HealthReport:
    w = words(language)
    return HealthReport(
        team_name=team_name,
        period_from=period[0],
        period_to=period[1],
        sprints=tuple(s.name for s in sprints),
        signals=tuple(signal_lines(sprints, thresholds, w)),
        changes=tuple(sentence(c, language) for c in changes),
        debt=debt_share(sprints),
        top_debt=tuple(top_debt),
        follow_through=follow_through,
        median_days_to_done=median_days_to_done,
        actions_by_sprint=tuple((s.actions_agreed, s.actions_done) for s in sprints),
        radar=radar_summary(radars, w),
        wins=wins(topics, changes, language),
        risks=risks(topics, sprints, language),
        language=language,
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
