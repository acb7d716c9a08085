"""What the local Slack and Teams servers share: an HTTP server in the test process that
records each request and answers it, or answers a scripted failure first (`fail_next`: a
status with its headers and body, such as 429 with Retry-After; `delay` sleeps before
answering, to make Twofold's client time out)."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.local_vendor import LocalVendor, Seen


@dataclass
class Scripted:
    status: int
    body: Any = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Answer:
    status: int
    body: Any
    """A str is sent as text/plain, anything else as JSON."""


class FakeChat(LocalVendor):
    prefix = "/"
    """Requests outside this path are not the vendor's: answered 404, neither recorded nor
    given a scripted failure."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.fail_next: list[Scripted] = []
        self.lock = threading.Lock()
        self._listen(self._handler())

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def answer(self, seen: Seen) -> Answer:
        raise NotImplementedError

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                text = isinstance(body, str)
                data = (body if text else json.dumps(body)).encode()
                self.send_response(status)
                kind = "text/plain; charset=utf-8" if text else "application/json; charset=utf-8"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if not parts.path.startswith(fake.prefix):
                    self._send(404, "not found", {})
                    return
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode(errors="replace")
                seen = Seen(method, parts.path, parse_qs(parts.query), body, dict(self.headers))
                with fake.lock:
                    fake.seen.append(seen)
                    scripted = fake.fail_next.pop(0) if fake.fail_next else None
                if scripted is not None:
                    time.sleep(scripted.delay)
                    self._send(scripted.status, scripted.body, scripted.headers)
                    return
                with fake.lock:
                    answer = fake.answer(seen)
                self._send(answer.status, answer.body, {})

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        return Handler
