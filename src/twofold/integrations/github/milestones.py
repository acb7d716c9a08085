"""GitHub's milestones, read through its REST API, mapped into `domain.sprint_history`.

A milestone has a due date and no start, so its sprint starts the team's sprint length before
it is due (at its creation when it has no due date). Which issues it has: those in it now
(`/issues?milestone=N&state=all`), and the repository's issues updated since the day before
it started whose timeline shows them leaving it. An issue's timeline
(`/issues/{n}/timeline`) tells when it was milestoned and demilestoned (by the milestone's
title), closed and reopened, and carries its comments. GitHub issues have two states, so an
open issue counts as in progress and a closed one as done (unless closed as not planned or a
duplicate); nothing is in QA. Points come from a label such as `points: 3` when the team names
the prefix; otherwise points are not tracked.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from twofold.domain.connections import VendorSettings
from twofold.domain.github import GitHubSettings, status_name
from twofold.domain.sprint_figures import Rules
from twofold.domain.sprint_history import (
    SPRINT_FIELD,
    STATUS_FIELD,
    Category,
    Change,
    Comment,
    Issue,
    Sprint,
)
from twofold.integrations.github.client import GitHubClient
from twofold.integrations.github.issues import _when
from twofold.integrations.trackers import ClientTracker
from twofold.integrations.vendor_http import VendorError

MILESTONES_SHOWN = 30
ISSUES_MAX = 500
"""Each issue costs a timeline request; a milestone holds far fewer."""
EVENTS_MAX = 1000

OPEN = "Open"
STATUSES: dict[str, Category] = {
    OPEN: "indeterminate",
    "Closed": "done",
    "Closed as not planned": "new",
    "Closed as duplicate": "new",
}


def points_of(labels: tuple[str, ...], prefix: str) -> float | None:
    """The number after the prefix on the first label that has one (`points: 3` → 3)."""
    if not prefix:
        return None
    for label in labels:
        if label.casefold().startswith(prefix.casefold()):
            try:
                return float(label[len(prefix) :].strip())
            except ValueError:
                continue
    return None


def milestone_of(raw: dict[str, Any], sprint_days: int, points: bool = False) -> Sprint:
    due = _when(raw.get("due_on"))
    start = due - timedelta(days=sprint_days) if due else _when(raw.get("created_at"))
    return Sprint(
        id=str(raw["number"]),
        name=str(raw.get("title") or f"Milestone {raw['number']}"),
        state=str(raw.get("state") or ""),
        start=start,
        end=due,
        completed=_when(raw.get("closed_at")),
        statuses=dict(STATUSES),
        points_tracked=points,
    )


def changes_of(events: list[dict[str, Any]], title: str, number: str) -> list[Change]:
    """Milestone and state moves, in the order they happened (`title` is the picked
    milestone's, named by `number`; another milestone keeps its title)."""
    found = []
    status = OPEN
    ordered = sorted(
        (e for e in events if _when(e.get("created_at")) is not None),
        key=lambda e: str(e["created_at"]),
    )
    for event in ordered:
        at = _when(event.get("created_at"))
        assert at is not None
        kind = event.get("event")
        if kind in ("milestoned", "demilestoned"):
            named = str((event.get("milestone") or {}).get("title") or "")
            which = (number if named == title else f"title:{named}",)
            if kind == "milestoned":
                found.append(Change(at, SPRINT_FIELD, (), which))
            else:
                found.append(Change(at, SPRINT_FIELD, which, ()))
        elif kind == "closed":
            after = status_name("closed", event.get("state_reason"))
            found.append(Change(at, STATUS_FIELD, (status,), (after,)))
            status = after
        elif kind == "reopened":
            found.append(Change(at, STATUS_FIELD, (status,), (OPEN,)))
            status = OPEN
    return found


def issue_of(
    raw: dict[str, Any],
    events: list[dict[str, Any]],
    milestone: Sprint,
    prefix: str,
) -> Issue | None:
    created = _when(raw.get("created_at"))
    number = raw.get("number")
    if created is None or not isinstance(number, int):
        return None
    labels = tuple(str(lab.get("name")) for lab in raw.get("labels") or [] if lab.get("name"))
    changes = changes_of(events, milestone.name, milestone.id)
    # Opened is where it starts: the moment an issue is made is the move into "in progress".
    changes.insert(0, Change(created, STATUS_FIELD, (), (OPEN,)))
    now = raw.get("milestone") or {}
    return Issue(
        key=f"#{number}",
        summary=str(raw.get("title") or ""),
        issue_type="",
        labels=labels,
        points=points_of(labels, prefix),
        status=status_name(str(raw.get("state") or "open"), raw.get("state_reason")),
        status_category=None,
        created=created,
        in_sprint_now=str(now.get("number")) == milestone.id,
        changes=tuple(changes),
        comments=tuple(
            Comment(at, str(e.get("body") or ""))
            for e in events
            if e.get("event") == "commented" and (at := _when(e.get("created_at"))) is not None
        ),
    )


class GitHubMilestones(ClientTracker[GitHubClient]):
    """GitHub as a `SprintReader` (integrations/sprint_readers.py)."""

    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, GitHubSettings)
        self.settings = settings
        self.client = GitHubClient(settings.api_url, settings.repository, token, timeout)

    def rules(self) -> Rules:
        s = self.settings
        return Rules(
            debt_labels=s.debt_labels, questions=s.questions, question_label=s.question_label
        )

    def _points(self) -> bool:
        return bool(self.settings.points_label_prefix)

    def list_sprints(self) -> list[dict[str, Any]]:
        """The repository's started milestones, newest first."""
        now = datetime.now(UTC)
        found: list[dict[str, Any]] = []
        try:
            listed = list(self.client.listing("/milestones", {"state": "all"}))
        except VendorError as exc:
            if exc.http_status == 404:
                raise VendorError(
                    f"GitHub has no repository {self.settings.repository}, or the token was "
                    "not given access to it (404).",
                    "unknown_project",
                    404,
                ) from None
            raise
        for raw in listed:
            sprint = milestone_of(raw, self.settings.sprint_days)
            if sprint.start is None or sprint.start > now:
                continue
            found.append(
                {
                    "id": sprint.id,
                    "name": sprint.name,
                    "state": sprint.state,
                    "board": self.settings.repository,
                    "start": sprint.start.isoformat(),
                    "end": sprint.end.isoformat() if sprint.end else None,
                }
            )
        found.sort(key=lambda s: s["start"], reverse=True)
        return found[:MILESTONES_SHOWN]

    def read_sprint(self, sprint_id: str) -> tuple[Sprint, list[Issue]]:
        try:
            raw = self.client.get(f"/milestones/{int(sprint_id)}")
        except (VendorError, ValueError) as exc:
            if isinstance(exc, ValueError) or exc.http_status == 404:
                raise VendorError(
                    f"{self.settings.repository} has no milestone {sprint_id}, or the token "
                    "may not see it (404).",
                    "error",
                    404,
                ) from None
            raise
        sprint = milestone_of(raw, self.settings.sprint_days, self._points())
        raws: dict[int, dict[str, Any]] = {}
        for issue in self.client.issues({"milestone": sprint.id, "state": "all"}):
            raws.setdefault(int(issue["number"]), issue)
            if len(raws) >= ISSUES_MAX:
                break
        if sprint.start is not None:
            since = (sprint.start - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            for issue in self.client.issues({"state": "all", "since": since}):
                if len(raws) >= ISSUES_MAX:
                    break
                raws.setdefault(int(issue["number"]), issue)
        issues = []
        for number, issue in raws.items():
            events = []
            for event in self.client.listing(f"/issues/{number}/timeline", {}):
                events.append(event)
                if len(events) >= EVENTS_MAX:
                    break
            found = issue_of(issue, events, sprint, self.settings.points_label_prefix)
            if found is not None and _touched(found, sprint.id):
                issues.append(found)
        return sprint, issues


def _touched(issue: Issue, number: str) -> bool:
    return issue.in_sprint_now or any(
        number in c.before or number in c.after for c in issue.changes if c.field == SPRINT_FIELD
    )
