"""Jira Software's sprints, read through its Agile REST API (1.0), mapped into
`domain.sprint_history`.

Which issues a sprint has: those in it now (`/sprint/{id}/issue`), and those of the board
updated since the day before it started (`/board/{id}/issue`) whose changelog shows them
leaving it; the first list alone would miss every story taken out. Lists come a page at a
time (`startAt`, `isLast`/`total`). An issue's changelog comes embedded (`expand=changelog`),
and from `/rest/api/3/issue/{key}/changelog` when Jira embedded only part of it.
"""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from twofold.domain.connections import JiraSettings, VendorSettings
from twofold.domain.sprint_figures import Rules
from twofold.domain.sprint_history import (
    SPRINT_FIELD,
    STATUS_FIELD,
    Change,
    Comment,
    Issue,
    Sprint,
)
from twofold.integrations.jira.client import Account, JiraClient
from twofold.integrations.jira.issues import _when
from twofold.integrations.trackers import ClientTracker
from twofold.integrations.vendor_http import VendorError

AGILE = "/rest/agile/1.0"
API = "/rest/api/3"
PAGE = 50
SPRINTS_SHOWN = 30
"""The newest sprints offered to pick from."""
ISSUES_MAX = 1000
"""A sprint holds far fewer; the cap keeps a runaway board from running the worker for ever."""


def _pages(client: JiraClient, path: str, params: dict[str, Any], base: str) -> Iterator[Any]:
    start = 0
    while True:
        page = client.get(path, base=base, params={**params, "startAt": start, "maxResults": PAGE})
        page = page or {}
        found = page.get("values")
        if found is None:
            found = page.get("issues") or []
        yield from found
        start += len(found)
        total = page.get("total")
        if not found or page.get("isLast") or (isinstance(total, int) and start >= total):
            return


def _not_found(what: str, exc: VendorError) -> VendorError:
    if exc.http_status == 404:
        return VendorError(
            f"Jira has no {what}, or the account may not see it (404).", "error", 404
        )
    return exc


def sprint_of(raw: dict[str, Any], board: str = "") -> Sprint:
    return Sprint(
        id=str(raw["id"]),
        name=str(raw.get("name") or f"Sprint {raw['id']}"),
        state=str(raw.get("state") or ""),
        start=_when(raw.get("startDate")),
        end=_when(raw.get("endDate")),
        completed=_when(raw.get("completeDate")),
    )


def list_sprints(client: JiraClient, project_key: str) -> list[dict[str, Any]]:
    """The project's boards' started sprints (active and closed), newest first."""
    found: dict[str, dict[str, Any]] = {}
    try:
        boards = list(_pages(client, "/board", {"projectKeyOrId": project_key}, AGILE))
        for board in boards:
            params = {"state": "active,closed"}
            for raw in _pages(client, f"/board/{board['id']}/sprint", params, AGILE):
                sprint = sprint_of(raw)
                found.setdefault(
                    sprint.id,
                    {
                        "id": sprint.id,
                        "name": sprint.name,
                        "state": sprint.state,
                        "board": str(board.get("name") or board["id"]),
                        "board_id": str(board["id"]),
                        "start": sprint.start.isoformat() if sprint.start else None,
                        "end": sprint.end.isoformat() if sprint.end else None,
                    },
                )
    except VendorError as exc:
        raise _not_found(f"project {project_key} with a board", exc) from None
    newest = sorted(found.values(), key=lambda s: s["start"] or "", reverse=True)
    return newest[:SPRINTS_SHOWN]


def _ids(value: Any) -> tuple[str, ...]:
    if not isinstance(value, str):
        return ()
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _changes(histories: list[dict[str, Any]]) -> list[Change]:
    found = []
    for history in histories:
        at = _when(history.get("created"))
        if at is None:
            continue
        for item in history.get("items") or []:
            name = str(item.get("field") or "").casefold()
            if name == SPRINT_FIELD:
                found.append(Change(at, SPRINT_FIELD, _ids(item.get("from")), _ids(item.get("to"))))
            elif name == STATUS_FIELD:
                before, after = item.get("fromString"), item.get("toString")
                found.append(
                    Change(
                        at,
                        STATUS_FIELD,
                        (before,) if isinstance(before, str) else (),
                        (after,) if isinstance(after, str) else (),
                    )
                )
    return found


def _text(body: Any) -> str:
    """A comment's text: a plain string, or the text nodes of an ADF document."""
    if isinstance(body, str):
        return body
    if isinstance(body, dict):
        if body.get("type") == "text":
            return str(body.get("text") or "")
        return " ".join(_text(node) for node in body.get("content") or [])
    return ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _seconds(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _histories(client: JiraClient, raw: dict[str, Any]) -> list[dict[str, Any]]:
    log = raw.get("changelog") or {}
    histories = list(log.get("histories") or [])
    total = log.get("total")
    if isinstance(total, int) and total > len(histories):
        histories = list(_pages(client, f"/issue/{raw['key']}/changelog", {}, API))
    return histories


def issue_of(
    client: JiraClient,
    raw: dict[str, Any],
    settings: JiraSettings,
    sprint_id: str,
    listed: bool,
) -> Issue | None:
    """`listed`: Jira listed it among the sprint's issues, so it is in the sprint now."""
    fields = raw.get("fields") or {}
    created = _when(fields.get("created"))
    key = raw.get("key")
    if created is None or not isinstance(key, str):
        return None
    status = fields.get("status") or {}
    sprints = fields.get("sprint"), *(fields.get("closedSprints") or [])
    in_now = listed or any(isinstance(s, dict) and str(s.get("id")) == sprint_id for s in sprints)
    comments = (fields.get("comment") or {}).get("comments") or []
    return Issue(
        key=key,
        summary=str(fields.get("summary") or ""),
        issue_type=str((fields.get("issuetype") or {}).get("name") or ""),
        labels=tuple(str(label) for label in fields.get("labels") or []),
        points=_number(fields.get(settings.story_points_field)),
        status=str(status.get("name") or ""),
        status_category=(status.get("statusCategory") or {}).get("key"),
        created=created,
        in_sprint_now=in_now,
        original_estimate_seconds=_seconds(fields.get("timeoriginalestimate")),
        time_spent_seconds=_seconds(fields.get("timespent")),
        changes=tuple(_changes(_histories(client, raw))),
        comments=tuple(
            Comment(at, _text(c.get("body")))
            for c in comments
            if (at := _when(c.get("created"))) is not None
        ),
    )


def _fields(settings: JiraSettings) -> str:
    wanted = [
        "summary",
        "issuetype",
        "labels",
        "status",
        "created",
        "sprint",
        "closedSprints",
        "comment",
        "timeoriginalestimate",
        "timespent",
        settings.story_points_field,
    ]
    return ",".join(wanted)


def read_sprint(
    client: JiraClient, settings: JiraSettings, sprint_id: str
) -> tuple[Sprint, list[Issue]]:
    """The sprint, and every issue that was in it at any time since it started."""
    try:
        sprint_raw = client.get(f"/sprint/{sprint_id}", base=AGILE) or {}
        sprint = sprint_of(sprint_raw)
        common = {"fields": _fields(settings), "expand": "changelog"}
        raws: dict[str, tuple[dict[str, Any], bool]] = {}
        for raw in _pages(client, f"/sprint/{sprint_id}/issue", common, AGILE):
            raws.setdefault(str(raw.get("key")), (raw, True))
            if len(raws) >= ISSUES_MAX:
                break
        board = sprint_raw.get("originBoardId")
        if board is not None and sprint.start is not None:
            since = (sprint.start - timedelta(days=1)).date().isoformat()
            jql = {**common, "jql": f'updated >= "{since}"'}
            for raw in _pages(client, f"/board/{board}/issue", jql, AGILE):
                if len(raws) >= ISSUES_MAX:
                    break
                raws.setdefault(str(raw.get("key")), (raw, False))
        issues = [
            i
            for raw, listed in raws.values()
            if (i := issue_of(client, raw, settings, sprint_id, listed))
        ]
    except VendorError as exc:
        raise _not_found(f"sprint {sprint_id}", exc) from None
    return sprint, [i for i in issues if _touched(i, sprint_id)]


def _touched(issue: Issue, sprint_id: str) -> bool:
    """In the sprint now, or once by its changelog (board issues that never were are not)."""
    return issue.in_sprint_now or any(
        sprint_id in c.before or sprint_id in c.after
        for c in issue.changes
        if c.field == SPRINT_FIELD
    )


class JiraSprints(ClientTracker[JiraClient]):
    """Jira as a `SprintReader` (integrations/sprint_readers.py)."""

    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, JiraSettings)
        self.settings = settings
        self.client = JiraClient(Account(settings.site_url, settings.email, token), timeout)

    def rules(self) -> Rules:
        s = self.settings
        return Rules(
            done_statuses=s.done_statuses,
            qa_statuses=s.qa_statuses,
            debt_labels=s.debt_labels,
            debt_issue_types=s.debt_issue_types,
            questions=s.questions,
            question_label=s.question_label,
        )

    def list_sprints(self) -> list[dict[str, Any]]:
        return list_sprints(self.client, self.settings.project_key)

    def read_sprint(self, sprint_id: str) -> tuple[Sprint, list[Issue]]:
        return read_sprint(self.client, self.settings, sprint_id)
