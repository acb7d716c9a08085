"""Linear's GraphQL API, as much of it as Twofold uses, over httpx.

Every call is one POST of a named operation. Linear says what went wrong in the body: a
GraphQL error list, with HTTP 200 beside data, or with HTTP 400 when nothing was done. Its
`extensions` tell the kind: a refused key, a missing permission, a rate limit (`RATELIMITED`,
tried again later like a 429), or bad input. Failures come out as `VendorError` /
`VendorUnavailable` (integrations/vendor_http.py), in words a facilitator can act on.
"""

from collections.abc import Iterator
from typing import Any

import httpx

from twofold.integrations.vendor_http import (
    VendorError,
    VendorUnavailable,
    client,
    retry_after,
    send,
)

PAGE = 50
REFUSED = "create a new personal API key in Linear under Settings → Account → Security & access."


def _errors(body: Any) -> list[dict[str, Any]]:
    found = body.get("errors") if isinstance(body, dict) else None
    return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


def _kind(error: dict[str, Any]) -> str:
    """Linear's kind of error, from `extensions.code` or `extensions.type`, in one spelling."""
    ext = error.get("extensions") if isinstance(error.get("extensions"), dict) else {}
    assert isinstance(ext, dict)
    raw = str(ext.get("code") or ext.get("type") or "")
    return raw.replace(" ", "_").replace("-", "_").upper()


def _message(error: dict[str, Any]) -> str:
    ext = error.get("extensions") if isinstance(error.get("extensions"), dict) else {}
    assert isinstance(ext, dict)
    said = ext.get("userPresentableMessage") or error.get("message") or "an unnamed error"
    return str(said)[:300]


def _raise_for(errors: list[dict[str, Any]], http_status: int, wait: float | None) -> None:
    """The first error, as the exception that says what to do about it."""
    first = errors[0]
    # Linear's messages may end in a full stop; ours end in one already.
    kind, said = _kind(first), _message(first).rstrip(". ")
    if kind == "RATELIMITED":
        after = f"; it asks to wait {wait:g} s" if wait is not None else ""
        raise VendorUnavailable(f"Linear is limiting requests ({said}){after}.", 429, wait)
    if kind in ("AUTHENTICATION_ERROR", "AUTHENTICATION"):
        raise VendorError(f"Linear refused the API key ({said}): {REFUSED}", "bad_token", 401)
    if kind == "FORBIDDEN":
        raise VendorError(f"The API key may not do this in Linear: {said}.", "forbidden", 403)
    lowered = (str(first.get("message", "")) + " " + said).casefold()
    if "not found" in lowered or "could not find" in lowered:
        raise VendorError(f"Linear answered: {said}.", "error", 404)
    raise VendorError(f"Linear answered {http_status}: {said}.", "error", http_status)


def _said(response: httpx.Response) -> str:
    """Linear's explanation of a refused request. A 400 carries GraphQL errors, which decide
    the exception themselves; other statuses are described by the first message found."""
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:200]
    errors = _errors(body)
    if response.status_code == 400 and errors:
        _raise_for(errors, 400, retry_after(response))
    return "; ".join(_message(e) for e in errors)[:300]


class LinearClient:
    def __init__(self, api_url: str, token: str, timeout: float) -> None:
        self.api_url = api_url
        self.timeout = timeout
        self._http = client(
            timeout=timeout,
            headers={
                # A personal API key goes as it is, without "Bearer" (OAuth tokens take that).
                "Authorization": token,
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )

    def __enter__(self) -> "LinearClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def call(self, operation: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The `data` of one operation (its text starts `query Name` or `mutation Name`)."""
        name = operation.split("(", 1)[0].split("{", 1)[0].rsplit(maxsplit=1)[-1]
        response = send(
            self._http,
            "Linear",
            "POST",
            self.api_url,
            said=_said,
            refused=REFUSED,
            forbidden="The API key's member may not do this in Linear",
            json={"query": operation, "variables": variables or {}, "operationName": name},
        )
        try:
            body: Any = response.json()
        except ValueError:
            raise VendorError(
                f"Linear answered {response.status_code} without JSON.", "error"
            ) from None
        errors = _errors(body)
        if errors:
            _raise_for(errors, response.status_code, retry_after(response))
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, dict):
            raise VendorError("Linear answered without data.", "error", response.status_code)
        return data

    def pages(
        self, operation: str, variables: dict[str, Any], field: str
    ) -> Iterator[dict[str, Any]]:
        """Every node of a connection field, page after page (`pageInfo.endCursor`)."""
        after: str | None = None
        while True:
            data = self.call(operation, {**variables, "first": PAGE, "after": after})
            found = data.get(field) or {}
            yield from found.get("nodes") or []
            info = found.get("pageInfo") or {}
            after = info.get("endCursor")
            if not info.get("hasNextPage") or not after:
                return
