"""A GitHub in the test process, speaking the documented REST API (version 2022-11-28) for the
endpoints Twofold uses: `GET /repos/{owner}/{repo}`, `GET` and `POST /repos/{owner}/{repo}/issues`
(the listing filtered by `labels`, `state` and `since`, pull requests included as GitHub
includes them, pages of at most `page_size` linked by a `Link: <...>; rel="next"` header),
`GET` and `PATCH /repos/{owner}/{repo}/issues/{number}`, and for sprint signals
`GET /repos/{owner}/{repo}/milestones` (filtered by `state`), `GET .../milestones/{number}`, the
issue listing filtered by `milestone`, and `GET .../issues/{number}/timeline` (milestoned,
demilestoned, closed, reopened and commented events), each list paged the same way; and
`POST /graphql` for a project's iterations (`ProjectIterations`: the project by owner and
number, its field by name, the iterations and completed iterations of an iteration field) and
its items (`ProjectItems`: paged by `first` ≤ 100 and an `after` cursor, each item's
`createdAt`, its issue and its iteration and number field values). Like GitHub, it answers an
unknown owner or project with `data` null there and a `NOT_FOUND` error, a field that is not an
iteration field with an empty object; and it refuses a query that does not ask for a field
the answer holds, since GitHub would not send it.

It checks what it is sent the way GitHub does: a Bearer token, the `Accept` and
`X-GitHub-Api-Version` headers, an issue's title, body and labels (at most 50 characters each),
a state change's `state` and `state_reason`; a malformed request is answered 400 or 422, so a
test fails when Twofold sends the wrong shape. As GitHub does, labels sent by an account without
write access are dropped silently. Tests script failures: `fail_next` answers the next requests
with a status and headers (`rate_limited()` for a 403 with `x-ratelimit-remaining: 0`, 429 with
Retry-After, 503, 401), and `drop_after_create` makes the next `POST .../issues` create the
issue and then cut the connection before answering.
"""

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.local_vendor import LocalVendor, Scripted, Seen

API_VERSION = "2022-11-28"
STATE_REASONS = {"completed", "not_planned", "reopened", "duplicate", None}


def rate_limited(reset_in: int) -> Scripted:
    """GitHub's primary rate limit: 403, no requests left until the reset (epoch seconds)."""
    reset = int(datetime.now(UTC).timestamp()) + reset_in
    return Scripted(
        403,
        {
            "x-ratelimit-limit": "5000",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-used": "5000",
            "x-ratelimit-reset": str(reset),
            "x-ratelimit-resource": "core",
        },
        {"message": "API rate limit exceeded for user ID 1."},
    )


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub(LocalVendor):
    def __init__(self, repository: str = "octo-org/web", token: str = "github_pat_11ABCD") -> None:
        self.repository = repository
        self.token = token
        self.has_issues = True
        self.may_push = True
        self.issues: dict[int, dict[str, Any]] = {}
        self.milestones: dict[int, dict[str, Any]] = {}
        self.project: dict[str, Any] | None = None
        """A project for iterations: `owner`, `number`, `title`, `iteration_fields` (name →
        `{"iterations": [...], "completed": [...]}`), `number_fields` (names) and `items`
        (`{"created_at", "issue": number or None for a draft, "repository", "values": {field
        name: iteration id or number}}`)."""
        self.graphql_seen: list[dict[str, Any]] = []
        self.timelines: dict[int, list[dict[str, Any]]] = {}
        """Issue number → its timeline events, oldest first, as GitHub lists them."""
        self.seen: list[Seen] = []
        self.fail_next: list[Scripted] = []
        self.drop_after_create = False
        self.page_size = 2
        self.next_base: str | None = None
        """Where the `Link` header's next page points, when not here (a hostile answer)."""
        self.slow_seconds = 0.0
        self._lock = threading.Lock()
        self._listen(self._handler())

    @property
    def web(self) -> str:
        return f"https://github.example.com/{self.repository}"

    def requests_to(self, method: str, path: str) -> list[Seen]:
        full = f"/repos/{self.repository}{path}"
        return [s for s in self.seen if s.method == method and s.path == full]

    # What people do in GitHub.

    def set_state(
        self, number: int, state: str, reason: str | None, *, ago: timedelta | None = None
    ) -> None:
        at = datetime.now(UTC) - (ago or timedelta())
        with self._lock:
            issue = self.issues[number]
            issue["state"] = state
            issue["state_reason"] = reason
            issue["closed_at"] = _stamp(at) if state == "closed" else None
            issue["updated_at"] = _stamp(at)

    def add_issue(self, title: str, labels: list[str], *, pull: bool = False) -> int:
        """An issue (or a pull request) someone made by hand."""
        return self._create({"title": title, "body": "", "labels": labels}, pull=pull)

    def webhook_body(self, number: int, action: str, who: str = "octocat") -> bytes:
        return json.dumps(
            {
                "action": action,
                "issue": self.issues[number],
                "repository": {"id": 1296269, "full_name": self.repository},
                "sender": {"login": who, "id": 583231, "type": "User"},
            }
        ).encode()

    # The server.

    def _create(self, body: dict[str, Any], *, pull: bool = False) -> int:
        with self._lock:
            number = len(self.issues) + 1
            now = _stamp(datetime.now(UTC))
            kind = "pull" if pull else "issues"
            issue: dict[str, Any] = {
                "id": 1000 + number,
                "node_id": f"I_{number}",
                "url": f"{self.url}/repos/{self.repository}/issues/{number}",
                "html_url": f"{self.web}/{kind}/{number}",
                "number": number,
                "state": "open",
                "state_reason": None,
                "title": body["title"],
                "body": body.get("body"),
                "labels": [{"name": n} for n in body.get("labels", [])],
                "assignees": [],
                "created_at": now,
                "updated_at": now,
                "closed_at": None,
            }
            if pull:
                issue["pull_request"] = {"html_url": issue["html_url"]}
            self.issues[number] = issue
            return number

    def _repo(self) -> dict[str, Any]:
        owner, name = self.repository.split("/")
        return {
            "id": 1296269,
            "name": name,
            "full_name": self.repository,
            "owner": {"login": owner},
            "private": True,
            "has_issues": self.has_issues,
            "permissions": {
                "admin": False,
                "maintain": False,
                "push": self.may_push,
                "triage": self.may_push,
                "pull": True,
            },
        }

    def _list(self, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        state = query.get("state", ["open"])[0]
        if state not in ("open", "closed", "all"):
            return 422, {"message": "Validation Failed"}, {}
        wanted = [w for w in query.get("labels", [""])[0].split(",") if w]
        milestone = query.get("milestone", [None])[0]
        if milestone not in (None, "*", "none") and not str(milestone).isdigit():
            return 422, {"message": "Validation Failed"}, {}
        since = query.get("since", [None])[0]
        after = None
        if since is not None:
            try:
                after = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            except ValueError:
                return 422, {"message": "Invalid value for since"}, {}
        try:
            per_page = min(100, int(query.get("per_page", ["30"])[0]))
            page = int(query.get("page", ["1"])[0])
        except ValueError:
            return 400, {"message": "per_page and page are numbers"}, {}
        with self._lock:
            found = []
            for issue in sorted(self.issues.values(), key=lambda i: -i["number"]):
                names = {lab["name"] for lab in issue["labels"]}
                if state != "all" and issue["state"] != state:
                    continue
                if not set(wanted) <= names:
                    continue
                has = (issue.get("milestone") or {}).get("number")
                if milestone == "none" and has is not None:
                    continue
                if milestone == "*" and has is None:
                    continue
                if milestone not in (None, "*", "none") and str(has) != milestone:
                    continue
                updated = datetime.strptime(issue["updated_at"], "%Y-%m-%dT%H:%M:%SZ")
                if after is not None and updated.replace(tzinfo=UTC) < after:
                    continue
                found.append(issue)
        return self._paged(found, query, "/issues", per_page, page)

    def _paged(
        self, found: list[Any], query: dict[str, list[str]], rest: str, per_page: int, page: int
    ) -> tuple[int, Any, dict[str, str]]:
        size = min(per_page, self.page_size)
        start = (page - 1) * size
        headers = {}
        if start + size < len(found):
            following = {k: v[0] for k, v in query.items()}
            following["page"] = str(page + 1)
            base = self.next_base or self.url
            path = f"{base}/repos/{self.repository}{rest}?{urlencode(following)}"
            headers["Link"] = f'<{path}>; rel="next"'
        return 200, found[start : start + size], headers

    def _list_of(
        self, found: list[Any], query: dict[str, list[str]], rest: str
    ) -> tuple[int, Any, dict[str, str]]:
        try:
            per_page = min(100, int(query.get("per_page", ["30"])[0]))
            page = int(query.get("page", ["1"])[0])
        except ValueError:
            return 400, {"message": "per_page and page are numbers"}, {}
        return self._paged(found, query, rest, per_page, page)

    def _milestones(self, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        state = query.get("state", ["open"])[0]
        if state not in ("open", "closed", "all"):
            return 422, {"message": "Validation Failed"}, {}
        found = [
            m for _, m in sorted(self.milestones.items()) if state == "all" or m["state"] == state
        ]
        return self._list_of(found, query, "/milestones")

    def _create_issue(self, body: Any) -> tuple[int, Any]:
        if not isinstance(body, dict):
            return 400, {"message": "Problems parsing JSON"}
        errors = []
        if not isinstance(body.get("title"), str) or not body["title"].strip():
            errors.append({"resource": "Issue", "field": "title", "code": "missing_field"})
        elif len(body["title"]) > 256:
            errors.append({"resource": "Issue", "field": "title", "code": "invalid"})
        if "body" in body and not isinstance(body["body"], str):
            errors.append({"resource": "Issue", "field": "body", "code": "invalid"})
        labels = body.get("labels", [])
        if not isinstance(labels, list) or not all(
            isinstance(n, str) and 0 < len(n) <= 50 for n in labels
        ):
            errors.append({"resource": "Label", "field": "name", "code": "invalid"})
        unknown = set(body) - {"title", "body", "labels", "assignees", "milestone"}
        if unknown:
            errors.append({"resource": "Issue", "field": sorted(unknown)[0], "code": "invalid"})
        if errors:
            return 422, {"message": "Validation Failed", "errors": errors}
        if not self.may_push:
            body = {**body, "labels": []}
        number = self._create(body)
        return 201, self.issues[number]

    def _update(self, number: int, body: Any) -> tuple[int, Any]:
        if not isinstance(body, dict) or set(body) - {"state", "state_reason"}:
            return 422, {"message": "Validation Failed"}
        state = body.get("state")
        reason = body.get("state_reason")
        if state not in ("open", "closed") or reason not in STATE_REASONS:
            return 422, {"message": "Validation Failed"}
        if state == "open" and reason not in ("reopened", None):
            return 422, {"message": "An open issue is only reopened."}
        if state == "closed" and reason == "reopened":
            return 422, {"message": "A closed issue is not reopened."}
        issue = self.issues[number]
        if issue["state"] != state:
            default = "completed" if state == "closed" else "reopened"
            self.set_state(number, state, reason or default)
        return 200, self.issues[number]

    def _graphql(self, body: Any) -> tuple[int, Any, dict[str, str]]:
        if (
            not isinstance(body, dict)
            or not isinstance(body.get("query"), str)
            or not isinstance(body.get("variables", {}), dict)
        ):
            return 400, {"message": "Problems parsing JSON"}, {}
        text: str = body["query"]
        variables: dict[str, Any] = body.get("variables") or {}
        self.graphql_seen.append(body)
        if "query ProjectIterations" in text:
            data, errors = self._iterations(variables)
        elif "query ProjectItems" in text:
            first = variables.get("first")
            if not isinstance(first, int) or not 1 <= first <= 100:
                message = "Requesting more than 100 records on the connection is not allowed."
                return 200, {"errors": [{"message": message}]}, {}
            data, errors = self._items(variables)
        else:
            return 200, {"errors": [{"message": "This fake knows no such query."}]}, {}
        missing = sorted(k for k in _keys(data) if not re.search(rf"\b{k}\b", text))
        if missing:
            return 200, {"errors": [{"message": f"The query never asks for {missing}"}]}, {}
        answer: dict[str, Any] = {"data": data}
        if errors:
            answer["errors"] = errors
        return 200, answer, {}

    def _owner_project(
        self, variables: dict[str, Any]
    ) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        project = self.project
        owner, number = variables.get("owner"), variables.get("number")
        if not isinstance(owner, str) or not isinstance(number, int):
            return None, [{"type": "INVALID", "message": "owner and number are required"}]
        if project is None or owner.casefold() != str(project["owner"]).casefold():
            message = f"Could not resolve to a ProjectV2Owner with the login of '{owner}'."
            return None, [{"type": "NOT_FOUND", "message": message}]
        if number != project["number"]:
            message = f"Could not resolve to a ProjectV2 with the number {number}."
            return {"projectV2": None}, [{"type": "NOT_FOUND", "message": message}]
        return project, []

    def _iterations(self, variables: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
        project, errors = self._owner_project(variables)
        if errors or project is None:
            return {"repositoryOwner": project}, errors
        name = variables.get("field")
        field: dict[str, Any] | None = None
        if name in project["iteration_fields"]:
            config = project["iteration_fields"][name]
            field = {
                "name": name,
                "configuration": {
                    "iterations": config["iterations"],
                    "completedIterations": config["completed"],
                },
            }
        elif name in project.get("number_fields", ()):
            field = {}  # not an iteration field: the fragment matches nothing
        return {"repositoryOwner": {"projectV2": {"title": project["title"], "field": field}}}, []

    def _items(self, variables: dict[str, Any]) -> tuple[Any, list[dict[str, Any]]]:
        project, errors = self._owner_project(variables)
        if errors or project is None:
            return {"repositoryOwner": project}, errors
        after = variables.get("after")
        start = int(after) if isinstance(after, str) and after.isdigit() else 0
        size = min(int(variables["first"]), self.page_size)
        chunk = project["items"][start : start + size]
        nodes = []
        for item in chunk:
            content: dict[str, Any] = {}
            if item["issue"] is not None:
                issue = (
                    self.issues[item["issue"]]
                    if item["repository"] == self.repository
                    else {
                        "number": item["issue"],
                        "title": "Elsewhere",
                        "created_at": _stamp(datetime.now(UTC)),
                        "state": "open",
                        "state_reason": None,
                        "labels": [],
                    }
                )
                content = {
                    "number": issue["number"],
                    "title": issue["title"],
                    "createdAt": issue["created_at"],
                    "state": issue["state"].upper(),
                    "stateReason": (issue["state_reason"] or "").upper() or None,
                    "repository": {"nameWithOwner": item["repository"]},
                    "labels": {"nodes": [{"name": lab["name"]} for lab in issue["labels"]]},
                }
            values = []
            for field_name, value in item["values"].items():
                if field_name in project["iteration_fields"]:
                    values.append({"iterationId": value, "field": {"name": field_name}})
                else:
                    values.append({"number": value, "field": {"name": field_name}})
            values.append({})  # a value of a kind the query does not ask for (a text field)
            nodes.append(
                {
                    "createdAt": item["created_at"],
                    "content": content,
                    "fieldValues": {"nodes": values},
                }
            )
        more = start + size < len(project["items"])
        page = {"hasNextPage": more, "endCursor": str(start + size) if more else None}
        items = {"pageInfo": page, "nodes": nodes}
        return {"repositoryOwner": {"projectV2": {"items": items}}}, []

    def _answer(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any, dict[str, str]]:
        if path == "/graphql":
            if method != "POST":
                return 404, {"message": "Not Found"}, {}
            return self._graphql(body)
        prefix = f"/repos/{self.repository}"
        if not path.casefold().startswith(prefix.casefold()):
            return 404, {"message": "Not Found"}, {}
        rest = path[len(prefix) :]
        if method == "GET" and rest == "":
            return 200, self._repo(), {}
        if rest == "/issues":
            if method == "GET":
                return self._list(query)
            if method == "POST":
                status, answer = self._create_issue(body)
                return status, answer, {}
        if method == "GET" and rest == "/milestones":
            return self._milestones(query)
        if method == "GET" and rest.startswith("/milestones/"):
            wanted = rest[len("/milestones/") :]
            found = self.milestones.get(int(wanted)) if wanted.isdigit() else None
            if found is None:
                return 404, {"message": "Not Found"}, {}
            return 200, found, {}
        if method == "GET" and rest.startswith("/issues/") and rest.endswith("/timeline"):
            which = rest[len("/issues/") : -len("/timeline")]
            if not which.isdigit() or int(which) not in self.issues:
                return 404, {"message": "Not Found"}, {}
            return self._list_of(list(self.timelines.get(int(which), [])), query, rest)
        if rest.startswith("/issues/") and rest[len("/issues/") :].isdigit():
            number = int(rest[len("/issues/") :])
            if number not in self.issues:
                return 404, {"message": "Not Found"}, {}
            if method == "GET":
                return 200, self.issues[number], {}
            if method == "PATCH":
                status, answer = self._update(number, body)
                return status, answer, {}
        return 404, {"message": "Not Found"}, {}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        github = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if not parts.path.startswith("/repos/") and parts.path != "/graphql":
                    # Not the API Twofold uses (a stray probe): neither recorded nor given a
                    # scripted failure meant for Twofold's calls.
                    self._send(404, {"message": "Not Found"}, {})
                    return
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    self._send(400, {"message": "Problems parsing JSON"}, {})
                    return
                query = parse_qs(parts.query)
                github.seen.append(
                    Seen(
                        method,
                        parts.path,
                        query,
                        body,
                        {k.lower(): v for k, v in self.headers.items()},
                    )
                )
                if github.slow_seconds:
                    time.sleep(github.slow_seconds)
                if github.fail_next:
                    scripted = github.fail_next.pop(0)
                    self._send(scripted.status, scripted.body, scripted.headers)
                    return
                if self.headers.get("Authorization") != f"Bearer {github.token}":
                    self._send(401, {"message": "Bad credentials"}, {})
                    return
                if self.headers.get("X-GitHub-Api-Version") != API_VERSION:
                    self._send(400, {"message": "Unsupported 'X-GitHub-Api-Version'"}, {})
                    return
                if self.headers.get("Accept") != "application/vnd.github+json":
                    self._send(415, {"message": "Unsupported media type"}, {})
                    return
                status, answer, headers = github._answer(method, parts.path, query, body)
                if method == "POST" and status == 201 and github.drop_after_create:
                    github.drop_after_create = False
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(status, answer, headers)

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_PATCH(self) -> None:
                self._serve("PATCH")

        return Handler


def _keys(value: Any) -> set[str]:
    """Every key of every object in a GraphQL answer."""
    if isinstance(value, dict):
        found = set(value)
        for inner in value.values():
            found |= _keys(inner)
        return found
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    return set()


@contextmanager
def fake_github() -> Iterator[FakeGitHub]:
    github = FakeGitHub().start()
    try:
        yield github
    finally:
        github.stop()
