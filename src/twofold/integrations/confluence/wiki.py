"""Confluence Cloud's REST API v2, as much of it as publishing a page takes, over httpx.

A page is created under the space (and parent page) with its body in storage format; published
again, it is read for its current version and put back with the next one. Confluence answers
409 when someone saved the page in between: the version is read again and the update tried
again, a few times. Titles are unique in a space, so an earlier attempt's page is found by its
title and then recognised by the marker in its body.
"""

from typing import Any

import httpx

from twofold.domain.confluence import ConfluenceSettings
from twofold.domain.connections import CheckStatus, VendorSettings
from twofold.domain.wiki_pages import PageDoc, RemotePage
from twofold.integrations.confluence.storage import storage
from twofold.integrations.vendor_http import VendorError, client, send

API = "/wiki/api/v2"
CONFLICT_TRIES = 3


def _said(response: httpx.Response) -> str:
    """Confluence's own explanation: v2 errors are a list of {status, code, title, detail}."""
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:200]
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return str(body.get("message", ""))[:300] if isinstance(body, dict) else ""
    said = [str(e.get("title") or e.get("detail") or e.get("code")) for e in errors]
    return "; ".join(said)[:300]


class ConfluenceWiki:
    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, ConfluenceSettings)
        self.settings = settings
        self._space_id = settings.space_id()
        self._http = client(
            base_url=settings.site_url,
            auth=(settings.email, token),
            timeout=timeout,
            headers={"Accept": "application/json"},
        )

    def __enter__(self) -> "ConfluenceWiki":
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        email = self.settings.email
        response = send(
            self._http,
            "Confluence",
            method,
            API + path,
            said=_said,
            refused=f"check the email {email} and create a new token at id.atlassian.com.",
            forbidden=f"{email} is not allowed to do this in Confluence",
            **kwargs,
        )
        return response.json() if response.content else None

    def space_id(self) -> str:
        if self._space_id is None:
            found = self._call("GET", "/spaces", params={"keys": self.settings.space})
            results = found.get("results") or []
            if not results:
                raise VendorError(
                    f"Confluence has no space {self.settings.space}, or "
                    f"{self.settings.email} may not see it (404).",
                    "unknown_project",
                    404,
                )
            self._space_id = str(results[0]["id"])
        return self._space_id

    def _page_url(self, page: dict[str, Any]) -> str:
        links = page.get("_links") or {}
        base = links.get("base") or f"{self.settings.site_url}/wiki"
        webui = links.get("webui") or f"/pages/viewpage.action?pageId={page['id']}"
        return f"{base}{webui}"

    def _remote(self, page: dict[str, Any]) -> RemotePage:
        version = int((page.get("version") or {}).get("number") or 1)
        return RemotePage(str(page["id"]), self._page_url(page), version)

    def check(self) -> tuple[CheckStatus, str]:
        s = self.settings
        try:
            space_id = self.space_id()
            space = self._call("GET", f"/spaces/{space_id}")
            operations = self._call("GET", f"/spaces/{space_id}/operations")
            allowed = {
                (o.get("operation"), o.get("targetType"))
                for o in (operations or {}).get("operations", [])
            }
            if ("create", "page") not in allowed:
                return "forbidden", (
                    f"{s.email} may not add pages in the space {s.space}: a space administrator "
                    "grants Add pages."
                )
            if s.parent_page_id:
                self._parent()
        except VendorError as exc:
            if exc.http_status == 404 and exc.status == "error":
                return "unknown_project", (
                    f"Confluence has no space {s.space}, or {s.email} may not see it (404)."
                )
            return exc.status, exc.message
        name = space.get("name") or s.space
        under = f", under page {s.parent_page_id}" if s.parent_page_id else ""
        return "ok", f"Publishes to {name} ({space.get('key') or s.space}){under} as {s.email}."

    def _parent(self) -> None:
        try:
            self._call("GET", f"/pages/{self.settings.parent_page_id}")
        except VendorError as exc:
            if exc.http_status == 404:
                raise VendorError(
                    f"Confluence has no page {self.settings.parent_page_id}, or "
                    f"{self.settings.email} may not see it (404).",
                    "unknown_project",
                    404,
                ) from None
            raise

    def find(self, doc: PageDoc) -> RemotePage | None:
        params = {
            "space-id": self.space_id(),
            "title": doc.title,
            "status": "current",
            "body-format": "storage",
        }
        found = self._call("GET", "/pages", params=params)
        for page in found.get("results") or []:
            body = ((page.get("body") or {}).get("storage") or {}).get("value") or ""
            if doc.marker in body:
                return self._remote(page)
        return None

    def _body(self, doc: PageDoc) -> dict[str, str]:
        return {"representation": "storage", "value": storage(doc)}

    def create(self, doc: PageDoc) -> RemotePage:
        body: dict[str, Any] = {
            "spaceId": self.space_id(),
            "status": "current",
            "title": doc.title,
            "body": self._body(doc),
        }
        if self.settings.parent_page_id:
            body["parentId"] = self.settings.parent_page_id
        try:
            return self._remote(self._call("POST", "/pages", json=body))
        except VendorError as exc:
            if exc.http_status == 404 and self.settings.parent_page_id:
                self._parent()
            raise

    def update(self, page_id: str, doc: PageDoc) -> RemotePage:
        for attempt in range(CONFLICT_TRIES):
            current = self._call("GET", f"/pages/{page_id}")
            number = int((current.get("version") or {}).get("number") or 1)
            body = {
                "id": page_id,
                "status": "current",
                "title": doc.title,
                "body": self._body(doc),
                "version": {"number": number + 1, "message": "Published again from Twofold"},
            }
            try:
                return self._remote(self._call("PUT", f"/pages/{page_id}", json=body))
            except VendorError as exc:
                if exc.http_status != 409 or attempt == CONFLICT_TRIES - 1:
                    raise
        raise AssertionError("unreachable")
