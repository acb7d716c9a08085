"""Jira Cloud's REST API (v3), as much of it as Twofold uses, over httpx.

Failures come out as `VendorError` / `VendorUnavailable` (integrations/vendor_http.py), in
words a facilitator can act on.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from twofold.domain.connections import CheckStatus
from twofold.integrations.vendor_http import VendorError, client, json_said, send

API = "/rest/api/3"
PAGE = 50


@dataclass(frozen=True)
class Account:
    site_url: str
    email: str
    token: str


@dataclass(frozen=True)
class Created:
    key: str
    url: str


def _said(response: httpx.Response) -> str:
    """Jira's own explanation, from its error body (`errorMessages` and `errors`)."""
    return json_said(response, "errorMessages", "errors")


class JiraClient:
    def __init__(self, account: Account, timeout: float) -> None:
        self.account = account
        self.timeout = timeout
        self._http = client(
            base_url=account.site_url,
            auth=(account.email, account.token),
            timeout=timeout,
            headers={"Accept": "application/json"},
        )

    def __enter__(self) -> "JiraClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def browse_url(self, key: str) -> str:
        return f"{self.account.site_url}/browse/{key}"

    def _call(self, method: str, path: str, *, base: str = API, **kwargs: Any) -> Any:
        email = self.account.email
        response = send(
            self._http,
            "Jira",
            method,
            base + path,
            said=_said,
            refused=f"check the email {email} and create a new token at id.atlassian.com.",
            forbidden=f"{email} is not allowed to do this in Jira",
            **kwargs,
        )
        return response.json() if response.content else None

    def get(self, path: str, *, base: str = API, params: dict[str, Any] | None = None) -> Any:
        """A GET anywhere in the site's REST APIs (`base`: the v3 API, or another, such as
        Jira Software's Agile API), failing as every other call does."""
        return self._call("GET", path, base=base, params=params)

    def myself(self) -> dict[str, Any]:
        found: dict[str, Any] = self._call("GET", "/myself")
        return found

    def project(self, key: str) -> dict[str, Any]:
        try:
            found: dict[str, Any] = self._call("GET", f"/project/{key}")
        except VendorError as exc:
            if exc.http_status == 404:
                raise VendorError(
                    f"Jira has no project {key}, or {self.account.email} may not browse it (404).",
                    "unknown_project",
                    404,
                ) from None
            raise
        return found

    def may_create_issues(self, key: str) -> bool:
        found = self._call(
            "GET", "/mypermissions", params={"projectKey": key, "permissions": "CREATE_ISSUES"}
        )
        permission = (found or {}).get("permissions", {}).get("CREATE_ISSUES", {})
        return bool(permission.get("havePermission"))

    def create_issue(self, fields: dict[str, Any]) -> Created:
        created = self._call("POST", "/issue", json={"fields": fields})
        key = str(created["key"])
        return Created(key, self.browse_url(key))

    def user_by_email(self, email: str) -> str | None:
        """The account id of the one Jira user with that email, if the site shows emails."""
        found = self._call("GET", "/user/search", params={"query": email, "maxResults": 2})
        wanted = email.strip().casefold()
        for user in found or []:
            if str(user.get("emailAddress", "")).casefold() == wanted and user.get("accountId"):
                return str(user["accountId"])
        return None

    def issue(self, key: str, fields: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = self._call(
            "GET", f"/issue/{key}", params={"fields": ",".join(fields)}
        )
        return found

    def transitions(self, key: str) -> list[dict[str, Any]]:
        found = self._call("GET", f"/issue/{key}/transitions") or {}
        return list(found.get("transitions") or [])

    def transition(self, key: str, transition_id: str) -> None:
        self._call("POST", f"/issue/{key}/transitions", json={"transition": {"id": transition_id}})

    def search(self, jql: str, fields: list[str]) -> Iterator[dict[str, Any]]:
        """Every issue the query finds, page after page (`nextPageToken`)."""
        token: str | None = None
        while True:
            body: dict[str, Any] = {"jql": jql, "fields": fields, "maxResults": PAGE}
            if token:
                body["nextPageToken"] = token
            page = self._call("POST", "/search/jql", json=body) or {}
            yield from page.get("issues") or []
            token = page.get("nextPageToken")
            if not token or page.get("isLast", False):
                return


def check(client: JiraClient, project_key: str) -> tuple[CheckStatus, str]:
    """Whether the connection can do what Twofold needs, in a sentence: the token works, the
    project is there, and the account may create issues in it."""
    try:
        me = client.myself()
        project = client.project(project_key)
        if not client.may_create_issues(project_key):
            return "forbidden", (
                f"{client.account.email} may not create issues in {project_key}: the "
                "Create issues permission is missing."
            )
    except VendorError as exc:
        return exc.status, exc.message
    who = me.get("displayName") or client.account.email
    return "ok", f"Connected as {who} to {project.get('name') or project_key} ({project_key})."
