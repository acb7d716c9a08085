"""What the local vendor servers for wikis share: a threaded HTTP server in the test process
that records each request to the vendor's API, answers scripted failures first (`fail_next`:
a status with its headers, such as 429 with Retry-After or 503), checks the credentials, and
can create something and then cut the connection before answering (`drop_after_create`) or
answer too late (`stall_after_create`), as when the caller dies or gives up between the
vendor's work and its own commit. Each vendor's fake says
how it authenticates and what it answers."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.local_vendor import LocalVendor, Scripted, Seen

Answer = tuple[int, Any]


class FakeVendor(LocalVendor):
    prefix = ""
    """The API's path prefix: other paths are neither recorded nor scripted."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        self.fail_next: list[Scripted] = []
        self.drop_after_create = False
        self.stall_after_create = 0.0
        """Seconds to wait before answering the next creation (made all the same): longer
        than the caller's timeout, it gives up while the thing exists."""
        self.lock = threading.RLock()
        self._listen(self._handler())

    def requests_to(self, method: str, path: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and s.path == self.prefix + path]

    def refused(self, headers: dict[str, str]) -> Answer | None:
        """The answer to missing or wrong credentials (or headers), else None."""
        raise NotImplementedError

    def answer(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> Answer:
        raise NotImplementedError

    def created(self, method: str, path: str, status: int) -> bool:
        """Whether this answer made something (where `drop_after_create` cuts in)."""
        return method == "POST" and status in (200, 201)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        vendor = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
                data = b"" if status == 204 else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _serve(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if not parts.path.startswith(vendor.prefix):
                    self._send(404, {"message": "Not found"}, {})
                    return
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    self._send(400, {"message": "Body is not JSON."}, {})
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                query = parse_qs(parts.query)
                path = parts.path.removeprefix(vendor.prefix)
                with vendor.lock:
                    vendor.seen.append(Seen(method, parts.path, query, body, headers))
                    scripted = vendor.fail_next.pop(0) if vendor.fail_next else None
                if scripted is not None:
                    self._send(scripted.status, scripted.body, scripted.headers)
                    return
                refused = vendor.refused(headers)
                if refused is not None:
                    self._send(refused[0], refused[1], {})
                    return
                with vendor.lock:
                    status, answer = vendor.answer(method, path, query, body)
                    made = vendor.created(method, path, status)
                    drop = vendor.drop_after_create and made
                    if drop:
                        vendor.drop_after_create = False
                    stall = vendor.stall_after_create if made else 0.0
                    if stall:
                        vendor.stall_after_create = 0.0
                if stall:
                    time.sleep(stall)
                if drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                self._send(status, answer, {})

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

            def do_PUT(self) -> None:
                self._serve("PUT")

            def do_PATCH(self) -> None:
                self._serve("PATCH")

            def do_DELETE(self) -> None:
                self._serve("DELETE")

        return Handler
