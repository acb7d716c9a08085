"""What an operator sees of each request: an id that ties its log lines together, a line per
request in JSON logs, and the request counted for the metrics page.

One ASGI middleware does all three, so a request is timed once and its id is set before any
route logs anything. The id comes from the proxy's `X-Request-ID` when it sends a sane one
(so a load balancer's id follows the request through), else a new one; it is sent back on the
response either way."""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from twofold.settings import Settings

if TYPE_CHECKING:
    from twofold.api.metrics import Metrics

REQUEST_ID: ContextVar[str | None] = ContextVar("twofold_request_id", default=None)
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
access_log = logging.getLogger("twofold.access")


def route_of(scope: Scope) -> str:
    """The route's template (`/api/retros/{retro_id}`), never the path itself: ids in paths
    would make every request its own series, and paths nobody routed are one bucket."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class Observe:
    def __init__(self, app: ASGIApp, metrics: "Metrics") -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            # A socket keeps the server's own `send` (see `KeepServerSend`): nothing to tag on
            # it, and a wrapper would cost a coroutine per frame.
            await self.app(scope, receive, tagged if scope["type"] == "http" else send)
        finally:
            if scope["type"] == "http":
                seconds = time.perf_counter() - started
                route = route_of(scope)
                self.metrics.answered(scope["method"], route, status, seconds)
                access_log.info(
                    "%s %s %d %.1f ms",
                    scope["method"],
                    scope["path"],
                    status,
                    seconds * 1000,
                    extra={"route": route, "status": status, "ms": round(seconds * 1000, 1)},
                )
            REQUEST_ID.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the request id (or "-" outside a request) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get() or "-"
        return True


_EXTRA_FIELDS = ("route", "status", "ms")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: what a log collector parses without a pattern."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": REQUEST_ID.get(),
        }
        for name in _EXTRA_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(settings: Settings) -> None:
    """Twofold's loggers at the configured level; in JSON, with their own handler (the server's
    own text lines stay as they are). The access line per request is kept for JSON logs, where
    it carries the id; text logs have the server's own access log already."""
    ours = logging.getLogger("twofold")
    ours.setLevel(settings.log_level.upper())
    if settings.log_format != "json":
        for logger in (ours, logging.getLogger("uvicorn")):
            for handler in [h for h in logger.handlers if isinstance(h.formatter, JsonFormatter)]:
                logger.removeHandler(handler)
            logger.propagate = True
        access_log.setLevel(logging.WARNING)
        return
    access_log.setLevel(logging.NOTSET)
    server = logging.getLogger("uvicorn")
    server.setLevel(settings.log_level.upper())
    for logger in (ours, server):
        if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
            handler = logging.StreamHandler()
            handler.setFormatter(JsonFormatter())
            handler.addFilter(RequestIdFilter())
            logger.addHandler(handler)
        logger.propagate = False
