"""Notion's API, as much of it as publishing a page takes, over httpx.

A page is created under the parent page with its first hundred blocks (the most one request
takes), the rest appended a hundred at a time. Published again, the page keeps its id: its
title is updated, its blocks are listed (page by page) and deleted, and the new ones appended.
An earlier attempt's page is found among the parent's child pages by its title, then
recognised by the marker in its first blocks.
"""

from collections.abc import Iterator
from typing import Any

import httpx

from twofold.domain.connections import CheckStatus, VendorSettings
from twofold.domain.notion import NotionSettings
from twofold.domain.wiki_pages import PageDoc, RemotePage
from twofold.integrations.notion.blocks import blocks, title
from twofold.integrations.vendor_http import VendorError, client, json_said, send

NOTION_VERSION = "2022-06-28"
BATCH = 100
MARKER_BLOCKS = 10
"""How many of a page's first blocks are read to recognise it (the link back comes first)."""


def _said(response: httpx.Response) -> str:
    return json_said(response, "message")


class NotionWiki:
    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, NotionSettings)
        self.settings = settings
        self._http = client(
            base_url=settings.api_url,
            timeout=timeout,
            headers={
                "Authorization": f"Bearer {token}",
                "Notion-Version": NOTION_VERSION,
                "Accept": "application/json",
            },
        )

    def __enter__(self) -> "NotionWiki":
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = send(
            self._http,
            "Notion",
            method,
            "/v1" + path,
            said=_said,
            refused="copy the integration's secret again from notion.so/profile/integrations.",
            forbidden=(
                "The integration lacks a capability (read, update and insert content are needed)"
            ),
            **kwargs,
        )
        return response.json() if response.content else None

    def _not_shared(self, exc: VendorError) -> VendorError:
        if exc.http_status == 404:
            return VendorError(
                f"Notion has no page {self.settings.parent_page}, or it is not shared with the "
                "integration: open the page, ••• → Connections, and add it (404).",
                "unknown_project",
                404,
            )
        return exc

    def check(self) -> tuple[CheckStatus, str]:
        try:
            me = self._call("GET", "/users/me")
            try:
                page = self._call("GET", f"/pages/{self.settings.parent_page}")
            except VendorError as exc:
                raise self._not_shared(exc) from None
        except VendorError as exc:
            return exc.status, exc.message
        if page.get("archived") or page.get("in_trash"):
            return "unknown_project", "The parent page is in Notion's trash: restore it first."
        name = me.get("name") or "the integration"
        return "ok", f"Publishes under {page.get('url') or self.settings.parent_page} as {name}."

    def _children(self, block_id: str, limit: int | None = None) -> Iterator[dict[str, Any]]:
        cursor: str | None = None
        seen = 0
        while True:
            params: dict[str, Any] = {"page_size": BATCH}
            if cursor:
                params["start_cursor"] = cursor
            found = self._call("GET", f"/blocks/{block_id}/children", params=params)
            for child in found.get("results") or []:
                yield child
                seen += 1
                if limit is not None and seen >= limit:
                    return
            cursor = found.get("next_cursor")
            if not found.get("has_more") or not cursor:
                return

    def _marked(self, page_id: str, marker: str) -> bool:
        for block in self._children(page_id, MARKER_BLOCKS):
            content = block.get(block.get("type", ""), {})
            for text in content.get("rich_text") or []:
                link = (text.get("text") or {}).get("link") or {}
                if marker in (link.get("url") or "") or marker in (text.get("plain_text") or ""):
                    return True
        return False

    def _remote(self, page: dict[str, Any]) -> RemotePage:
        return RemotePage(str(page["id"]), str(page.get("url") or ""), 0)

    def find(self, doc: PageDoc) -> RemotePage | None:
        wanted = doc.title
        try:
            children = list(self._children(self.settings.parent_page))
        except VendorError as exc:
            raise self._not_shared(exc) from None
        for child in children:
            if child.get("type") != "child_page" or child.get("archived"):
                continue
            if child["child_page"].get("title") == wanted and self._marked(child["id"], doc.marker):
                return self._remote(self._call("GET", f"/pages/{child['id']}"))
        return None

    def _append(self, page_id: str, new: list[dict[str, Any]]) -> None:
        for i in range(0, len(new), BATCH):
            self._call(
                "PATCH", f"/blocks/{page_id}/children", json={"children": new[i : i + BATCH]}
            )

    def create(self, doc: PageDoc) -> RemotePage:
        new = blocks(doc)
        body = {
            "parent": {"type": "page_id", "page_id": self.settings.parent_page},
            "properties": title(doc),
            "children": new[:BATCH],
        }
        try:
            page = self._call("POST", "/pages", json=body)
        except VendorError as exc:
            raise self._not_shared(exc) from None
        self._append(page["id"], new[BATCH:])
        return self._remote(page)

    def update(self, page_id: str, doc: PageDoc) -> RemotePage:
        page = self._call("PATCH", f"/pages/{page_id}", json={"properties": title(doc)})
        if page.get("archived") or page.get("in_trash"):
            raise VendorError("The page is in Notion's trash.", "error", 404)
        # Listed whole before any is deleted, so the pages of the listing do not shift.
        old = [child["id"] for child in self._children(page_id)]
        for block_id in old:
            self._call("DELETE", f"/blocks/{block_id}")
        self._append(page_id, blocks(doc))
        return self._remote(page)
