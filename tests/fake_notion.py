"""Notion's API in the test process, as of version 2022-06-28, for the endpoints Twofold uses:
`GET /v1/users/me`, `GET`/`PATCH /v1/pages/{id}`, `POST /v1/pages`, `GET`/`PATCH
/v1/blocks/{id}/children` (listed `page_size` blocks at a time with `next_cursor`) and
`DELETE /v1/blocks/{id}`.

It checks what it is sent the way Notion does: a Bearer token, the `Notion-Version` header,
pages reachable only under a page shared with the integration (else 404, as Notion answers),
at most 100 blocks a request, 100 rich text objects a block and 2,000 characters a text
object, and block types it knows. A page's child pages are listed among its blocks as
`child_page` blocks carrying their title.
"""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.fake_vendor import Answer, FakeVendor
from tests.local_vendor import Scripted, Seen

__all__ = ["FakeNotion", "Scripted", "Seen", "fake_notion"]

VERSION = "2022-06-28"
BLOCK_TYPES = {"paragraph", "heading_1", "heading_2", "heading_3", "bulleted_list_item"}
ID = r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"


def _error(status: int, code: str, message: str) -> Answer:
    return status, {"object": "error", "status": status, "code": code, "message": message}


def text_of(block: dict[str, Any]) -> str:
    content = block.get(block["type"], {})
    return "".join(t["text"]["content"] for t in content.get("rich_text", []))


class FakeNotion(FakeVendor):
    prefix = "/v1"

    def __init__(self, token: str = "secret_notion_1234") -> None:
        super().__init__()
        self.token = token
        self.parent_id = str(uuid.uuid4())
        self.shared = {self.parent_id}
        self.may_insert = True
        self.page_size = 3
        # Pages by id: title, parent, archived; blocks by id (children in `children`).
        self.pages: dict[str, dict[str, Any]] = {
            self.parent_id: {"title": "Team retros", "parent": None, "archived": False}
        }
        self.blocks: dict[str, dict[str, Any]] = {}
        self.children: dict[str, list[str]] = {self.parent_id: []}

    def refused(self, headers: dict[str, str]) -> Answer | None:
        if headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, "unauthorized", "API token is invalid.")
        if headers.get("notion-version") != VERSION:
            return _error(400, "missing_version", "Notion-Version header failed validation.")
        return None

    # What people look at in Notion.

    def child_pages(self, parent: str | None = None) -> list[str]:
        return [
            p for p, page in self.pages.items()
            if page["parent"] == (parent or self.parent_id) and not page["archived"]
        ]  # fmt: skip

    def content(self, page_id: str) -> list[dict[str, Any]]:
        return [self.blocks[b] for b in self.children[page_id] if not self.blocks[b]["archived"]]

    # The server.

    def _reachable(self, block_id: str) -> bool:
        """Shared with the integration, or under a page that is."""
        at: str | None = block_id
        while at is not None:
            if at in self.shared:
                return True
            page = self.pages.get(at)
            block = self.blocks.get(at)
            at = page["parent"] if page else (block or {}).get("parent")
        return False

    def _page_out(self, page_id: str) -> dict[str, Any]:
        page = self.pages[page_id]
        return {
            "object": "page",
            "id": page_id,
            "archived": page["archived"],
            "url": f"https://www.notion.so/{page_id.replace('-', '')}",
            "properties": {
                "title": {"id": "title", "type": "title",
                          "title": [{"type": "text", "text": {"content": page["title"]},
                                     "plain_text": page["title"]}]}
            },
        }  # fmt: skip

    def _blocks_problem(self, blocks: Any) -> str | None:
        if not isinstance(blocks, list):
            return "body.children should be an array"
        if len(blocks) > 100:
            return f"body.children.length should be ≤ `100`, instead was `{len(blocks)}`."
        for block in blocks:
            kind = block.get("type") if isinstance(block, dict) else None
            if kind not in BLOCK_TYPES or not isinstance(block.get(kind), dict):
                return f"body.children has a block of unknown type {kind!r}"
            texts = block[kind].get("rich_text")
            if not isinstance(texts, list) or len(texts) > 100:
                return "rich_text should be an array of at most 100 items"
            for t in texts:
                content = (t.get("text") or {}).get("content")
                if not isinstance(content, str):
                    return "rich_text[].text.content should be a string"
                if len(content) > 2000:
                    return f"text.content.length should be ≤ `2000`, instead was `{len(content)}`."
        return None

    def _title_problem(self, properties: Any) -> str | None:
        title = ((properties or {}).get("title") or {}).get("title")
        if not isinstance(title, list) or not title:
            return "body.properties.title should be defined"
        return self._blocks_problem([{"type": "paragraph", "paragraph": {"rich_text": title}}])

    def _append(self, parent: str, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for block in blocks:
            block_id = str(uuid.uuid4())
            kind = block["type"]
            stored = {"object": "block", "id": block_id, "type": kind, kind: block[kind],
                      "parent": parent, "archived": False, "has_children": False}  # fmt: skip
            for t in stored[kind]["rich_text"]:
                t.setdefault("plain_text", t["text"]["content"])
            self.blocks[block_id] = stored
            self.children[parent].append(block_id)
            out.append(stored)
        return out

    def _title(self, properties: dict[str, Any]) -> str:
        return "".join(t["text"]["content"] for t in properties["title"]["title"])

    def _create(self, body: Any) -> Answer:
        parent = ((body or {}).get("parent") or {}).get("page_id")
        if not parent or parent not in self.pages or not self._reachable(parent):
            return _error(404, "object_not_found", f"Could not find page with ID: {parent}.")
        if not self.may_insert:
            return _error(403, "restricted_resource", "Insufficient permissions for this action.")
        problem = self._title_problem(body.get("properties")) or self._blocks_problem(
            body.get("children", [])
        )
        if problem:
            return _error(400, "validation_error", problem)
        page_id = str(uuid.uuid4())
        self.pages[page_id] = {
            "title": self._title(body["properties"]), "parent": parent, "archived": False
        }  # fmt: skip
        self.children[page_id] = []
        # The new page is a child_page block of its parent, under the same id.
        self.blocks[page_id] = {"object": "block", "id": page_id, "type": "child_page",
                                "child_page": {"title": self.pages[page_id]["title"]},
                                "parent": parent, "archived": False, "has_children": True}  # fmt: skip
        self.children[parent].append(page_id)
        self._append(page_id, body.get("children", []))
        return 200, self._page_out(page_id)

    def _list(self, block_id: str, query: dict[str, list[str]]) -> Answer:
        size = min(int((query.get("page_size") or ["100"])[0]), 100, self.page_size)
        live = [b for b in self.children[block_id] if not self.blocks[b]["archived"]]
        start = 0
        cursors = query.get("start_cursor")
        if cursors:
            cursor = cursors[0]
            if cursor not in live:
                return _error(400, "validation_error", "start_cursor is not valid.")
            start = live.index(cursor)
        page = live[start : start + size]
        more = start + size < len(live)
        results = [{k: v for k, v in self.blocks[b].items() if k != "parent"} for b in page]
        return 200, {"object": "list", "results": results, "has_more": more,
                     "next_cursor": live[start + size] if more else None, "type": "block"}  # fmt: skip

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        if method == "GET" and path == "/users/me":
            return 200, {"object": "user", "id": "bot-1", "type": "bot", "name": "Twofold bot"}
        if method == "POST" and path == "/pages":
            return self._create(body)
        page = re.fullmatch(f"/pages/{ID}", path)
        if page:
            found = page.group(1)
            if found not in self.pages or not self._reachable(found):
                return _error(404, "object_not_found", f"Could not find page with ID: {found}.")
            if method == "PATCH":
                problem = self._title_problem((body or {}).get("properties"))
                if problem:
                    return _error(400, "validation_error", problem)
                title = self._title(body["properties"])
                self.pages[found]["title"] = title
                if found in self.blocks:
                    self.blocks[found]["child_page"]["title"] = title
            return 200, self._page_out(found)
        children = re.fullmatch(f"/blocks/{ID}/children", path)
        if children:
            found = children.group(1)
            if found not in self.children or not self._reachable(found):
                return _error(404, "object_not_found", f"Could not find block with ID: {found}.")
            if method == "GET":
                return self._list(found, query)
            if not self.may_insert:
                return _error(403, "restricted_resource", "Insufficient permissions.")
            problem = self._blocks_problem((body or {}).get("children"))
            if problem:
                return _error(400, "validation_error", problem)
            return 200, {"object": "list", "results": self._append(found, body["children"])}
        block = re.fullmatch(f"/blocks/{ID}", path)
        if block and method == "DELETE":
            found = block.group(1)
            if found not in self.blocks or not self._reachable(found):
                return _error(404, "object_not_found", f"Could not find block with ID: {found}.")
            self.blocks[found]["archived"] = True
            if found in self.pages:
                self.pages[found]["archived"] = True
            return 200, {k: v for k, v in self.blocks[found].items() if k != "parent"}
        return _error(404, "invalid_request_url", f"No {method} {path} here.")


@contextmanager
def fake_notion() -> Iterator[FakeNotion]:
    site = FakeNotion()
    site.start()
    try:
        yield site
    finally:
        site.stop()
