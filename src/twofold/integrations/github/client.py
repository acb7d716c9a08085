"""GitHub's REST API (version 2022-11-28), as much of it as Twofold uses, over httpx.

Failures come out as `VendorError` / `VendorUnavailable` (integrations/vendor_http.py), in
words a facilitator can act on. GitHub says it is limiting requests in more than one way: a
429, or a 403 with `x-ratelimit-remaining: 0` (wait until `x-ratelimit-reset`), or a 403 or
429 with `retry-after` or a message about a secondary rate limit; each is `VendorUnavailable`
with the wait GitHub asked for.
"""

import math
import time
from collections.abc import Iterator
from typing import Any

import httpx

from twofold.integrations.vendor_http import VendorError, client, json_said, retry_after, send

API_VERSION = "2022-11-28"
PAGE = 100
SECONDARY_WAIT = 60.0
"""GitHub asks for at least a minute when a secondary limit names no wait."""


def _said(response: httpx.Response) -> str:
    """GitHub's own explanation, from its error body (`message`, and `errors` on a 422)."""
    return json_said(response, "message", "errors")


def rate_limited(response: httpx.Response) -> float | None:
    """Seconds GitHub asks us to wait, or None when the refusal is not about rate."""
    after = retry_after(response)
    if after is not None:
        return after
    if response.headers.get("x-ratelimit-remaining") == "0":
        try:
            reset = float(response.headers.get("x-ratelimit-reset", ""))
        except ValueError:
            return SECONDARY_WAIT
        return float(max(0, math.ceil(reset - time.time())))
    if response.status_code == 429 or "rate limit" in _said(response).casefold():
        return SECONDARY_WAIT
    return None


class GitHubClient:
    def __init__(self, api_url: str, repository: str, token: str, timeout: float) -> None:
        self.api_url = api_url.rstrip("/")
        self.repository = repository
        self.timeout = timeout
        self._http = client(
            base_url=self.api_url,
            timeout=timeout,
            headers={
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "Authorization": f"Bearer {token}",
            },
        )

    def __enter__(self) -> "GitHubClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        response = send(
            self._http,
            "GitHub",
            method,
            url,
            said=_said,
            refused="create a new fine-grained token for the repository and connect again.",
            forbidden=f"The token may not do this in {self.repository}",
            limited=rate_limited,
            **kwargs,
        )
        if response.is_redirect:
            # A renamed or transferred repository: GitHub points to its new place, which is
            # not followed (the team's settings would silently name another repository).
            raise VendorError(
                f"GitHub says {self.repository} moved ({response.status_code}): connect again "
                "with the repository's new owner/name.",
                "unknown_project",
                response.status_code,
            )
        return response

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._send(method, f"/repos/{self.repository}{path}", **kwargs)
        return response.json() if response.content else None

    def get(self, path: str) -> Any:
        """One of the repository's resources, as GitHub answers it."""
        return self._call("GET", path)

    def repo(self) -> dict[str, Any]:
        try:
            found: dict[str, Any] = self._call("GET", "")
        except VendorError as exc:
            if exc.http_status == 404:
                raise VendorError(
                    f"GitHub has no repository {self.repository}, or the token was not given "
                    "access to it (404).",
                    "unknown_project",
                    404,
                ) from None
            raise
        return found

    def issue(self, number: int) -> dict[str, Any]:
        try:
            found: dict[str, Any] = self._call("GET", f"/issues/{number}")
        except VendorError as exc:
            if exc.http_status in (404, 410):
                raise VendorError(
                    f"{self.repository} has no issue #{number}, or it was deleted "
                    f"({exc.http_status}).",
                    "error",
                    404,
                ) from None
            raise
        return found

    def create_issue(self, body: dict[str, Any]) -> dict[str, Any]:
        created: dict[str, Any] = self._call("POST", "/issues", json=body)
        return created

    def update_issue(self, number: int, body: dict[str, Any]) -> dict[str, Any]:
        updated: dict[str, Any] = self._call("PATCH", f"/issues/{number}", json=body)
        return updated

    def issues(self, params: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every issue the listing finds (pull requests left out)."""
        for issue in self.listing("/issues", params):
            if "pull_request" not in issue:
                yield issue

    @property
    def graphql_url(self) -> str:
        """GitHub's GraphQL endpoint beside this REST API: `/graphql` on github.com,
        `/api/graphql` on GitHub Enterprise Server (whose REST API is `/api/v3`)."""
        if self.api_url.endswith("/api/v3"):
            return self.api_url.removesuffix("/v3") + "/graphql"
        return self.api_url + "/graphql"

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        """The `data` of a GraphQL query. GitHub answers a query it could not resolve (an
        unknown project, a field the token may not read) with 200 and `errors`: each is a
        `VendorError` here, `unknown_project` when GitHub says something was not found."""
        response = self._send(
            "POST", self.graphql_url, json={"query": query, "variables": variables}
        )
        answer = response.json() if response.content else {}
        errors = answer.get("errors") if isinstance(answer, dict) else None
        if errors:
            first = errors[0] if isinstance(errors[0], dict) else {}
            said = str(first.get("message") or "GitHub could not answer the query")
            missing = first.get("type") == "NOT_FOUND"
            raise VendorError(
                f"GitHub says: {said}", "unknown_project" if missing else "error", 200
            )
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise VendorError("GitHub answered the query with no data.", "error", 200)
        return data

    def listing(self, path: str, params: dict[str, str]) -> Iterator[dict[str, Any]]:
        """Every item of one of the repository's lists, page after page as the `Link` header
        leads. A next page elsewhere than this API is not followed: the token goes nowhere
        else."""
        url: str | None = f"/repos/{self.repository}{path}"
        query: dict[str, str] | None = {**params, "per_page": str(PAGE)}
        while url is not None:
            response = self._send("GET", url, params=query)
            for item in response.json() or []:
                if isinstance(item, dict):
                    yield item
            following = response.links.get("next", {}).get("url")
            url = following if following and following.startswith(self.api_url + "/") else None
            query = None
