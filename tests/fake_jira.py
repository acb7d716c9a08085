"""A Jira Cloud site in the test process, speaking the documented REST API v3 for the endpoints
Twofold uses: `GET /myself`, `GET /project/{key}`, `GET /mypermissions`, `POST /issue`,
`GET /issue/{key}`, `GET` and `POST /issue/{key}/transitions` (a workflow of To Do, In Progress
and Done, each reachable from the others), `GET /user/search` and `POST /search/jql` (pages of
at most `page_size` issues, linked by `nextPageToken`), and Jira Software's boards and sprints
(`tests/fake_jira_agile.py`, on `agile`).

It checks what it is sent the way Jira does (Basic auth with the account's email and API
token; a description in Atlassian Document Format; a JQL search body) and answers 400 to a
malformed request, so a test fails when Twofold sends the wrong shape. Tests script failures:
`fail_next` answers the next requests with a status (429 with Retry-After, 503, ...), and
`drop_after_create` makes the next `POST /issue` create the issue and then cut the connection
before answering, as when the caller dies between the vendor's work and its own commit.
"""

import base64
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fake_jira_agile import AGILE, Agile
from tests.local_vendor import LocalVendor, Scripted, Seen

API = "/rest/api/3"


def _adf_errors(doc: Any) -> list[str]:
    """What Jira would refuse in a description: it must be an ADF `doc`, version 1, of block
    nodes holding text nodes."""
    if not isinstance(doc, dict) or doc.get("type") != "doc" or doc.get("version") != 1:
        return ["description: Operation value must be an Atlassian Document"]
    problems = []
    for block in doc.get("content", []):
        if block.get("type") not in {"paragraph", "heading", "bulletList"}:
            problems.append(f"description: unknown node {block.get('type')}")
        for inline in block.get("content", []):
            if inline.get("type") != "text" or not isinstance(inline.get("text"), str):
                problems.append("description: a paragraph holds text nodes")
            for mark in inline.get("marks", []):
                if mark.get("type") == "link" and not mark.get("attrs", {}).get("href"):
                    problems.append("description: a link mark needs an href")
    return problems


def adf_text(doc: dict[str, Any]) -> str:
    return "\n".join(
        "".join(i["text"] for i in block.get("content", [])) for block in doc["content"]
    )


class FakeJira(LocalVendor):
    def __init__(self, email: str = "bot@example.com", token: str = "jira-token-1234") -> None:
        self.email = email
        self.token = token
        self.projects = {"OPS": {"id": "10000", "key": "OPS", "name": "Operations"}}
        self.may_create = True
        self.issues: dict[str, dict[str, Any]] = {}
        self.seen: list[Seen] = []
        self.fail_next: list[Scripted] = []
        self.drop_after_create = False
        self.page_size = 2
        self.users = [
            {
                "accountId": "5b10ac8d82e05b22cc7d4ef5",
                "emailAddress": "pm@example.com",
                "displayName": "Pat PM",
            },
        ]
        self.workflow = [
            ("11", "To Do", "new"),
            ("21", "In Progress", "indeterminate"),
            ("31", "Done", "done"),
        ]
        self.agile = Agile()
        self._pages: dict[str, tuple[list[str], int]] = {}
        self._lock = threading.Lock()
        self._listen(self._handler())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requests_to(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and s.path == API + path]

    def agile_requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == "GET" and s.path == AGILE + path]

    # What people do in Jira.

    def set_status(
        self, key: str, name: str, category: str, *, ago: timedelta | None = None
    ) -> None:
        at = datetime.now(UTC) - (ago or timedelta())
        with self._lock:
            fields = self.issues[key]["fields"]
            fields["status"] = {"name": name, "statusCategory": {"key": category}}
            fields["updated"] = at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"

    def add_issue(self, summary: str, labels: list[str]) -> str:
        """An issue someone made by hand (not Twofold's)."""
        return self._create({"summary": summary, "labels": labels, "project": {"key": "OPS"}})

    def webhook_body(self, key: str, who: str = "Ada Admin") -> bytes:
        return json.dumps(
            {
                "timestamp": int(datetime.now(UTC).timestamp() * 1000),
                "webhookEvent": "jira:issue_updated",
                "issue_event_type_name": "issue_generic",
                "user": {"accountId": "5b10a2844c20165700ede21g", "displayName": who},
                "issue": self.issues[key],
                "changelog": {"items": [{"field": "status"}]},
            }
        ).encode()

    # The server.

    def _create(self, fields: dict[str, Any]) -> str:
        with self._lock:
            number = len(self.issues) + 1
            key = f"{fields['project']['key']}-{number}"
            stored = dict(fields)
            stored["status"] = {"name": "To Do", "statusCategory": {"key": "new"}}
            stored["updated"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"
            self.issues[key] = {"id": str(10000 + number), "key": key, "fields": stored}
            return key

    def _matches(self, jql: str, issue: dict[str, Any]) -> bool:
        fields = issue["fields"]
        project = re.search(r'project = "([^"]+)"', jql)
        if project and fields["project"]["key"] != project.group(1):
            return False
        for label in re.findall(r'labels = "([^"]+)"', jql):
            if label not in fields.get("labels", []):
                return False
        since = re.search(r"updated >= -(\d+)m", jql)
        if since:
            updated = datetime.strptime(fields["updated"], "%Y-%m-%dT%H:%M:%S.%f%z")
            if updated < datetime.now(UTC) - timedelta(minutes=int(since.group(1))):
                return False
        return True

    def _search(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict) or not isinstance(body.get("jql"), str):
            return 400, {"errorMessages": ["The JQL query is missing."]}
        if not isinstance(body.get("fields"), list):
            return 400, {"errorMessages": ["fields must be a list of field names."]}
        token = body.get("nextPageToken")
        with self._lock:
            if token is None:
                keys = [k for k, i in self.issues.items() if self._matches(body["jql"], i)]
                start = 0
            elif token in self._pages:
                keys, start = self._pages.pop(token)
            else:
                return 400, {"errorMessages": ["The nextPageToken is not valid."]}
            size = min(self.page_size, int(body.get("maxResults", 50)))
            page = keys[start : start + size]
            result: dict[str, Any] = {
                "issues": [
                    {"id": self.issues[k]["id"], "key": k, "fields": self._fields(k, body)}
                    for k in page
                ],
                "isLast": start + size >= len(keys),
            }
            if not result["isLast"]:
                nxt = f"page-{len(self.seen)}-{start + size}"
                self._pages[nxt] = (keys, start + size)
                result["nextPageToken"] = nxt
        return 200, result

    def _fields(self, key: str, body: dict[str, Any]) -> dict[str, Any]:
        stored = self.issues[key]["fields"]
        return {f: stored[f] for f in body["fields"] if f in stored}

    def _create_issue(self, body: Any) -> tuple[int, dict[str, Any]]:
        fields = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(fields, dict):
            return 400, {"errorMessages": ["fields are required"]}
        errors: dict[str, str] = {}
        project = (fields.get("project") or {}).get("key")
        if project not in self.projects:
            errors["project"] = "valid project is required"
        if not (fields.get("issuetype") or {}).get("name"):
            errors["issuetype"] = "valid issue type is required"
        if not isinstance(fields.get("summary"), str) or not fields["summary"]:
            errors["summary"] = "You must specify a summary of the issue."
        if "description" in fields:
            for problem in _adf_errors(fields["description"]):
                errors["description"] = problem
        labels = fields.get("labels", [])
        if any(" " in label for label in labels):
            errors["labels"] = "A label cannot contain spaces."
        if "duedate" in fields and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["duedate"]):
            errors["duedate"] = "Error parsing date string"
        if errors:
            return 400, {"errorMessages": [], "errors": errors}
        if not self.may_create:
            return 403, {"errorMessages": ["You do not have permission to create issues."]}
        key = self._create(fields)
        return 201, {
            "id": self.issues[key]["id"],
            "key": key,
            "self": f"{self.url}{API}/issue/{key}",
        }

    def _transitions(self, key: str) -> list[dict[str, Any]]:
        current = self.issues[key]["fields"]["status"]["name"]
        return [
            {
                "id": tid,
                "name": f"Move to {name}",
                "to": {"name": name, "statusCategory": {"key": category}},
            }
            for tid, name, category in self.workflow
            if name != current
        ]

    def _issue(
        self, method: str, key: str, rest: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, dict[str, Any]]:
        if key not in self.issues:
            return 404, {
                "errorMessages": ["Issue does not exist or you do not have permission to see it."]
            }
        if method == "GET" and not rest:
            wanted = query.get("fields", [""])[0].split(",")
            return 200, {
                "id": self.issues[key]["id"],
                "key": key,
                "fields": self._fields(key, {"fields": wanted}),
            }
        if method == "GET" and rest == "/transitions":
            return 200, {"transitions": self._transitions(key)}
        if method == "POST" and rest == "/transitions":
            wanted_id = ((body or {}).get("transition") or {}).get("id")
            found = [t for t in self._transitions(key) if t["id"] == wanted_id]
            if not found:
                return 400, {
                    "errorMessages": [f"Transition id '{wanted_id}' is not valid for this issue."]
                }
            to = found[0]["to"]
            self.set_status(key, to["name"], to["statusCategory"]["key"])
            return 204, {}
        return 404, {"errorMessages": [f"No {method} {rest} here."]}

    def _answer(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, dict[str, Any]]:
        issue = re.fullmatch(r"/issue/([A-Z][A-Z0-9_]*-\d+)(/transitions)?", path)
        if issue:
            return self._issue(method, issue.group(1), issue.group(2) or "", query, body)
        if method == "GET" and path == "/user/search":
            wanted = query.get("query", [""])[0].casefold()
            return 200, [u for u in self.users if wanted and wanted in u["emailAddress"].casefold()]  # type: ignore[return-value]
        if method == "GET" and path == "/myself":
            return 200, {
                "accountId": "557058:abc",
                "emailAddress": self.email,
                "displayName": "Jira Bot",
            }
        if method == "GET" and path.startswith("/project/"):
            found = self.projects.get(path.removeprefix("/project/"))
            if found is None:
                return 404, {"errorMessages": ["No project could be found with key 'X'."]}
            return 200, found
        if method == "GET" and path == "/mypermissions":
            if query.get("projectKey", [""])[0] not in self.projects:
                return 404, {"errorMessages": ["No project could be found."]}
            return 200, {"permissions": {"CREATE_ISSUES": {"havePermission": self.may_create}}}
        if method == "POST" and path == "/issue":
            return self._create_issue(body)
        if method == "POST" and path == "/search/jql":
            return self._search(body)
        changelog = re.fullmatch(r"/issue/([A-Z0-9-]+)/changelog", path)
        if method == "GET" and changelog:
            return self.agile.changelog(changelog.group(1), query)
        return 404, {"errorMessages": [f"No {method} {path} here."]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        jira = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = b"" if status == 204 else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if not parts.path.startswith((API, AGILE)):
                    # Not Jira's API (a stray probe from elsewhere on the machine): neither
                    # recorded nor given a scripted failure meant for Twofold's calls.
                    self._send(404, {"errorMessages": ["Not found"]}, {})
                    return
                body = json.loads(raw) if raw else None
                query = parse_qs(parts.query)
                jira.seen.append(Seen(method, parts.path, query, body, dict(self.headers)))
                if jira.fail_next:
                    scripted = jira.fail_next.pop(0)
                    self._send(scripted.status, scripted.body, scripted.headers)
                    return
                expected = base64.b64encode(f"{jira.email}:{jira.token}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {expected}":
                    self._send(401, {"errorMessages": ["Unauthorized"]}, {})
                    return
                if parts.path.startswith(AGILE) and method == "GET":
                    status, answer = jira.agile.answer(parts.path.removeprefix(AGILE), query)
                else:
                    status, answer = jira._answer(method, parts.path.removeprefix(API), query, body)
                if method == "POST" and status == 201 and jira.drop_after_create:
                    jira.drop_after_create = False
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(status, answer, {})

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        return Handler


@contextmanager
def fake_jira() -> Iterator[FakeJira]:
    jira = FakeJira().start()
    try:
        yield jira
    finally:
        jira.stop()
