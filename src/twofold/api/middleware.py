"""Pure ASGI middleware guarding every request before it reaches a route.

Written at the ASGI level (not BaseHTTPMiddleware) so bodies are counted as they stream in and
the board WebSocket, which comes later, passes through untouched.
"""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from twofold.api.errors import RETRYABLE, error_body
from twofold.domain.limits import REQUEST_BODY_MAX, WEBHOOK_BODY_MAX, WEBHOOK_PREFIX

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


async def _send_error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps(error_body(code, message)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """Refuses API writes over 64 KiB or in another format than JSON, and paths holding NUL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"]:
            # No id or file name holds NUL, and PostgreSQL and the file system fail on one
            # instead of answering "not found".
            await _send_error(send, 404, "not_found", "Nothing here.")
            return
        if not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        # A tracker's webhook carries the whole issue, often more than a person's request.
        limit = WEBHOOK_BODY_MAX if scope["path"].startswith(WEBHOOK_PREFIX) else REQUEST_BODY_MAX
        too_large = f"The request body is over {limit // 1024} KiB."
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _send_error(send, 413, "payload_too_large", too_large)
            return
        ctype = headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        has_body = (length not in (None, b"0")) or b"transfer-encoding" in headers
        if scope["method"] in UNSAFE_METHODS and has_body and ctype != b"application/json":
            await _send_error(
                send, 415, "unsupported_media_type", "Send the request body as application/json."
            )
            return
        if not has_body:
            await self.app(scope, receive, send)
            return

        # Read the whole body (at most 64 KiB) before the route does: a streamed body without a
        # Content-Length is refused here with 413, where an error raised while the framework
        # reads it would come out as a 400 "error parsing the body".
        chunks: list[bytes] = []
        received = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await _send_error(send, 413, "payload_too_large", too_large)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        await self.app(scope, replay, send)


class RetryReads:
    """Runs a read (GET or HEAD) once more when it failed on a dropped database connection (a
    PostgreSQL backend terminated, the server restarted): the pool opens a fresh connection, and
    the person gets their page instead of a 503. Writes are never repeated here; they carry
    their own idempotency (a board command's id) or are the client's to send again."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        swallowed = False

        async def unless_retryable(message: Message) -> None:
            nonlocal swallowed
            if message["type"] == "http.response.start" and scope.get(RETRYABLE):
                swallowed = True
            if not swallowed:
                await send(message)

        await self.app(scope, receive, unless_retryable)
        if not swallowed:
            return
        scope.pop(RETRYABLE, None)

        async def no_body() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        await self.app(scope, no_body, send)


class SecurityHeaders:
    """Headers that make the browser refuse to run anything the instance did not serve itself."""

    CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    )
    # The API explorer page needs its own inline bootstrap script.
    DOCS_CSP = (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'"
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = self.DOCS_CSP if scope["path"] == "/api/docs" else self.CSP

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", csp.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
                if scope["path"].startswith("/api/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


SERVER_SEND = "twofold.server_send"
"""Scope key of the server's own `send` for a WebSocket, as it was before any wrapping."""


class KeepServerSend:
    """Keeps the server's `send` of each WebSocket in its scope. The board socket sends every
    event frame straight through it: the wrappers the framework puts around `send` only look
    at HTTP responses, and on a busy board each layer costs a coroutine per frame per socket."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            scope[SERVER_SEND] = send
        await self.app(scope, receive, send)
