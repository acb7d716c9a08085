"""Jira Software's side of the local Jira site: boards, sprints and their issues through the
documented Agile REST API 1.0 (`GET /board?projectKeyOrId=`, `GET /board/{id}/sprint`,
`GET /sprint/{id}`, `GET /sprint/{id}/issue`, `GET /board/{id}/issue?jql=`), and an issue's
changelog through the platform API (`GET /rest/api/3/issue/{key}/changelog`).

Every list is paged with `startAt`/`maxResults` (at most `page_size` an answer, whatever is
asked) and says `isLast` or `total` as Jira does. An issue's changelog comes embedded with
`expand=changelog` only up to `embedded_histories` entries, with the real `total`, the way Jira
cuts long ones short, so a reader must fetch the rest. `fields` is required on issue lists
(Jira would send every field; Twofold must ask for what it reads).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

AGILE = "/rest/agile/1.0"


def jira_time(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


@dataclass
class SprintIssue:
    """An issue of the fixture: its fields now, its history, and the sprints it is in now."""

    key: str
    fields: dict[str, Any]
    histories: list[dict[str, Any]] = field(default_factory=list)
    sprints_now: set[int] = field(default_factory=set)


class Agile:
    def __init__(self) -> None:
        self.boards: dict[int, dict[str, Any]] = {}
        self.sprints: dict[int, dict[str, Any]] = {}
        self.issues: dict[str, SprintIssue] = {}
        self.page_size = 5
        self.embedded_histories = 3

    def add_board(self, board_id: int, name: str, project: str) -> None:
        self.boards[board_id] = {"id": board_id, "name": name, "type": "scrum", "project": project}

    def add_sprint(
        self, sprint_id: int, board_id: int, name: str, state: str, **dates: str
    ) -> None:
        self.sprints[sprint_id] = {
            "id": sprint_id,
            "name": name,
            "state": state,
            "originBoardId": board_id,
            **dates,
        }

    def _page(
        self, items: list[Any], query: dict[str, list[str]], key: str = "values"
    ) -> dict[str, Any]:
        start = int(query.get("startAt", ["0"])[0])
        size = min(self.page_size, int(query.get("maxResults", ["50"])[0]))
        page = items[start : start + size]
        return {
            "startAt": start,
            "maxResults": size,
            "total": len(items),
            "isLast": start + size >= len(items),
            key: page,
        }

    def _issue(self, issue: SprintIssue, query: dict[str, list[str]]) -> dict[str, Any]:
        wanted = query["fields"][0].split(",")
        fields = {f: issue.fields[f] for f in wanted if f in issue.fields}
        if "sprint" in wanted:
            active = [
                self.sprints[s] for s in issue.sprints_now if self.sprints[s]["state"] == "active"
            ]
            fields["sprint"] = active[0] if active else None
        if "closedSprints" in wanted:
            fields["closedSprints"] = [
                self.sprints[s]
                for s in sorted(issue.sprints_now)
                if self.sprints[s]["state"] == "closed"
            ]
        found: dict[str, Any] = {
            "id": issue.fields.get("id", issue.key),
            "key": issue.key,
            "fields": fields,
        }
        if "changelog" in query.get("expand", [""])[0].split(","):
            found["changelog"] = {
                "startAt": 0,
                "maxResults": self.embedded_histories,
                "total": len(issue.histories),
                "histories": issue.histories[: self.embedded_histories],
            }
        return found

    def _issues(
        self, chosen: list[SprintIssue], query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any]]:
        if not query.get("fields"):
            return 400, {"errorMessages": ["Ask for the fields you need."]}
        page = self._page(chosen, query, "issues")
        page["issues"] = [self._issue(i, query) for i in page["issues"]]
        page.pop("isLast")  # issue lists say `total` only
        return 200, page

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        if path == "/board":
            project = query.get("projectKeyOrId", [""])[0]
            boards = [b for b in self.boards.values() if b["project"] == project]
            if not boards and project not in {b["project"] for b in self.boards.values()}:
                return 404, {"errorMessages": [f"No project could be found with key '{project}'."]}
            return 200, self._page(boards, query)
        if m := re.fullmatch(r"/board/(\d+)/sprint", path):
            if int(m.group(1)) not in self.boards:
                return 404, {
                    "errorMessages": [
                        "Board does not exist or you do not have permission to see it."
                    ]
                }
            states = query.get("state", ["future,active,closed"])[0].split(",")
            sprints = [
                s
                for s in self.sprints.values()
                if s["originBoardId"] == int(m.group(1)) and s["state"] in states
            ]
            return 200, self._page(sprints, query)
        if m := re.fullmatch(r"/sprint/(\d+)", path):
            sprint = self.sprints.get(int(m.group(1)))
            if sprint is None:
                return 404, {"errorMessages": ["Sprint does not exist."]}
            return 200, sprint
        if m := re.fullmatch(r"/sprint/(\d+)/issue", path):
            sprint_id = int(m.group(1))
            if sprint_id not in self.sprints:
                return 404, {"errorMessages": ["Sprint does not exist."]}
            return self._issues(
                [i for i in self.issues.values() if sprint_id in i.sprints_now], query
            )
        if m := re.fullmatch(r"/board/(\d+)/issue", path):
            board = self.boards.get(int(m.group(1)))
            if board is None:
                return 404, {"errorMessages": ["Board does not exist."]}
            jql = query.get("jql", [""])[0]
            since = re.fullmatch(r'updated >= "(\d{4}-\d{2}-\d{2})"', jql)
            if jql and since is None:
                return 400, {"errorMessages": [f"Error in the JQL Query: {jql}"]}
            chosen = [
                i
                for i in self.issues.values()
                if i.key.startswith(board["project"] + "-")
                and (since is None or i.fields["updated"][:10] >= since.group(1))
            ]
            return self._issues(chosen, query)
        return 404, {"errorMessages": [f"No GET {path} here."]}

    def changelog(self, key: str, query: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        issue = self.issues.get(key)
        if issue is None:
            return 404, {
                "errorMessages": ["Issue does not exist or you do not have permission to see it."]
            }
        return 200, self._page(issue.histories, query)
