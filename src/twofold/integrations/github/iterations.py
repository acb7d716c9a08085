"""A GitHub project's iterations as sprints, read through GitHub's GraphQL API (projects have
no REST API), mapped into `domain.sprint_history`.

The team names a project (`owner/number`) and its iteration field. An iteration starts on its
`startDate` (midnight UTC) and lasts `duration` days; the project's items whose iteration
field holds it are its issues (issues of the connected repository only: their status history
comes from the repository's REST timelines, as for milestones). What GitHub does not keep is
when an item's iteration changed: an issue counts as added after the start when it was added
to the project after the start (`ProjectV2Item.createdAt`), else as committed, and issues
moved out of the iteration cannot be seen at all, so no removals are given. Points come from a
number field of the project when the team names one, else from a points label.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from twofold.domain.sprint_history import SPRINT_FIELD, Change, Issue, Sprint
from twofold.integrations.github.issues import _when
from twofold.integrations.github.milestones import (
    EVENTS_MAX,
    ISSUES_MAX,
    MILESTONES_SHOWN,
    STATUSES,
    GitHubMilestones,
    issue_of,
)
from twofold.integrations.vendor_http import VendorError

ITEMS_PAGE = 100

ITERATIONS = """
query ProjectIterations($owner: String!, $number: Int!, $field: String!) {
  repositoryOwner(login: $owner) {
    ... on ProjectV2Owner {
      projectV2(number: $number) {
        title
        field(name: $field) {
          ... on ProjectV2IterationField {
            name
            configuration {
              iterations { id title startDate duration }
              completedIterations { id title startDate duration }
            }
          }
        }
      }
    }
  }
}
"""

ITEMS = """
query ProjectItems($owner: String!, $number: Int!, $first: Int!, $after: String) {
  repositoryOwner(login: $owner) {
    ... on ProjectV2Owner {
      projectV2(number: $number) {
        items(first: $first, after: $after) {
          pageInfo { hasNextPage endCursor }
          nodes {
            createdAt
            content {
              ... on Issue {
                number
                title
                createdAt
                state
                stateReason
                repository { nameWithOwner }
                labels(first: 50) { nodes { name } }
              }
            }
            fieldValues(first: 50) {
              nodes {
                ... on ProjectV2ItemFieldIterationValue {
                  iterationId
                  field { ... on ProjectV2FieldCommon { name } }
                }
                ... on ProjectV2ItemFieldNumberValue {
                  number
                  field { ... on ProjectV2FieldCommon { name } }
                }
              }
            }
          }
        }
      }
    }
  }
}
"""


def iteration_of(raw: dict[str, Any], completed: bool, now: datetime) -> Sprint:
    start = datetime.combine(date.fromisoformat(str(raw["startDate"])), time(), UTC)
    end = start + timedelta(days=int(raw.get("duration") or 0))
    state = "completed" if completed else "active" if start <= now < end else "planned"
    return Sprint(
        id=str(raw["id"]),
        name=str(raw.get("title") or raw["id"]),
        state=state,
        start=start,
        end=end,
        completed=end if completed else None,
        statuses=dict(STATUSES),
        removals_tracked=False,
    )


def _field_named(value: dict[str, Any]) -> str:
    return str((value.get("field") or {}).get("name") or "")


def item_issue(
    node: dict[str, Any],
    events: list[dict[str, Any]],
    sprint: Sprint,
    label_prefix: str,
    points_field: str,
) -> Issue | None:
    """One of the iteration's items as an issue of the sprint: its status history from its
    timeline, and its joining the sprint when it was added to the project after the start."""
    content = node.get("content") or {}
    raw = {
        "number": content.get("number"),
        "title": content.get("title"),
        "created_at": content.get("createdAt"),
        "state": str(content.get("state") or "OPEN").lower(),
        "state_reason": (
            str(content["stateReason"]).lower() if content.get("stateReason") else None
        ),
        "labels": (content.get("labels") or {}).get("nodes") or [],
    }
    found = issue_of(raw, events, sprint, label_prefix)
    if found is None:
        return None
    # A milestone's moves say nothing about the iteration.
    changes = [c for c in found.changes if c.field != SPRINT_FIELD]
    added = _when(node.get("createdAt"))
    if added is not None and sprint.start is not None and added > sprint.start:
        changes.append(Change(added, SPRINT_FIELD, (), (sprint.id,)))
    points = found.points
    if points_field:
        points = next(
            (
                float(v["number"])
                for v in (node.get("fieldValues") or {}).get("nodes") or []
                if v and _field_named(v) == points_field and v.get("number") is not None
            ),
            None,
        )
    return replace(
        found,
        in_sprint_now=True,
        points=points,
        changes=tuple(sorted(changes, key=lambda c: c.at)),
    )


class GitHubIterations(GitHubMilestones):
    """A GitHub project's iteration field as a `SprintReader`; everything else (the client,
    the team's rules, the timelines) as for milestones."""

    def _project(self) -> tuple[str, int]:
        owner, number = self.settings.project.split("/")
        return owner, int(number)

    def _points(self) -> bool:
        return bool(self.settings.points_field or self.settings.points_label_prefix)

    def _iterations(self) -> tuple[str, list[Sprint]]:
        owner, number = self._project()
        field = self.settings.iteration_field
        unknown = (
            f"GitHub has no project {self.settings.project}, or the token may not read it (a "
            "fine-grained token needs Projects: Read on its owner)."
        )
        try:
            data = self.client.graphql(
                ITERATIONS, {"owner": owner, "number": number, "field": field}
            )
        except VendorError as exc:
            if exc.status == "unknown_project":
                raise VendorError(f"{unknown} {exc.message}", "unknown_project", 404) from None
            raise
        project = (data.get("repositoryOwner") or {}).get("projectV2")
        if not project:
            raise VendorError(unknown, "unknown_project", 404)
        found = project.get("field") or {}
        config = found.get("configuration")
        if not config:
            raise VendorError(
                f"The project {project.get('title') or self.settings.project} has no iteration "
                f"field called {field}.",
                "unknown_project",
                404,
            )
        now = datetime.now(UTC)
        sprints = [iteration_of(i, False, now) for i in config.get("iterations") or []]
        sprints += [iteration_of(i, True, now) for i in config.get("completedIterations") or []]
        return str(project.get("title") or self.settings.project), sprints

    def list_sprints(self) -> list[dict[str, Any]]:
        """The project's started iterations, newest first."""
        title, sprints = self._iterations()
        now = datetime.now(UTC)
        started = [s for s in sprints if s.start is not None and s.start <= now]
        started.sort(key=lambda s: s.start or now, reverse=True)
        return [
            {
                "id": s.id,
                "name": s.name,
                "state": s.state,
                "board": title,
                "start": s.start.isoformat() if s.start else None,
                "end": s.end.isoformat() if s.end else None,
            }
            for s in started[:MILESTONES_SHOWN]
        ]

    def read_sprint(self, sprint_id: str) -> tuple[Sprint, list[Issue]]:
        title, sprints = self._iterations()
        sprint = next((s for s in sprints if s.id == sprint_id), None)
        if sprint is None:
            raise VendorError(
                f"The project {title} has no iteration {sprint_id} any more.", "error", 404
            )
        sprint = replace(sprint, points_tracked=self._points())
        issues = []
        for node in self._items_in(sprint.id):
            number = (node.get("content") or {}).get("number")
            events = []
            for event in self.client.listing(f"/issues/{number}/timeline", {}):
                events.append(event)
                if len(events) >= EVENTS_MAX:
                    break
            found = item_issue(
                node,
                events,
                sprint,
                self.settings.points_label_prefix,
                self.settings.points_field,
            )
            if found is not None:
                issues.append(found)
        return sprint, issues

    def _items_in(self, iteration_id: str) -> list[dict[str, Any]]:
        """The project's items whose iteration field holds this iteration and that are issues
        of the connected repository (others have no timeline this connection may read)."""
        owner, number = self._project()
        field = self.settings.iteration_field
        after: str | None = None
        kept: list[dict[str, Any]] = []
        seen = 0
        while seen < ISSUES_MAX * 4:
            data = self.client.graphql(
                ITEMS, {"owner": owner, "number": number, "first": ITEMS_PAGE, "after": after}
            )
            project = (data.get("repositoryOwner") or {}).get("projectV2") or {}
            items = project.get("items") or {}
            for node in items.get("nodes") or []:
                seen += 1
                content = (node or {}).get("content") or {}
                repo = (content.get("repository") or {}).get("nameWithOwner")
                if not isinstance(content.get("number"), int) or repo != self.settings.repository:
                    continue
                values = (node.get("fieldValues") or {}).get("nodes") or []
                if any(
                    v and _field_named(v) == field and v.get("iterationId") == iteration_id
                    for v in values
                ):
                    kept.append(node)
                    if len(kept) >= ISSUES_MAX:
                        return kept
            page = items.get("pageInfo") or {}
            if not page.get("hasNextPage"):
                break
            after = str(page.get("endCursor"))
        return kept
