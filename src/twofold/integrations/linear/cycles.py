"""Linear's cycles, read through its GraphQL API, mapped into `domain.sprint_history`.

Which issues a cycle has: those in it now (`issues` filtered by the cycle), and the team's
issues updated since the day before it started whose history shows them leaving it; the first
list alone would miss every issue taken out. An issue's history (`IssueHistory`) names the
states it moved between (with their types) and the cycles it moved between; it comes with the
issue, and page by page from the issue itself when longer than the first page.
"""

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from twofold.domain.connections import VendorSettings
from twofold.domain.linear import LinearSettings
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
from twofold.integrations.linear.client import LinearClient
from twofold.integrations.linear.issues import TEAM, when
from twofold.integrations.trackers import ClientTracker
from twofold.integrations.vendor_http import VendorError

CYCLES_SHOWN = 30
ISSUES_MAX = 1000
HISTORY_PAGE = 50
COMMENTS_MAX = 100
"""Comments read per issue; a story with more is a conversation, not a question."""

CATEGORIES: dict[str, Category] = {
    "triage": "new",
    "backlog": "new",
    "unstarted": "new",
    "started": "indeterminate",
    "completed": "done",
    # Dropped, not finished: neither in progress nor done.
    "canceled": "new",
}

CYCLES = """query TwofoldCycles($key: String!, $first: Int, $after: String) {
  cycles(filter: { team: { key: { eq: $key } } }, first: $first, after: $after) {
    nodes { id number name startsAt endsAt completedAt }
    pageInfo { hasNextPage endCursor }
  }
}"""

CYCLE = """query TwofoldCycle($id: String!) {
  cycle(id: $id) { id number name startsAt endsAt completedAt team { key } }
}"""

HISTORY = "createdAt fromState { name type } toState { name type } fromCycle { id } toCycle { id }"

ISSUES = f"""query TwofoldCycleIssues($filter: IssueFilter!, $first: Int, $after: String) {{
  issues(filter: $filter, first: $first, after: $after) {{
    nodes {{
      id identifier title createdAt estimate
      state {{ name type }}
      cycle {{ id }}
      labels {{ nodes {{ name }} }}
      history(first: {HISTORY_PAGE}) {{ nodes {{ {HISTORY} }} pageInfo {{ hasNextPage endCursor }} }}
      comments(first: {COMMENTS_MAX}) {{ nodes {{ createdAt body }} }}
    }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

MORE_HISTORY = f"""query TwofoldIssueHistory($id: String!, $first: Int, $after: String) {{
  issue(id: $id) {{
    history(first: $first, after: $after) {{
      nodes {{ {HISTORY} }}
      pageInfo {{ hasNextPage endCursor }}
    }}
  }}
}}"""


def short_id(cycle_id: str) -> str:
    """A cycle's id as Twofold keeps it (32 characters at most): Linear's ids are UUIDs, kept
    without their hyphens."""
    return cycle_id.replace("-", "")


def long_id(kept: str) -> str:
    """Linear's id again, from the one Twofold keeps."""
    if re.fullmatch(r"[0-9a-fA-F]{32}", kept):
        return "-".join((kept[:8], kept[8:12], kept[12:16], kept[16:20], kept[20:]))
    return kept


def cycle_name(raw: dict[str, Any]) -> str:
    """Its number, as Linear shows it, with its name when it was given one."""
    number, name = raw.get("number"), raw.get("name")
    return f"{number} ({name})" if name else str(number)


def sprint_of(raw: dict[str, Any], statuses: dict[str, Category]) -> Sprint:
    completed = when(raw.get("completedAt"))
    return Sprint(
        id=str(raw["id"]),
        name=cycle_name(raw),
        state="closed" if completed else "active",
        start=when(raw.get("startsAt")),
        end=when(raw.get("endsAt")),
        completed=completed,
        statuses=statuses,
    )


def _name(state: Any) -> str | None:
    return str(state["name"]) if isinstance(state, dict) and state.get("name") else None


def _id(cycle: Any) -> str | None:
    return str(cycle["id"]) if isinstance(cycle, dict) and cycle.get("id") else None


def changes_of(history: list[dict[str, Any]]) -> list[Change]:
    found = []
    for entry in history:
        at = when(entry.get("createdAt"))
        if at is None:
            continue
        before, after = _id(entry.get("fromCycle")), _id(entry.get("toCycle"))
        if before or after:
            found.append(
                Change(at, SPRINT_FIELD, tuple(filter(None, [before])), (after,) if after else ())
            )
        before, after = _name(entry.get("fromState")), _name(entry.get("toState"))
        if before or after:
            found.append(
                Change(at, STATUS_FIELD, (before,) if before else (), (after,) if after else ())
            )
    return found


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def issue_of(raw: dict[str, Any], history: list[dict[str, Any]], cycle_id: str) -> Issue | None:
    created = when(raw.get("createdAt"))
    key = raw.get("identifier")
    if created is None or not isinstance(key, str):
        return None
    state = raw.get("state") or {}
    comments = (raw.get("comments") or {}).get("nodes") or []
    return Issue(
        key=key,
        summary=str(raw.get("title") or ""),
        issue_type="",
        labels=tuple(str(n["name"]) for n in (raw.get("labels") or {}).get("nodes") or []),
        points=_number(raw.get("estimate")),
        status=str(state.get("name") or ""),
        status_category=CATEGORIES.get(str(state.get("type") or "")),
        created=created,
        in_sprint_now=_id(raw.get("cycle")) == cycle_id,
        changes=tuple(changes_of(history)),
        comments=tuple(
            Comment(at, str(c.get("body") or ""))
            for c in comments
            if (at := when(c.get("createdAt"))) is not None
        ),
    )


class LinearCycles(ClientTracker[LinearClient]):
    """Linear as a `SprintReader` (integrations/sprint_readers.py)."""

    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, LinearSettings)
        self.settings = settings
        self.client = LinearClient(settings.api_url, token, timeout)

    def rules(self) -> Rules:
        s = self.settings
        return Rules(
            done_statuses=s.done_states,
            qa_statuses=s.qa_states,
            debt_labels=s.debt_labels,
            questions=s.questions,
            question_label=s.question_label,
        )

    def _team(self) -> dict[str, Any]:
        found = self.client.call(TEAM, {"key": self.settings.team_key})
        nodes = (found.get("teams") or {}).get("nodes") or []
        if not nodes:
            raise VendorError(
                f"Linear has no team {self.settings.team_key}, or the API key's member is not "
                "in it.",
                "unknown_project",
                404,
            )
        return dict(nodes[0])

    def list_sprints(self) -> list[dict[str, Any]]:
        """The team's started cycles, newest first."""
        team = self._team()
        now = datetime.now(UTC)
        found: list[dict[str, Any]] = []
        for raw in self.client.pages(CYCLES, {"key": self.settings.team_key}, "cycles"):
            sprint = sprint_of(raw, {})
            if sprint.start is None or sprint.start > now:
                continue
            found.append(
                {
                    "id": short_id(sprint.id),
                    "name": sprint.name,
                    "state": sprint.state,
                    "board": str(team.get("name") or team.get("key")),
                    "start": sprint.start.isoformat(),
                    "end": sprint.end.isoformat() if sprint.end else None,
                }
            )
        found.sort(key=lambda s: s["start"], reverse=True)
        return found[:CYCLES_SHOWN]

    def _history(self, raw: dict[str, Any]) -> list[dict[str, Any]]:
        history = raw.get("history") or {}
        nodes = list(history.get("nodes") or [])
        info = history.get("pageInfo") or {}
        after = info.get("endCursor")
        while info.get("hasNextPage") and after and len(nodes) < ISSUES_MAX:
            page = self.client.call(
                MORE_HISTORY, {"id": raw["id"], "first": HISTORY_PAGE, "after": after}
            )
            more = (page.get("issue") or {}).get("history") or {}
            nodes += more.get("nodes") or []
            info = more.get("pageInfo") or {}
            after = info.get("endCursor")
        return nodes

    def read_sprint(self, sprint_id: str) -> tuple[Sprint, list[Issue]]:
        try:
            raw = self.client.call(CYCLE, {"id": long_id(sprint_id)}).get("cycle")
        except VendorError as exc:
            if exc.http_status == 404:
                raise self._gone(sprint_id) from None
            raise
        if (
            not isinstance(raw, dict)
            or (raw.get("team") or {}).get("key") != self.settings.team_key
        ):
            raise self._gone(sprint_id)
        team = self._team()
        statuses = {
            str(s["name"]): CATEGORIES[str(s.get("type"))]
            for s in (team.get("states") or {}).get("nodes") or []
            if str(s.get("type")) in CATEGORIES
        }
        sprint = sprint_of(raw, statuses)
        raws: dict[str, dict[str, Any]] = {}
        in_cycle = {"cycle": {"id": {"eq": sprint.id}}}
        for issue in self.client.pages(ISSUES, {"filter": in_cycle}, "issues"):
            raws.setdefault(str(issue.get("identifier")), issue)
            if len(raws) >= ISSUES_MAX:
                break
        if sprint.start is not None:
            since = (sprint.start - timedelta(days=1)).isoformat().replace("+00:00", "Z")
            team_issues = {
                "team": {"key": {"eq": self.settings.team_key}},
                "updatedAt": {"gt": since},
            }
            for issue in self.client.pages(ISSUES, {"filter": team_issues}, "issues"):
                if len(raws) >= ISSUES_MAX:
                    break
                raws.setdefault(str(issue.get("identifier")), issue)
        issues = [i for r in raws.values() if (i := issue_of(r, self._history(r), sprint.id))]
        return sprint, [i for i in issues if _touched(i, sprint.id)]

    def _gone(self, sprint_id: str) -> VendorError:
        return VendorError(
            f"Linear has no cycle {sprint_id} in team {self.settings.team_key}, or the API "
            "key's member may not see it (404).",
            "error",
            404,
        )


def _touched(issue: Issue, cycle_id: str) -> bool:
    return issue.in_sprint_now or any(
        cycle_id in c.before or cycle_id in c.after
        for c in issue.changes
        if c.field == SPRINT_FIELD
    )
