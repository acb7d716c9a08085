"""A Linear workspace in the test process, speaking Linear's GraphQL API at `POST /graphql` for
the operations Twofold sends: `viewer`, `teams`, `issueLabels`, `issueLabelCreate`, `users`,
`issues`, `issue`, `issueCreate` and `issueUpdate`, and for sprint signals `cycles`, `cycle`,
issues filtered by cycle with their `estimate`, `labels`, `history` (IssueHistory: state and
cycle moves, paged like any connection, and read on from `issue(id) { history }`) and
`comments`.

It reads each operation the way a GraphQL server does, as much as these need: the operation's
name and declared variables (a required one missing, or one used but not declared, is a
validation error), its root fields and their arguments (filter objects with variables put in),
and it refuses filter fields and input fields it does not know, so a test fails when Twofold
sends a shape Linear would refuse. Pagination is Relay style (`first`, `after`,
`pageInfo { hasNextPage endCursor }`) with pages of at most `page_size`. The API key goes in
`Authorization` as it is; anything else is an authentication error.

Tests script failures: `fail_next` answers the next requests with a status, headers and body
(401, a 400 of GraphQL errors, 429 with Retry-After, 503, ...), and `drop_after_create` makes
the next `issueCreate` create the issue and then cut the connection before answering, as when
the caller dies between the vendor's work and its own commit.
"""

import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.local_vendor import LocalVendor, Scripted

PATH = "/graphql"
WORKSPACE = "https://linear.app/acme"


@dataclass
class Seen:
    operation: str
    query: str
    variables: dict[str, Any]
    authorization: str | None


class GraphQLError(Exception):
    def __init__(self, message: str, code: str = "INPUT_ERROR", status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status

    def body(self) -> dict[str, Any]:
        kinds = {"AUTHENTICATION_ERROR": "authentication error", "FORBIDDEN": "forbidden"}
        kind = kinds.get(self.code, "invalid input")
        return {
            "errors": [
                {
                    "message": self.message,
                    "extensions": {
                        "code": self.code,
                        "type": kind,
                        "userPresentableMessage": self.message,
                    },
                }
            ],
            "data": None,
        }


def rate_limited(wait: int | None = None) -> Scripted:
    """Linear's own answer to too many requests: a 400 whose error says RATELIMITED."""
    headers = {"Retry-After": str(wait)} if wait is not None else {}
    body = {
        "errors": [
            {
                "message": "Rate limit exceeded",
                "extensions": {
                    "code": "RATELIMITED",
                    "type": "ratelimited",
                    "userPresentableMessage": "Too many requests, slow down.",
                },
            }
        ]
    }
    return Scripted(400, headers, body)


# Reading an operation.

TOKEN = re.compile(
    r'\s*(?:(\.\.\.)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(\$?\w+)|([{}\[\]():,!=@]))'
)


def _tokens(text: str) -> list[str]:
    out, at = [], 0
    text = re.sub(r"#[^\n]*", "", text)
    while at < len(text):
        if text[at:].strip() == "":
            break
        found = TOKEN.match(text, at)
        if not found:
            raise GraphQLError(
                f"Syntax Error: unexpected {text[at : at + 10]!r}", "GRAPHQL_PARSE_FAILED"
            )
        out.append(found.group(found.lastindex or 0).strip())
        at = found.end()
    return out


class _Reader:
    """Walks the tokens of one operation: values with variables put in, and selections."""

    def __init__(self, tokens: list[str], variables: dict[str, Any]) -> None:
        self.t, self.i, self.vars = tokens, 0, variables
        self.used: set[str] = set()

    def peek(self) -> str:
        return self.t[self.i] if self.i < len(self.t) else ""

    def take(self, wanted: str | None = None) -> str:
        got = self.peek()
        if wanted is not None and got != wanted:
            raise GraphQLError(
                f"Syntax Error: expected {wanted!r}, found {got!r}", "GRAPHQL_PARSE_FAILED"
            )
        self.i += 1
        return got

    def value(self) -> Any:
        tok = self.take()
        if tok.startswith("$"):
            self.used.add(tok[1:])
            return self.vars.get(tok[1:])
        if tok.startswith('"'):
            return json.loads(tok)
        if tok == "{":
            out: dict[str, Any] = {}
            while self.peek() != "}":
                name = self.take()
                self.take(":")
                out[name] = self.value()
                if self.peek() == ",":
                    self.take()
            self.take("}")
            return out
        if tok == "[":
            items = []
            while self.peek() != "]":
                items.append(self.value())
                if self.peek() == ",":
                    self.take()
            self.take("]")
            return items
        if re.fullmatch(r"-?\d+", tok):
            return int(tok)
        return {"true": True, "false": False, "null": None}.get(tok, tok)

    def arguments(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.peek() != "(":
            return args
        self.take("(")
        while self.peek() != ")":
            name = self.take()
            self.take(":")
            args[name] = self.value()
            if self.peek() == ",":
                self.take()
        self.take(")")
        return args

    def selection(self) -> dict[str, Any]:
        """Field name to (arguments, sub-selection)."""
        out: dict[str, Any] = {}
        self.take("{")
        while self.peek() != "}":
            name = self.take()
            args = self.arguments()
            sub = self.selection() if self.peek() == "{" else {}
            out[name] = (args, sub)
        self.take("}")
        return out


@dataclass
class Operation:
    kind: str
    name: str
    fields: dict[str, Any]


def parse(query: str, variables: dict[str, Any], operation_name: Any) -> Operation:
    reader = _Reader(_tokens(query), variables)
    kind = reader.take()
    if kind not in ("query", "mutation"):
        raise GraphQLError(
            "Twofold's operations are named queries or mutations.", "GRAPHQL_PARSE_FAILED"
        )
    name = reader.take()
    if operation_name is not None and operation_name != name:
        raise GraphQLError(
            f'Unknown operation named "{operation_name}".', "GRAPHQL_VALIDATION_FAILED"
        )
    declared: dict[str, str] = {}
    if reader.peek() == "(":
        reader.take("(")
        while reader.peek() != ")":
            var = reader.take()
            reader.take(":")
            kind_of = ""
            while reader.peek() not in (")", "") and not reader.peek().startswith("$"):
                kind_of += reader.take()
            declared[var[1:]] = kind_of
        reader.take(")")
    for var, kind_of in declared.items():
        if kind_of.endswith("!") and variables.get(var) is None:
            raise GraphQLError(
                f'Variable "${var}" of required type "{kind_of}" was not provided.',
                "GRAPHQL_VALIDATION_FAILED",
            )
    fields = reader.selection()
    undeclared = reader.used - set(declared)
    if undeclared:
        raise GraphQLError(
            f'Variable "${sorted(undeclared)[0]}" is not defined by operation "{name}".',
            "GRAPHQL_VALIDATION_FAILED",
        )
    return Operation(kind, name, fields)


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


class FakeLinear(LocalVendor):
    def __init__(self, token: str = "lin_api_test_token_1234") -> None:
        self.token = token
        self.viewer = {"id": "user-bot", "name": "Lin Bot", "email": "bot@example.com"}
        self.teams: dict[str, dict[str, Any]] = {
            "ENG": {
                "id": "team-eng",
                "key": "ENG",
                "name": "Engineering",
                "states": [
                    {"id": "st-backlog", "name": "Backlog", "type": "backlog", "position": 0},
                    {"id": "st-todo", "name": "Todo", "type": "unstarted", "position": 1},
                    {"id": "st-done", "name": "Done", "type": "completed", "position": 4},
                    {"id": "st-progress", "name": "In Progress", "type": "started", "position": 2},
                    {"id": "st-review", "name": "In Review", "type": "started", "position": 3},
                    {"id": "st-canceled", "name": "Canceled", "type": "canceled", "position": 5},
                ],
            }
        }
        self.labels: list[dict[str, Any]] = [
            {"id": "label-retro", "name": "Retro", "team": None},
            {"id": "label-bug", "name": "Bug", "team": None},
        ]
        self.users: list[dict[str, Any]] = [
            {"id": "user-pat", "email": "pm@example.com", "name": "Pat PM", "active": True},
        ]
        self.issues: dict[str, dict[str, Any]] = {}
        self.cycles: dict[str, dict[str, Any]] = {}
        """Cycle id → `id number name startsAt endsAt completedAt` and its `team` key."""
        self.seen: list[Seen] = []
        self.fail_next: list[Scripted] = []
        self.drop_after_create = False
        self.writable = True
        """False: the key has read access only, and every mutation is forbidden."""
        self.page_size = 2
        self._pages: dict[str, tuple[list[Any], int]] = {}
        self._lock = threading.Lock()
        self._listen(self._handler())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    def operations(self, name: str) -> list[Seen]:
        return [s for s in self.seen if s.operation == name]

    # What people do in Linear.

    def state(self, team: str, name: str) -> dict[str, Any]:
        return next(s for s in self.teams[team]["states"] if s["name"] == name)

    def set_state(self, key: str, name: str, *, ago: timedelta | None = None) -> None:
        with self._lock:
            issue = self.issues[key]
            issue["state"] = dict(self.state(issue["team"], name))
            issue["updatedAt"] = _stamp(datetime.now(UTC) - (ago or timedelta()))

    def add_issue(self, title: str, labels: tuple[str, ...] = (), description: str = "") -> str:
        """An issue someone made by hand."""
        ids = [lab["id"] for lab in self.labels if lab["name"] in labels]
        with self._lock:
            return self._create(
                "ENG", {"title": title, "description": description, "labelIds": ids}
            )

    def webhook_body(self, key: str, who: str = "Ada Admin", action: str = "update") -> bytes:
        issue = self.issues[key]
        return json.dumps(
            {
                "action": action,
                "type": "Issue",
                "actor": {"id": "user-ada", "name": who, "type": "user"},
                "createdAt": issue["updatedAt"],
                "data": self._node(issue),
                "updatedFrom": {"stateId": "st-todo", "updatedAt": issue["createdAt"]},
                "url": issue["url"],
                "organizationId": "org-acme",
                "webhookTimestamp": int(datetime.now(UTC).timestamp() * 1000),
                "webhookId": str(uuid.uuid4()),
            }
        ).encode()

    # The server.

    def _create(self, team: str, given: dict[str, Any]) -> str:
        number = len(self.issues) + 1
        key = f"{team}-{number}"
        slug = "-".join(re.findall(r"[a-z0-9]+", given["title"].lower()))[:60]
        at = _stamp(datetime.now(UTC))
        self.issues[key] = {
            "id": str(uuid.uuid4()),
            "identifier": key,
            "team": team,
            "url": f"{WORKSPACE}/issue/{key}/{slug}",
            "title": given["title"],
            "description": given.get("description") or "",
            "labelIds": list(given.get("labelIds") or []),
            "dueDate": given.get("dueDate"),
            "assigneeId": given.get("assigneeId"),
            "state": dict(self.state(team, "Todo")),
            "createdAt": at,
            "updatedAt": at,
        }
        return key

    def _node(self, issue: dict[str, Any]) -> dict[str, Any]:
        state = issue["state"]
        return {
            "id": issue["id"],
            "identifier": issue["identifier"],
            "url": issue["url"],
            "title": issue["title"],
            "updatedAt": issue["updatedAt"],
            "state": {"id": state["id"], "name": state["name"], "type": state["type"]},
            "labelIds": issue["labelIds"],
        }

    def _rich(self, issue: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
        """An issue with the sprint fields the selection asks for (`sub`: the node's)."""
        node = self._node(issue)
        names = {lab["id"]: lab["name"] for lab in self.labels}
        cycle = issue.get("cycleId")
        node.update(
            {
                "createdAt": issue["createdAt"],
                "estimate": issue.get("estimate"),
                "cycle": {"id": cycle} if cycle else None,
                "labels": {"nodes": [{"name": names[i]} for i in issue["labelIds"]]},
            }
        )
        for name in ("history", "comments"):
            if name in sub:
                args, inner = sub[name]
                node[name] = self._page(list(issue.get(name) or []), args, inner)
        return node

    def _page(self, items: list[Any], args: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
        after = args.get("after")
        if after is None:
            start = 0
        elif after in self._pages:
            items, start = self._pages.pop(after)
        else:
            raise GraphQLError("Invalid cursor.")
        size = min(self.page_size, int(args.get("first") or 50))
        page = items[start : start + size]
        more = start + size < len(items)
        if more and "pageInfo" not in sub:
            raise GraphQLError("This fake insists a paged query asks for pageInfo.")
        cursor = f"cursor-{len(self.seen)}-{start + size}-{len(self._pages)}-{uuid.uuid4().hex[:6]}"
        if more:
            self._pages[cursor] = (items, start + size)
        return {
            "nodes": page,
            "pageInfo": {"hasNextPage": more, "endCursor": cursor if more else None},
        }

    def _team_by_id(self, team_id: Any) -> dict[str, Any]:
        found = [t for t in self.teams.values() if t["id"] == team_id]
        if not found:
            raise GraphQLError("Entity not found: Team")
        return found[0]

    def _issue_matches(self, where: Any, issue: dict[str, Any]) -> bool:
        if not isinstance(where, dict):
            raise GraphQLError("filter must be an IssueFilter object.")
        for name, test in where.items():
            if name == "team":
                if test != {"key": {"eq": test.get("key", {}).get("eq")}}:
                    raise GraphQLError("team filter: only key.eq here.")
                if issue["team"] != test["key"]["eq"]:
                    return False
            elif name == "description":
                wanted = (test or {}).get("contains")
                if not isinstance(wanted, str):
                    raise GraphQLError("description filter: only contains here.")
                if wanted not in issue["description"]:
                    return False
            elif name == "labels":
                wanted = ((test or {}).get("name") or {}).get("eq")
                if not isinstance(wanted, str):
                    raise GraphQLError("labels filter: only name.eq here.")
                names = {lab["name"] for lab in self.labels if lab["id"] in issue["labelIds"]}
                if wanted not in names:
                    return False
            elif name == "cycle":
                wanted = ((test or {}).get("id") or {}).get("eq")
                if not isinstance(wanted, str) or set(test) != {"id"}:
                    raise GraphQLError("cycle filter: only id.eq here.")
                if issue.get("cycleId") != wanted:
                    return False
            elif name == "updatedAt":
                since = (test or {}).get("gt")
                try:
                    moment = datetime.fromisoformat(str(since).replace("Z", "+00:00"))
                except ValueError:
                    raise GraphQLError(f"updatedAt.gt: not a date-time: {since!r}") from None
                if moment.tzinfo is None:
                    raise GraphQLError("updatedAt.gt: a date-time needs its offset.")
                updated = datetime.fromisoformat(issue["updatedAt"].replace("Z", "+00:00"))
                if updated <= moment:
                    return False
            else:
                raise GraphQLError(f'Field "{name}" is not defined by type "IssueFilter".')
        return True

    def _create_issue(self, given: Any) -> dict[str, Any]:
        if not isinstance(given, dict):
            raise GraphQLError("input is required.")
        known = {"teamId", "title", "description", "labelIds", "dueDate", "assigneeId"}
        extra = set(given) - known
        if extra:
            raise GraphQLError(
                f'Field "{sorted(extra)[0]}" is not defined by type "IssueCreateInput".'
            )
        team = self._team_by_id(given.get("teamId"))
        if not isinstance(given.get("title"), str) or not given["title"].strip():
            raise GraphQLError("title must not be empty.")
        if not isinstance(given.get("description", ""), str):
            raise GraphQLError("description must be a string of Markdown.")
        label_ids = given.get("labelIds") or []
        known_labels = {lab["id"]: lab for lab in self.labels}
        for label_id in label_ids:
            lab = known_labels.get(label_id)
            if lab is None or lab["team"] not in (None, team["id"]):
                raise GraphQLError(f"Label {label_id} cannot be used on team {team['key']}.")
        if "dueDate" in given and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(given["dueDate"])):
            raise GraphQLError("dueDate must be a TimelessDate (YYYY-MM-DD).")
        if "assigneeId" in given and given["assigneeId"] not in {u["id"] for u in self.users}:
            raise GraphQLError("Entity not found: User")
        key = self._create(team["key"], given)
        return {"success": True, "issue": self._node(self.issues[key])}

    def _find_issue(self, ref: Any) -> dict[str, Any] | None:
        if ref in self.issues:
            return self.issues[ref]
        return next((i for i in self.issues.values() if i["id"] == ref), None)

    def _root(self, name: str, args: dict[str, Any], sub: dict[str, Any]) -> Any:
        if name == "viewer":
            return dict(self.viewer)
        if name == "teams":
            key = (((args.get("filter") or {}).get("key")) or {}).get("eq")
            found = [t for t in self.teams.values() if key is None or t["key"] == key]
            return {
                "nodes": [
                    {
                        "id": t["id"],
                        "key": t["key"],
                        "name": t["name"],
                        "states": {"nodes": t["states"]},
                    }
                    for t in found
                ]
            }
        if name == "issueLabels":
            names = (((args.get("filter") or {}).get("name")) or {}).get("in")
            if not isinstance(names, list):
                raise GraphQLError("issueLabels filter: only name.in here.")
            wanted = {n.casefold() for n in names}
            found = [
                {
                    "id": lab["id"],
                    "name": lab["name"],
                    "team": {"id": lab["team"]} if lab["team"] else None,
                }
                for lab in self.labels
                if lab["name"].casefold() in wanted
            ]
            return self._page(found, args, sub)
        if name == "issueLabelCreate":
            given = args.get("input") or {}
            team = self._team_by_id(given.get("teamId"))
            label_name = given.get("name")
            if not isinstance(label_name, str) or not label_name.strip():
                raise GraphQLError("name must not be empty.")
            clash = [
                lab
                for lab in self.labels
                if lab["name"].casefold() == label_name.casefold()
                and lab["team"] in (None, team["id"])
            ]
            if clash:
                raise GraphQLError("duplicate label name")
            made = {"id": f"label-{len(self.labels) + 1}", "name": label_name, "team": team["id"]}
            self.labels.append(made)
            return {"success": True, "issueLabel": {"id": made["id"], "name": label_name}}
        if name == "users":
            email = (((args.get("filter") or {}).get("email")) or {}).get("eq")
            if not isinstance(email, str):
                raise GraphQLError("users filter: only email.eq here.")
            return {"nodes": [u for u in self.users if u["email"].casefold() == email.casefold()]}
        if name == "cycles":
            key = ((((args.get("filter") or {}).get("team")) or {}).get("key") or {}).get("eq")
            if not isinstance(key, str):
                raise GraphQLError("cycles filter: only team.key.eq here.")
            found = [
                {k: v for k, v in c.items() if k != "team"}
                for c in self.cycles.values()
                if c["team"] == key
            ]
            return self._page(found, args, sub)
        if name == "cycle":
            cycle = self.cycles.get(str(args.get("id")))
            if cycle is None:
                raise GraphQLError("Entity not found: Cycle", status=200)
            return {**cycle, "team": {"key": cycle["team"]}}
        if name == "issues":
            if args.get("orderBy") not in (None, "updatedAt", "createdAt"):
                raise GraphQLError(f"orderBy: {args['orderBy']!r} is not a PaginationOrderBy.")
            inner: dict[str, Any] = (sub.get("nodes") or ({}, {}))[1]
            found = [
                self._rich(i, inner) if "history" in inner else self._node(i)
                for i in self.issues.values()
                if self._issue_matches(args.get("filter") or {}, i)
            ]
            if args.get("orderBy") == "updatedAt":
                found.sort(key=lambda n: n["updatedAt"], reverse=True)
            return self._page(found, args, sub)
        if name == "issue":
            issue = self._find_issue(args.get("id"))
            if issue is None:
                raise GraphQLError("Entity not found: Issue", status=200)
            return self._rich(issue, sub) if "history" in sub else self._node(issue)
        if name == "issueCreate":
            return self._create_issue(args.get("input"))
        if name == "issueUpdate":
            issue = self._find_issue(args.get("id"))
            if issue is None:
                raise GraphQLError("Entity not found: Issue", status=200)
            given = args.get("input") or {}
            if set(given) != {"stateId"}:
                raise GraphQLError("This fake moves issues by stateId only.")
            state = [s for s in self.teams[issue["team"]]["states"] if s["id"] == given["stateId"]]
            if not state:
                raise GraphQLError("stateId is not a workflow state of the issue's team.")
            issue["state"] = dict(state[0])
            issue["updatedAt"] = _stamp(datetime.now(UTC))
            return {"success": True, "issue": self._node(issue)}
        raise GraphQLError(f'Cannot query field "{name}".', "GRAPHQL_VALIDATION_FAILED")

    def _answer(self, op: Operation) -> dict[str, Any]:
        if op.kind == "mutation" and not self.writable:
            raise GraphQLError("Your API key has read access only.", "FORBIDDEN")
        with self._lock:
            return {name: self._root(name, args, sub) for name, (args, sub) in op.fields.items()}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        linear = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.path != PATH:
                    self._send(404, {"error": "Not found"}, {})
                    return
                try:
                    body = json.loads(raw)
                except ValueError:
                    self._send(400, GraphQLError("Body is not JSON.", "BAD_USER_INPUT").body(), {})
                    return
                query = body.get("query") if isinstance(body, dict) else None
                variables = body.get("variables") or {} if isinstance(body, dict) else {}
                auth = self.headers.get("Authorization")
                name = re.match(r"\s*\w+\s+(\w+)", query or "")
                linear.seen.append(
                    Seen(name.group(1) if name else "", query or "", variables, auth)
                )
                if linear.fail_next:
                    scripted = linear.fail_next.pop(0)
                    self._send(scripted.status, scripted.body, scripted.headers)
                    return
                if auth != linear.token:
                    error = GraphQLError(
                        "Authentication required, not authenticated", "AUTHENTICATION_ERROR"
                    )
                    self._send(400, error.body(), {})
                    return
                try:
                    if not isinstance(query, str) or not isinstance(variables, dict):
                        raise GraphQLError("query and variables are required.", "BAD_USER_INPUT")
                    op = parse(query, variables, body.get("operationName"))
                    answer = linear._answer(op)
                except GraphQLError as error:
                    self._send(error.status, error.body(), {})
                    return
                if "issueCreate" in answer and linear.drop_after_create:
                    linear.drop_after_create = False
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(200, {"data": answer}, {})

            def do_GET(self) -> None:
                self._send(405, {"error": "Linear's API takes POST"}, {})

        return Handler


@contextmanager
def fake_linear() -> Iterator[FakeLinear]:
    linear = FakeLinear().start()
    try:
        yield linear
    finally:
        linear.stop()
