"""Real `twofold serve` processes for tests that need sockets, restarts and several processes."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.sync.client import ClientConnection, connect

from tests.databases import pg_database, require_pg, sqlite_copy
from tests.ports import free_port

PASSWORD = "correct horse battery"

HTTP = httpx.Client(
    cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),
    limits=httpx.Limits(max_keepalive_connections=0),
)
"""One client for every request the tests send: making one (its TLS context above all) costs
more CPU than a request to the server does. It keeps no cookies, each person sends their own,
and no idle connections, so a server that is killed or restarted leaves none stale."""


@dataclass
class Server:
    data_dir: Path
    database_url: str
    redis_url: str = ""
    port: int = field(default_factory=free_port)
    env: dict[str, str] = field(default_factory=dict)
    """More settings, over the defaults below."""
    run_as: list[str] = field(default_factory=list)
    """A command the server runs under, e.g. `setpriv` to run it as another user."""
    process: subprocess.Popen[bytes] | None = None
    _log: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        env = {
            **os.environ,
            "TWOFOLD_DATA_DIR": str(self.data_dir),
            "TWOFOLD_DATABASE_URL": self.database_url,
            "TWOFOLD_REDIS_URL": self.redis_url,
            "TWOFOLD_PORT": str(self.port),
            "TWOFOLD_LOG_LEVEL": "warning",
            "TWOFOLD_SECRET_KEY": "live-test-secret",
            # Quick, so tests see a removed member's socket end without waiting long.
            "TWOFOLD_LIVE_ACCESS_CHECK_SECONDS": "0.5",
            **self.env,
        }
        self._close_log()
        self._log = (self.data_dir / f"server-{self.port}.log").open("ab")
        self.process = subprocess.Popen(
            [*self.run_as, sys.executable, "-m", "twofold", "serve"],
            env=env,
            stdout=self._log,
            stderr=self._log,
        )
        # Generous: on a machine busy with other work, importing the app alone can take 20 s.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if HTTP.get(f"{self.url}/api/setup", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
            if self.process.poll() is not None:
                break
        # Not left running behind the failure, to slow down every test after it.
        self.stop()
        raise RuntimeError(f"server did not start: {self.log_text()}")

    def log_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.data_dir.glob("server-*.log"))

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what was committed must survive."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._close_log()


def serve_on(
    request: pytest.FixtureRequest,
    folder: Path,
    stack: ExitStack,
    env: dict[str, str] | None = None,
) -> Server:
    """A started server on the database the fixture is parametrised with ("sqlite" or
    "postgresql"), stopped, and its database dropped, when `stack` closes."""
    if request.param == "sqlite":
        url = sqlite_copy(request.getfixturevalue("sqlite_template"), folder)
    else:
        require_pg()
        url = stack.enter_context(pg_database())
    server = Server(folder, url, env=env or {}).start()
    stack.callback(server.stop)
    return server


@dataclass
class Person:
    """A signed-in browser, as far as the server can tell: a session cookie and its CSRF token."""

    server: Server
    token: str
    csrf: str

    def http(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        headers = {"Cookie": f"twofold_session={self.token}", "X-CSRF-Token": self.csrf}
        for _ in range(3):
            r = HTTP.request(
                method, f"{self.server.url}{path}", headers=headers, timeout=30, **kwargs
            )
            if r.status_code != 429 or status == 429:
                break
            # Slowed down, as the web app is: a test that sends many writes in a row on a quick
            # machine outruns a person's write budget, which is not what it tests.
            time.sleep(float(r.headers.get("Retry-After", "1")))
        assert r.status_code == status, (method, path, r.status_code, r.text)
        return r.json() if r.content else None

    def command(self, retro_id: str, name: str, status: int = 200, **args: Any) -> Any:
        body = {"command_id": uuid.uuid4().hex, "command": {"name": name, **args}}
        return self.http("POST", f"/api/retros/{retro_id}/commands", status, json=body)

    def socket(
        self,
        retro_id: str,
        since: int | None = None,
        origin: str | None = None,
        log: str = "",
        tag: str = "",
    ) -> ClientConnection:
        """A board socket; with `since` (and the `log` and `tag` the client was given), a
        resume, as docs/live.md describes."""
        query = f"?since={since}&log={log}&tag={tag}" if since is not None else ""
        return connect(
            f"ws://127.0.0.1:{self.server.port}/api/retros/{retro_id}/live{query}",
            additional_headers={
                "Cookie": f"twofold_session={self.token}",
                "Origin": origin or self.server.url,
            },
            open_timeout=10,
            max_size=4 * 1024 * 1024,
        )


def _session(server: Server, path: str, body: dict[str, Any], address: str | None = None) -> Person:
    headers = {"X-Forwarded-For": address} if address else {}
    r = HTTP.post(f"{server.url}{path}", json=body, headers=headers, timeout=30)
    assert r.status_code == 201, r.text
    return Person(server, r.cookies["twofold_session"], r.json()["csrf_token"])


def signup(
    server: Server,
    email: str,
    name: str,
    invite_token: str | None = None,
    address: str | None = None,
) -> Person:
    """Sign up; with `address`, as a client at that address (see `join_as_guest`)."""
    body = {"email": email, "password": PASSWORD, "display_name": name}
    if invite_token:
        body["invite_token"] = invite_token
    return _session(server, "/api/auth/signup", body, address)


def join_as_guest(
    server: Server, token: str, name: str, role: str = "design", address: str | None = None
) -> Person:
    """A guest joins; with `address`, as a client at that address behind the trusted local
    proxy (X-Forwarded-For), so many guests stay within the per-address limit on joins."""
    body = {"display_name": name, "role": role}
    return _session(server, f"/api/invites/{token}/guest", body, address)


def receive(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    message = ws.recv(timeout=timeout)
    assert isinstance(message, str)
    parsed: dict[str, Any] = json.loads(message)
    return parsed


def receive_until(
    ws: ClientConnection, want: str, timeout: float = 10, **match: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read frames until one of type `want` (with the given fields) arrives; also return all
    frames read on the way, so tests can check what else was sent."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while True:
        frame = receive(ws, max(0.1, deadline - time.monotonic()))
        seen.append(frame)
        if frame.get("type") == want and all(frame.get(k) == v for k, v in match.items()):
            return frame, seen
