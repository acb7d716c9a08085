"""What every vendor's HTTP API has in common, once: a failure said in words a facilitator can
act on, with the `CheckStatus` it amounts to.

Rate limiting (429) and a vendor being down (5xx, timeouts, no connection) are
`VendorUnavailable`, carrying the vendor's Retry-After when it gave one, so the outbox waits at
least that long before the next try; every other refusal is a `VendorError`, which the outbox
gives up at once with its message for the team to read (trying again cannot mend a revoked
token).
"""

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

import httpx

from twofold.domain.connections import CheckStatus
from twofold.domain.outbox import GiveUp, TryLater

USER_AGENT = "Twofold (+https://github.com/twofold)"
PRIVATE_SETTING = "TWOFOLD_INTEGRATIONS_PRIVATE_ADDRESSES"

_private_allowed = False


def allow_private_addresses(allowed: bool) -> None:
    """Whether this process may call vendors on private, loopback or link-local addresses: off
    unless the administrator turns it on (an on-premises Jira, say), since a facilitator
    chooses the address and the worker calls it from inside the network."""
    global _private_allowed  # noqa: PLW0603 - set once, from the settings, as the worker starts
    _private_allowed = allowed


class VendorError(GiveUp):
    def __init__(self, message: str, status: CheckStatus, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status: CheckStatus = status
        self.http_status = http_status


class VendorUnavailable(VendorError, TryLater):
    """The vendor asked us to slow down, or is not answering: try again later."""

    def __init__(
        self, message: str, http_status: int | None = None, after_seconds: float | None = None
    ) -> None:
        VendorError.__init__(self, message, "unreachable", http_status)
        self.after_seconds = after_seconds


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except OSError:
        return []  # unresolvable: the request itself fails, and says so
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found]


def check_address(host: str) -> None:
    """Refuse a host that is, or resolves to, an address outside the public internet."""
    if _private_allowed:
        return
    for address in _addresses(host):
        if not address.is_global:
            raise VendorError(
                f"{host} is a private or local address ({address}); this instance calls only "
                f"public addresses unless its administrator sets {PRIVATE_SETTING}=true.",
                "unreachable",
            )


class _Guarded(httpx.HTTPTransport):
    """Checks each request's host before connecting, redirects included."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_address(request.url.host)
        return super().handle_request(request)


def client(**kwargs: Any) -> httpx.Client:
    """An httpx client for a vendor, with the address check; the arguments are httpx's."""
    kwargs.setdefault("headers", {}).setdefault("User-Agent", USER_AGENT)
    return httpx.Client(transport=_Guarded(), **kwargs)


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def json_said(response: httpx.Response, *keys: str) -> str:
    """The vendor's own explanation from the first of `keys` its error body has (a string,
    a list of strings, or a mapping of field to message), else the start of the body."""
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:200]
    if not isinstance(body, dict):
        return ""
    parts: list[str] = []
    for key in keys:
        found = body.get(key)
        if isinstance(found, str):
            parts.append(found)
        elif isinstance(found, list):
            parts += [str(m.get("message", m)) if isinstance(m, dict) else str(m) for m in found]
        elif isinstance(found, dict):
            parts += [f"{k}: {v}" for k, v in found.items()]
    return "; ".join(parts)[:300]


def send(
    http: httpx.Client,
    name: str,
    method: str,
    url: str,
    *,
    said: Callable[[httpx.Response], str],
    refused: str,
    forbidden: str,
    limited: Callable[[httpx.Response], float | None] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """One request, its failures turned into errors. `name` is the vendor as people call it;
    `refused` is what to do about a token the vendor refused (401), `forbidden` who lacks a
    permission (403). A 404 and other refusals are left to the caller's reading of
    `http_status`, as only it knows what was not found. `limited` reads a vendor's own way of
    saying it is limiting requests (GitHub's 403 with rate-limit headers, for one): the
    seconds to wait, or None when the answer is not that."""
    try:
        response = http.request(method, url, **kwargs)
    except httpx.TimeoutException:
        raise VendorUnavailable(f"{name} did not answer within {http.timeout.read:g} s.") from None
    except httpx.HTTPError as exc:
        raise VendorUnavailable(f"Could not reach {name}: {exc}.") from None
    code = response.status_code
    wait = limited(response) if limited is not None and code in (403, 429) else None
    if wait is not None:
        raise VendorUnavailable(
            f"{name} is limiting requests ({code}); it asks to wait {wait:g} s.", code, wait
        )
    if code == 429:
        wait = retry_after(response)
        after = f"; it asks to wait {wait:g} s" if wait is not None else ""
        raise VendorUnavailable(f"{name} is limiting requests (429){after}.", code, wait)
    if code >= 500:
        raise VendorUnavailable(
            f"{name} answered {code}: {said(response) or 'the service is unavailable'}.",
            code,
            retry_after(response),
        )
    if code == 401:
        raise VendorError(f"{name} refused the token (401): {refused}", "bad_token", code)
    if code == 403:
        raise VendorError(
            f"{forbidden} (403): {said(response) or 'a permission is missing'}.", "forbidden", code
        )
    if code >= 400:
        raise VendorError(f"{name} answered {code}: {said(response)}.", "error", code)
    return response
