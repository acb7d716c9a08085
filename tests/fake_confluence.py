"""A Confluence Cloud site in the test process, speaking the documented REST API v2 for the
endpoints Twofold uses: `GET /spaces?keys=`, `GET /spaces/{id}`, `GET /spaces/{id}/operations`,
`GET /pages?space-id=&title=&body-format=storage`, `GET /pages/{id}`, `POST /pages` and
`PUT /pages/{id}`.

It checks what it is sent the way Confluence does: Basic auth with the account's email and API
token; a page body in `storage` representation that must be well-formed XHTML; titles unique in
a space; an update whose `version.number` is not the current one plus one is refused with 409.
`conflict_next_put` has someone else save the page just before Twofold's next update (so that
update meets a 409 and must read the version again).
"""

import base64
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.fake_vendor import Answer, FakeVendor
from tests.local_vendor import Scripted, Seen

__all__ = ["FakeConfluence", "Scripted", "Seen", "fake_confluence"]

API = "/wiki/api/v2"


def _error(status: int, title: str) -> Answer:
    return status, {"errors": [{"status": status, "code": "ERROR", "title": title, "detail": None}]}


class FakeConfluence(FakeVendor):
    prefix = API

    def __init__(self, email: str = "bot@example.com", token: str = "atl-token-1234") -> None:
        super().__init__()
        self.email = email
        self.token = token
        self.spaces = {"98305": {"id": "98305", "key": "ENG", "name": "Engineering"}}
        self.may_add_pages = True
        self.pages: dict[str, dict[str, Any]] = {
            "5001": {"id": "5001", "title": "Retros", "spaceId": "98305", "parentId": None,
                     "version": 1, "body": "<p>Our retros</p>"},
        }  # fmt: skip
        self.conflict_next_put = False
        self._next_id = 7000

    def refused(self, headers: dict[str, str]) -> Answer | None:
        expected = base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
        if headers.get("authorization") != f"Basic {expected}":
            return _error(401, "Unauthorized; scope does not match")
        return None

    def created_pages(self) -> list[dict[str, Any]]:
        return [p for p in self.pages.values() if p["id"] != "5001"]

    def _out(self, page: dict[str, Any], body: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": page["id"],
            "status": "current",
            "title": page["title"],
            "spaceId": page["spaceId"],
            "parentId": page["parentId"],
            "version": {"number": page["version"], "message": ""},
            "_links": {
                "webui": f"/spaces/ENG/pages/{page['id']}/{page['title'].replace(' ', '+')}",
                "base": f"{self.url}/wiki",
            },
        }
        if body:
            out["body"] = {"storage": {"representation": "storage", "value": page["body"]}}
        return out

    def _body_problem(self, body: Any) -> str | None:
        if not isinstance(body, dict) or body.get("representation") != "storage":
            return "body.representation must be storage"
        value = body.get("value")
        if not isinstance(value, str):
            return "body.value must be a string"
        try:
            ET.fromstring(f"<root>{value}</root>")
        except ET.ParseError as exc:
            return f"Error parsing xhtml: {exc}"
        return None

    def _create(self, body: Any) -> Answer:
        if not isinstance(body, dict):
            return _error(400, "A body is required")
        if body.get("spaceId") not in self.spaces:
            return _error(404, "Space not found")
        if not self.may_add_pages:
            return _error(403, "You do not have permission to add pages here")
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            return _error(400, "A page must have a title")
        parent = body.get("parentId")
        if parent is not None and parent not in self.pages:
            return _error(404, "Parent page not found")
        taken = [p for p in self.pages.values() if p["title"] == title]
        if any(p["spaceId"] == body["spaceId"] for p in taken):
            return _error(400, "A page with this title already exists")
        problem = self._body_problem(body.get("body"))
        if problem:
            return _error(400, problem)
        self._next_id += 1
        page = {
            "id": str(self._next_id),
            "title": title,
            "spaceId": body["spaceId"],
            "parentId": parent,
            "version": 1,
            "body": body["body"]["value"],
        }
        self.pages[page["id"]] = page
        return 200, self._out(page)

    def _update(self, page_id: str, body: Any) -> Answer:
        page = self.pages.get(page_id)
        if page is None:
            return _error(404, "Page not found")
        if not isinstance(body, dict) or body.get("id") != page_id:
            return _error(400, "The id in the body must be the page's")
        if body.get("status") != "current" or not body.get("title"):
            return _error(400, "status and title are required")
        if self.conflict_next_put:
            self.conflict_next_put = False
            page["version"] += 1  # someone saved it in the wiki just now
        number = (body.get("version") or {}).get("number")
        if number != page["version"] + 1:
            return _error(409, f"Version must be incremented: the page is at {page['version']}")
        problem = self._body_problem(body.get("body"))
        if problem:
            return _error(400, problem)
        clash = [
            p for p in self.pages.values()
            if p["title"] == body["title"] and p["id"] != page_id
            and p["spaceId"] == page["spaceId"]
        ]  # fmt: skip
        if clash:
            return _error(400, "A page with this title already exists")
        page.update(title=body["title"], version=number, body=body["body"]["value"])
        return 200, self._out(page)

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        one = query.get
        if method == "GET" and path == "/spaces":
            keys = (one("keys") or [""])[0].split(",")
            return 200, {"results": [s for s in self.spaces.values() if s["key"] in keys]}
        space = re.fullmatch(r"/spaces/(\d+)(/operations)?", path)
        if method == "GET" and space:
            found = self.spaces.get(space.group(1))
            if found is None:
                return _error(404, "Space not found")
            if not space.group(2):
                return 200, found
            ops = [{"operation": "read", "targetType": "space"}]
            if self.may_add_pages:
                ops.append({"operation": "create", "targetType": "page"})
            return 200, {"operations": ops}
        if method == "GET" and path == "/pages":
            wanted = [p for p in self.pages.values()
                      if p["spaceId"] == (one("space-id") or [""])[0]
                      and p["title"] == (one("title") or [""])[0]]  # fmt: skip
            storage = (one("body-format") or [""])[0] == "storage"
            return 200, {"results": [self._out(p, storage) for p in wanted], "_links": {}}
        if method == "POST" and path == "/pages":
            return self._create(body)
        page = re.fullmatch(r"/pages/(\d+)", path)
        if page and method == "GET":
            found = self.pages.get(page.group(1))
            return (200, self._out(found, True)) if found else _error(404, "Page not found")
        if page and method == "PUT":
            return self._update(page.group(1), body)
        return _error(404, f"No {method} {path} here")


@contextmanager
def fake_confluence() -> Iterator[FakeConfluence]:
    site = FakeConfluence()
    site.start()
    try:
        yield site
    finally:
        site.stop()
