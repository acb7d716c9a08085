"""What every vendor faked in the test process shares: a threaded HTTP server on a free local
port, started and stopped by the test, and a scripted answer to send in place of the real one."""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from tests.ports import SERVER_POLL_SECONDS, free_port


@dataclass
class Scripted:
    """An answer a test makes the vendor give next: a status, headers (Retry-After, ...) and
    a JSON body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=dict)


@dataclass
class Seen:
    """A request to the vendor's API, as it arrived."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]


class LocalVendor:
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _listen(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.port = free_port()
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": SERVER_POLL_SECONDS},
            daemon=True,
        )

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
