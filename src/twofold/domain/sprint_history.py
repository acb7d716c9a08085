"""A tracker sprint and its issues as their history tells them: what each issue's status was,
and whether it was in the sprint, at any moment. `sprint_figures` turns this into signals.

"Sprint" is the neutral word here for what each tracker plans in: a Jira sprint, a Linear
cycle, a GitHub milestone or a GitHub project's iteration. Its issues' statuses are Jira statuses, Linear workflow states, or
GitHub's Open and Closed; each vendor's reader says which category each name falls in.

The history is the issue's changelog read backwards from what the issue is now: the value a
field had at a moment is the `from` side of the first change to it after that moment, or the
current value when nothing changed since. Vendor payloads are mapped into these shapes in
`integrations/<vendor>/`; nothing here knows a vendor.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Category = Literal["new", "indeterminate", "done"]

DEFAULT_CATEGORIES: dict[str, Category] = {
    "to do": "new",
    "backlog": "new",
    "open": "new",
    "selected for development": "new",
    "in progress": "indeterminate",
    "in review": "indeterminate",
    "done": "done",
    "closed": "done",
    "resolved": "done",
}
"""The categories of the statuses of Jira's default workflows (and of GitHub's two states),
for a status neither the tracker nor the sprint's issues place (a Jira changelog names
statuses, never their category). `new`: not started; `indeterminate`: in progress; `done`:
finished."""


@dataclass(frozen=True)
class Change:
    """One field change in an issue's history. For a sprint field, `before` and `after` are
    the ids of the sprints (cycles, milestones) the issue was in; for a status, the status
    names."""

    at: datetime
    field: str
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class Comment:
    at: datetime
    text: str


@dataclass(frozen=True)
class Issue:
    key: str
    summary: str
    issue_type: str
    labels: tuple[str, ...]
    points: float | None
    status: str
    status_category: str | None
    created: datetime
    in_sprint_now: bool
    original_estimate_seconds: int | None = None
    time_spent_seconds: int | None = None
    changes: tuple[Change, ...] = ()
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class Sprint:
    id: str
    name: str
    state: str
    start: datetime | None
    end: datetime | None
    completed: datetime | None
    statuses: dict[str, Category] = field(default_factory=dict)
    """The category of each status name, where the tracker says it (Linear's state types)."""
    points_tracked: bool = True
    """False where the tracker holds no estimates (GitHub without a points label): no point
    figures are given rather than zeros."""
    removals_tracked: bool = True
    """False where the tracker keeps no record of an issue leaving the sprint (a GitHub
    project's iteration field): nothing is said about removals rather than zero."""


@dataclass(frozen=True)
class StatusMap:
    """Which status names mean done and which mean "in QA", as the team set them; the
    category of any other name as the sprint's issues show it."""

    done: frozenset[str]
    """Casefolded; empty: a status is done when its category is."""
    qa: frozenset[str]
    categories: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        issues: list[Issue],
        done: tuple[str, ...],
        qa: tuple[str, ...],
        known: dict[str, Category] | None = None,
    ) -> "StatusMap":
        learnt: dict[str, str] = dict(DEFAULT_CATEGORIES)
        learnt.update((name.casefold(), c) for name, c in (known or {}).items())
        for issue in issues:
            if issue.status_category:
                learnt[issue.status.casefold()] = issue.status_category
        return cls(
            frozenset(s.casefold() for s in done), frozenset(s.casefold() for s in qa), learnt
        )

    def category(self, status: str) -> str:
        return self.categories.get(status.casefold(), "indeterminate")

    def is_done(self, status: str) -> bool:
        if self.done:
            return status.casefold() in self.done
        return self.category(status) == "done"

    def is_qa(self, status: str) -> bool:
        return status.casefold() in self.qa

    def in_progress(self, status: str) -> bool:
        """Started and not finished: neither a to-do status nor a done one."""
        return not self.is_done(status) and self.category(status) != "new"


SPRINT_WORDS: dict[str, tuple[str, str]] = {
    "jira": ("Jira", "sprint"),
    "linear": ("Linear", "cycle"),
    "github": ("GitHub", "milestone"),
}
"""The trackers whose sprints signals are read from, each with its name and its word for a
sprint, for what people are told."""


def sprint_unit(vendor: str, project: str = "") -> str:
    """What the team's tracker calls a sprint; a GitHub team that named a project plans in
    its iterations instead of milestones."""
    if vendor == "github" and project:
        return "iteration"
    return SPRINT_WORDS[vendor][1]


SPRINT_FIELD = "sprint"
STATUS_FIELD = "status"


def changes_of(issue: Issue, field_name: str) -> list[Change]:
    return sorted((c for c in issue.changes if c.field == field_name), key=lambda c: c.at)


def status_at(issue: Issue, at: datetime) -> str:
    for change in changes_of(issue, STATUS_FIELD):
        if change.at > at:
            return change.before[0] if change.before else issue.status
    return issue.status


def in_sprint_at(issue: Issue, sprint_id: str, at: datetime) -> bool:
    if issue.created > at:
        return False
    for change in changes_of(issue, SPRINT_FIELD):
        if change.at > at:
            return sprint_id in change.before
    return issue.in_sprint_now


def moves(issue: Issue, sprint_id: str, since: datetime, until: datetime) -> tuple[bool, bool]:
    """(put into the sprint, taken out of it) by a change after `since`, up to `until`. An
    issue created into the sprint after it started was put into it."""
    added = removed = False
    for change in changes_of(issue, SPRINT_FIELD):
        if not since < change.at <= until:
            continue
        was, now = sprint_id in change.before, sprint_id in change.after
        added |= now and not was
        removed |= was and not now
    if since < issue.created <= until and in_sprint_at(issue, sprint_id, issue.created):
        added = True  # made straight into the sprint after it started
    return added, removed
