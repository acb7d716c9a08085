"""Jira Cloud's REST API (v3), as much of it as Twofold uses, over httpx.

Every failure comes out as a `JiraError` saying what went wrong in words a facilitator can act
on, with the `CheckStatus` it amounts to. Rate limiting (429) and the site being down (5xx,
timeouts, no connection) are `JiraUnavailable`, carrying Jira's Retry-After when it gave one,
so the outbox waits at least that long before the next try.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from twofold.domain.connections import CheckStatus
from twofold.domain.outbox import TryLater

API = "/rest/api/3"
PAGE = 50
USER_AGENT = "Twofold (+https://github.com/twofold)"


class JiraError(Exception):
    def __init__(self, message: str, status: CheckStatus, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status: CheckStatus = status
        self.http_status = http_status


class JiraUnavailable(JiraError, TryLater):
    """Jira asked us to slow down, or is not answering: try again later."""

    def __init__(
        self, message: str, http_status: int | None = None, after_seconds: float | None = None
    ) -> None:
        JiraError.__init__(self, message, "unreachable", http_status)
        self.after_seconds = after_seconds


@dataclass(frozen=True)
class Account:
    site_url: str
    email: str
    token: str


@dataclass(frozen=True)
class Created:
    key: str
    url: str


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def _said(response: httpx.Response) -> str:
    """Jira's own explanation, from its error body (`errorMessages` and `errors`)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if not isinstance(body, dict):
        return ""
    parts = [str(m) for m in body.get("errorMessages") or []]
    errors = body.get("errors")
    if isinstance(errors, dict):
        parts += [f"{k}: {v}" for k, v in errors.items()]
    return "; ".join(parts)[:300]


class JiraClient:
    def __init__(self, account: Account, timeout: float) -> None:
        self.account = account
        self.timeout = timeout
        self._http = httpx.Client(
            base_url=account.site_url,
            auth=(account.email, account.token),
            timeout=timeout,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
        )

    def __enter__(self) -> "JiraClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def browse_url(self, key: str) -> str:
        return f"{self.account.site_url}/browse/{key}"

    def _call(self, method: str, path: str, *, base: str = API, **kwargs: Any) -> Any:
        site = self.account.site_url
        try:
            response = self._http.request(method, base + path, **kwargs)
        except httpx.TimeoutException:
            raise JiraUnavailable(f"{site} did not answer within {self.timeout:g} s.") from None
        except httpx.HTTPError as exc:
            raise JiraUnavailable(f"Could not reach {site}: {exc}.") from None
        code = response.status_code
        if code == 429:
            wait = _retry_after(response)
            after = f"; it asks to wait {wait:g} s" if wait is not None else ""
            raise JiraUnavailable(f"Jira is limiting requests (429){after}.", code, wait)
        if code >= 500:
            raise JiraUnavailable(
                f"Jira answered {code}: {_said(response) or 'the site is unavailable'}.",
                code,
                _retry_after(response),
            )
        if code == 401:
            raise JiraError(
                f"Jira refused the API token for {self.account.email} (401): check the email "
                "and create a new token at id.atlassian.com.",
                "bad_token",
                code,
            )
        if code == 403:
            raise JiraError(
                f"{self.account.email} is not allowed to do this in Jira (403): "
                f"{_said(response) or 'a permission is missing'}.",
                "forbidden",
                code,
            )
        if code >= 400:
            raise JiraError(f"Jira answered {code}: {_said(response)}.", "error", code)
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
        except JiraError as exc:
            if exc.http_status == 404:
                raise JiraError(
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
    except JiraError as exc:
        return exc.status, exc.message
    who = me.get("displayName") or client.account.email
    return "ok", f"Connected as {who} to {project.get('name') or project_key} ({project_key})."
