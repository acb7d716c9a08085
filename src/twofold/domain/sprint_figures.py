"""The sprint signals a tracker's sprint yields, worked out from its issues' history
(`sprint_history`), whichever tracker it came from. Every formula is written out in
docs/integrations.md ("Sprint signals from the tracker"); the two must change together.

The sprint runs from its start S to its end E (when it was completed, else its planned end,
else the moment of the fetch). The figures land in the retro's `SprintSignals` fields where one
fits; the rest are `Extra` figures, shown next to them with the same provenance.
"""

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any, Literal

from twofold.domain.signals import STORY_LABEL_MAX, EstimateActual
from twofold.domain.sprint_history import (
    STATUS_FIELD,
    Issue,
    Sprint,
    StatusMap,
    changes_of,
    in_sprint_at,
    moves,
    status_at,
)

QuestionRule = Literal["question_mark", "label", "off"]
DAY = 86400.0


@dataclass(frozen=True)
class Rules:
    """What the team decided its figures mean (kept on its connection's settings)."""

    done_statuses: tuple[str, ...] = ()
    qa_statuses: tuple[str, ...] = ()
    debt_labels: tuple[str, ...] = ("tech-debt",)
    debt_issue_types: tuple[str, ...] = ()
    questions: QuestionRule = "question_mark"
    question_label: str = "question"


@dataclass(frozen=True)
class Figures:
    values: dict[str, Any]
    """`SprintSignals` field → value, for the fields the sprint says something about."""
    extras: dict[str, float | int | str]
    """Figures with no field of their own."""


def _points(issues: list[Issue]) -> float:
    return round(sum(i.points or 0 for i in issues), 2)


def _days(seconds: float) -> float:
    return round(seconds / DAY, 1)


def _is_debt(issue: Issue, rules: Rules) -> bool:
    labels = {label.casefold() for label in issue.labels}
    if labels & {label.casefold() for label in rules.debt_labels}:
        return True
    return issue.issue_type.casefold() in {t.casefold() for t in rules.debt_issue_types}


@dataclass(frozen=True)
class Rework:
    """One move back: a story reopened from a done status, or sent back from QA."""

    key: str
    at: datetime
    from_qa: bool
    until: datetime
    """When the story next reached QA or done again (E if it never did by then)."""


def rework_of(issue: Issue, statuses: StatusMap, start: datetime, end: datetime) -> list[Rework]:
    found: list[Rework] = []
    history = [c for c in changes_of(issue, STATUS_FIELD) if start < c.at <= end]
    for n, change in enumerate(history):
        before = change.before[0] if change.before else ""
        after = change.after[0] if change.after else ""
        reopened = statuses.is_done(before) and not statuses.is_done(after)
        bounced = (
            statuses.is_qa(before) and not statuses.is_qa(after) and not statuses.is_done(after)
        )
        if not (reopened or bounced):
            continue
        back = next(
            (
                later.at
                for later in history[n + 1 :]
                if later.after
                and (statuses.is_qa(later.after[0]) or statuses.is_done(later.after[0]))
            ),
            end,
        )
        found.append(Rework(issue.key, change.at, bounced and not reopened, back))
    return found


def cycle_days(issue: Issue, statuses: StatusMap, end: datetime) -> float | None:
    """From the first move into an in-progress status to the last move into a done one."""
    history = [c for c in changes_of(issue, STATUS_FIELD) if c.at <= end and c.after]
    began = next((c.at for c in history if statuses.in_progress(c.after[0])), None)
    finished = next((c.at for c in reversed(history) if statuses.is_done(c.after[0])), None)
    if began is None or finished is None or finished < began:
        return None
    return (finished - began).total_seconds() / DAY


def estimates_of(done: list[Issue]) -> tuple[EstimateActual, ...]:
    """Hours estimated against hours logged, for the finished stories that track time."""
    found = []
    for issue in done:
        if issue.original_estimate_seconds and issue.time_spent_seconds is not None:
            found.append(
                EstimateActual(
                    story=f"{issue.key} {issue.summary}".strip()[:STORY_LABEL_MAX],
                    estimate=max(0.01, round(issue.original_estimate_seconds / 3600, 2)),
                    actual=round(issue.time_spent_seconds / 3600, 2),
                )
            )
    return tuple(found)


def questions_of(
    issue: Issue, statuses: StatusMap, rules: Rules, start: datetime, end: datetime
) -> int:
    """Comments written while the story was in progress that read as a question: holding a
    "?" (`question_mark`), or on a story carrying the team's label (`label`)."""
    if rules.questions == "off":
        return 0
    if rules.questions == "label":
        wanted = rules.question_label.casefold()
        if wanted not in {label.casefold() for label in issue.labels}:
            return 0
    counted = 0
    for comment in issue.comments:
        if not start < comment.at <= end:
            continue
        if not statuses.in_progress(status_at(issue, comment.at)):
            continue
        if rules.questions == "question_mark" and "?" not in comment.text:
            continue
        counted += 1
    return counted


def sprint_figures(sprint: Sprint, issues: list[Issue], rules: Rules, fetched: datetime) -> Figures:
    if sprint.start is None:
        raise ValueError(f"{sprint.name} has not started, so nothing was committed to it yet.")
    start = sprint.start
    end = sprint.completed or sprint.end or fetched
    end = min(end, fetched) if sprint.completed is None else end
    statuses = StatusMap.of(issues, rules.done_statuses, rules.qa_statuses, sprint.statuses)
    sid = sprint.id

    committed = [i for i in issues if in_sprint_at(i, sid, start)]
    in_at_end = [i for i in issues if in_sprint_at(i, sid, end)]
    done_at_end = [i for i in in_at_end if statuses.is_done(status_at(i, end))]
    was_committed = {i.key for i in committed}
    completed = [i for i in done_at_end if i.key in was_committed]
    moved = {i.key: moves(i, sid, start, end) for i in issues}
    added = [i for i in issues if moved[i.key][0]]
    removed = [i for i in issues if moved[i.key][1]]
    touched = [i for i in issues if i.key in was_committed or moved[i.key][0]]

    rework = [r for i in touched for r in rework_of(i, statuses, start, end)]
    bounced = {r.key for r in rework if r.from_qa}
    reopened = {r.key for r in rework if not r.from_qa}
    rework_seconds = sum((r.until - r.at).total_seconds() for r in rework)

    values: dict[str, Any] = {
        "stories_committed": len(committed),
        "stories_completed": len(completed),
        "points_committed": _points(committed),
        "points_completed": _points(completed),
        "stories_added_after_start": len(added),
        "stories_removed_after_start": len(removed),
        "stories_rejected_in_qa": len(bounced),
        "rework_days": min(365.0, _days(rework_seconds)),
    }
    extras: dict[str, float | int | str] = {
        "points_added_after_start": _points(added),
        "points_removed_after_start": _points(removed),
        "stories_reopened": len(reopened),
        "stories_added_and_completed": len(done_at_end) - len(completed),
    }

    estimates = estimates_of(done_at_end)
    if estimates:
        values["estimates"] = estimates
    else:
        cycles = [d for i in done_at_end if (d := cycle_days(i, statuses, end)) is not None]
        if cycles:
            extras["cycle_time_days_median"] = round(median(cycles), 1)
            extras["cycle_time_days_mean"] = round(sum(cycles) / len(cycles), 1)

    if not rules.qa_statuses:
        del values["stories_rejected_in_qa"]  # no QA step named: nothing was measured

    if not sprint.removals_tracked:
        del values["stories_removed_after_start"]
        del extras["points_removed_after_start"]
        extras["removed_after_start"] = "not tracked"

    if not sprint.points_tracked:
        for name in ("points_committed", "points_completed"):
            del values[name]
        extras.pop("points_added_after_start")
        extras.pop("points_removed_after_start", None)
        extras["points"] = "not tracked"

    if done_at_end:
        weighed = sprint.points_tracked and any(i.points for i in done_at_end)
        weights = [(i.points or 0.0) if weighed else 1.0 for i in done_at_end]
        debt = sum(w for i, w in zip(done_at_end, weights, strict=True) if _is_debt(i, rules))
        values["tech_debt_share"] = round(100 * debt / sum(weights), 1)
        extras["tech_debt_share_counted_in"] = "points" if weighed else "stories"

    if rules.questions != "off":
        values["clarifying_questions"] = sum(
            questions_of(i, statuses, rules, start, end) for i in touched
        )
    return Figures(values, extras)
