"""A team's trends across sprints, for its members: what the signals, action items, friction
points, debt, the health radar and each side's voice did over a period of closed retros, and
what changed between its first and last third. Counting is done by the database
(`store.queries.trends`, `radar`, `summary`); no card text is read, so the page stays cheap
however much a team has written. The pieces that take any retros, whatever their team, serve
the views across teams (`team_comparison`) as well."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from twofold.domain import trends as rules
from twofold.domain.debt import DebtItem, DebtStatus, rank
from twofold.domain.equal_voice import EqualVoice, measure, voice_sides
from twofold.domain.errors import Invalid
from twofold.domain.radar import Radar
from twofold.domain.signals import SprintSignals, Thresholds
from twofold.domain.trends import Change, FollowThrough, Metric, Started
from twofold.insights.situations import PerceptionGap
from twofold.services.access import Actor, check_team_member
from twofold.services.context import Ctx
from twofold.services.side_grouping import groupings_by_retro, radars_by_retro
from twofold.services.situations import gaps_of_retros
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import signals as signal_q
from twofold.store.queries import summary as summary_q
from twofold.store.queries import trends as trend_q
from twofold.store.queries.ids import now
from twofold.store.queries.trends import OpenAction, SprintRetro

PERIODS = (3, 6, 12)
"""The periods the page offers, in sprints; any number up to `LAST_MOST` may be asked for."""
LAST_MOST = 52
OLDEST_SHOWN = 5
TOP_DEBT_SHOWN = 5


@dataclass(frozen=True)
class SprintActions:
    agreed: int = 0
    done: int = 0
    dropped: int = 0
    still_open: int = 0
    carried: int = 0


@dataclass(frozen=True)
class SprintTrend:
    retro: SprintRetro
    values: dict[Metric, float | None]
    actions: SprintActions
    debt_opened: int
    debt_closed: int
    radar: Radar
    """Averages per side, each only where `domain.radar.SHOWN_MIN` people of the side answered."""
    voice: EqualVoice
    """Shares per side; not shown in an anonymous retro with too few people on a side."""


@dataclass(frozen=True)
class WaitingDebt:
    id: str
    title: str
    priority: float
    waiting_days: int


@dataclass(frozen=True)
class TeamTrends:
    team_id: str
    sprints: list[SprintTrend]
    thresholds: Thresholds
    friction: list[tuple[str, str, str, int]]
    """(retro, friction point, author's role, cards)."""
    follow_through: FollowThrough
    by_category: dict[str, FollowThrough]
    median_days_to_done: float | None
    oldest_open: list[OpenAction]
    top_debt: list[WaitingDebt]
    started: list[Started]
    changes: list[Change] = field(default_factory=list)


def debt_share_of(signals: SprintSignals, capacity: tuple[float, float] | None) -> float | None:
    """The share of the sprint spent on tech debt: as recorded, else from the capacity."""
    if signals.tech_debt_share is not None:
        return signals.tech_debt_share
    if capacity is not None and capacity[0] > 0:
        return 100 * capacity[1] / capacity[0]
    return None


def values_of(
    signals: SprintSignals, capacity: tuple[float, float] | None
) -> dict[Metric, float | None]:
    share = debt_share_of(signals, capacity)
    completion = signals.completion
    shipped = signals.shipped_on_time
    return {
        Metric.CLARIFYING_QUESTIONS: _float(signals.clarifying_questions),
        Metric.REWORK_DAYS: signals.rework_days,
        Metric.QA_REJECTIONS: _float(signals.stories_rejected_in_qa),
        Metric.STORIES_ADDED: _float(signals.stories_added_after_start),
        Metric.STORIES_REMOVED: _float(signals.stories_removed_after_start),
        Metric.ESTIMATE_RATIO: signals.estimate_ratio,
        Metric.DEBT_SHARE: share,
        Metric.COMPLETION: completion[0] if completion else None,
        Metric.SHIPPED_ON_TIME: None if shipped is None else 100.0 * shipped,
        Metric.NPS_CHANGE: _float(signals.nps_change),
        Metric.SATISFACTION: rules.satisfaction(signals.satisfaction_pulses),
    }


def sides_by_retro(
    tx: Tx, retro_ids: Sequence[str], *, own_dimensions: bool = True
) -> dict[str, tuple[Radar, EqualVoice]]:
    """Each retro's radar and equal voice, from averages and counts grouped in SQL over all of
    them (whatever team each is in); the rules that hide a side with too few people are the
    per-retro ones, applied retro by retro. Without `own_dimensions` the radar keeps to the
    five every team asks (`side_grouping.radars_by_retro`)."""
    radars = radars_by_retro(tx, retro_ids, own_dimensions=own_dimensions)
    groupings = groupings_by_retro(tx, retro_ids)
    counts = summary_q.voice_counts(tx, retro_ids)
    anonymous = retro_q.anonymous_retro_ids(tx, set(retro_ids))
    return {
        retro_id: (
            radars[retro_id],
            measure(
                people=counts[retro_id].people,
                cards=counts[retro_id].cards,
                votes=counts[retro_id].votes,
                notes=counts[retro_id].notes,
                actions=counts[retro_id].actions,
                anonymous=retro_id in anonymous,
                sides=voice_sides(groupings[retro_id]),
            ),
        )
        for retro_id in retro_ids
    }


def sprint_actions(by_status: Mapping[str, int]) -> SprintActions:
    """A sprint's items from counts by status (and `carried`, the items carried at least once)."""
    return SprintActions(
        agreed=sum(v for k, v in by_status.items() if k != "carried"),
        done=by_status.get("done", 0),
        dropped=by_status.get("dropped", 0),
        still_open=by_status.get("open", 0) + by_status.get("in_progress", 0),
        carried=by_status.get("carried", 0),
    )


def actions_by_retro(tx: Tx, retro_ids: Sequence[str]) -> dict[str, SprintActions]:
    """Each retro's items by outcome, counted in one query whatever teams the retros are in."""
    by_status: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for retro_id, _category, status, count, carried in trend_q.action_counts(tx, retro_ids):
        by_status[retro_id][status] += count
        by_status[retro_id]["carried"] += carried
    return {retro_id: sprint_actions(by_status[retro_id]) for retro_id in retro_ids}


def started_in(
    tx: Tx, team_ids: Sequence[str], sprints: Mapping[str, list[SprintRetro]]
) -> dict[str, list[Started]]:
    """What each team started within its own period (one query for all the teams)."""
    periods = {
        team_id: (_period_start(found) or found[0].ends, found[-1].ends)
        for team_id, found in sprints.items()
        if found
    }
    started: dict[str, list[Started]] = {team_id: [] for team_id in team_ids}
    if not periods:
        return started
    first = min(start for start, _ in periods.values())
    last = max(end for _, end in periods.values())
    for team_id, on, kind, title in trend_q.started_between(tx, list(periods), first, last):
        start, end = periods[team_id]
        if start <= on <= end:
            started[team_id].append(Started(on, kind, title))
    return started


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)


def _sprint_of(day: date, sprints: list[SprintRetro]) -> str | None:
    """The sprint a day falls in: the first whose end is on or after it (None after the last;
    the first sprint takes everything before it)."""
    for sprint in sprints:
        if day <= sprint.ends:
            return sprint.id
    return None


def _period_start(sprints: list[SprintRetro]) -> date | None:
    """The first sprint's start; where it has none, as long before its end as the sprint after
    it lasted (two weeks when it is alone)."""
    if not sprints:
        return None
    first = sprints[0]
    if first.starts is not None:
        return first.starts
    length = sprints[1].ends - first.ends if len(sprints) > 1 else timedelta(days=14)
    return first.ends - length + timedelta(days=1)


def _read(tx: Tx, team_id: str, sprints: list[SprintRetro]) -> TeamTrends:
    ids = [s.id for s in sprints]
    signals = trend_q.signals_of(tx, ids)
    capacity = trend_q.capacity_of(tx, ids)
    actions: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    statuses: list[str] = []
    by_category: dict[str, list[str]] = defaultdict(list)
    for rid, category, status, count, carried in trend_q.action_counts(tx, ids):
        actions[rid][status] += count
        actions[rid]["carried"] += carried
        statuses += [status] * count
        by_category[category or "uncategorised"] += [status] * count
    opened: dict[str, int] = defaultdict(int)
    closed: dict[str, int] = defaultdict(int)
    debt = trend_q.debt_items(tx, team_id)
    start = _period_start(sprints)
    for item in debt:
        if start is None:
            break
        if item.created >= start and (sid := _sprint_of(item.created, sprints)):
            opened[sid] += 1
        if (
            item.closed is not None
            and item.closed > start
            and (sid := _sprint_of(item.closed, sprints))
        ):
            closed[sid] += 1
    sides = sides_by_retro(tx, ids)
    trend_sprints = [
        SprintTrend(
            sprint,
            values_of(signals.get(sprint.id, SprintSignals()), capacity.get(sprint.id)),
            sprint_actions(actions[sprint.id]),
            opened[sprint.id],
            closed[sprint.id],
            *sides[sprint.id],
        )
        for sprint in sprints
    ]
    started = started_in(tx, [team_id], {team_id: sprints})[team_id]
    today = now().date()
    ranking = rank(
        DebtItem(
            id=d.id,
            team_id=team_id,
            title=d.title,
            created_at=now(),
            drag_hours=d.drag_hours,
            impact=d.impact,
            effort=d.effort,
            status=DebtStatus(d.status),
        )
        for d in debt
    )
    created = {d.id: d.created for d in debt}
    spans = [(agreed.date(), done) for agreed, done in trend_q.done_spans(tx, ids)]
    series = {m: [s.values[m] for s in trend_sprints] for m in Metric}
    return TeamTrends(
        team_id=team_id,
        sprints=trend_sprints,
        thresholds=signal_q.thresholds_of(tx, team_id).thresholds,
        friction=trend_q.friction_counts(tx, ids),
        follow_through=rules.follow_through(statuses),
        by_category={k: rules.follow_through(v) for k, v in sorted(by_category.items())},
        median_days_to_done=rules.median_days(spans),
        oldest_open=trend_q.oldest_open(tx, team_id, OLDEST_SHOWN),
        top_debt=[
            WaitingDebt(r.item.id, r.item.title, r.priority, (today - created[r.item.id]).days)
            for r in ranking.ranked[:TOP_DEBT_SHOWN]
        ],
        started=started,
        changes=rules.what_changed(series, [s.retro.ends for s in trend_sprints], started),
    )


def check_period(last: int, start: date | None, end: date | None) -> None:
    if not 1 <= last <= LAST_MOST:
        raise Invalid(f"A period is 1 to {LAST_MOST} sprints (got {last}).", code="bad_period")
    if start is not None and end is not None and start > end:
        raise Invalid("The period's start is after its end.", code="bad_period")


def team_trends(
    ctx: Ctx,
    actor: Actor,
    team_id: str,
    *,
    last: int = 6,
    start: date | None = None,
    end: date | None = None,
) -> TeamTrends:
    """The team's last `last` closed retros (within `start`..`end` where given)."""
    check_period(last, start, end)
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        sprints = trend_q.closed_retros(tx, team_id, last=last, start=start, end=end)
        return _read(tx, team_id, sprints)


def team_gaps(
    ctx: Ctx,
    actor: Actor,
    team_id: str,
    *,
    last: int = 6,
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[SprintRetro, list[PerceptionGap] | None]]:
    """Perception gaps per sprint over the same period as `team_trends` (members only). Kept
    apart from the other figures, which are counted in SQL: these compare every card of each
    retro with the others, so the page asks for them on their own, after the rest."""
    check_period(last, start, end)
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        sprints = trend_q.closed_retros(tx, team_id, last=last, start=start, end=end)
        found = gaps_of_retros(tx, team_id, [s.id for s in sprints])
    return [(sprint, found[sprint.id]) for sprint in sprints]
