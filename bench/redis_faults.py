"""`python -m bench redis`: what a Redis fault costs the live board.

Two `twofold serve` processes on PostgreSQL share a Redis of the bench's own (never the one on
6379). One person on process A sends `add_card` over the board's socket at a steady rate; a
second socket on A and one on B watch the board. Measured, per phase:
- each command's ack latency (sent → ack) with Redis answering, then frozen (SIGSTOP), then
  killed; how many commands were acknowledged while the fault lasted;
- how many events each watcher received while the fault lasted;
- once Redis is back (thawed, or started again) and with no further command, how long B's
  watcher takes to hold every event, and how long until both sockets are told the delay is
  over (`live_status`).
"""

import json
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from bench.servers import PostgresDatabase, Server, free_port

RATE = 15.0
"""Commands per second (a socket may send 20 a second)."""
NORMAL_SECONDS = 10.0
FROZEN_SECONDS = 15.0
DOWN_SECONDS = 10.0
CATCH_UP_LIMIT_SECONDS = 60.0
PASSWORD = "bench-password-1"


class OwnRedis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed")
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.RedisError:
                if time.monotonic() > deadline:
                    raise SystemExit("redis-server did not start") from None
                time.sleep(0.02)
        client.close()

    def signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        self.process.send_signal(sig)

    def freeze(self) -> None:
        """SIGSTOP, and wait until it has taken effect."""
        self.signal(signal.SIGSTOP)
        assert self.process is not None
        stat = Path(f"/proc/{self.process.pid}/stat")
        deadline = time.monotonic() + 10
        while stat.read_text().rsplit(")", 1)[1].split()[0] != "T":
            if time.monotonic() > deadline:
                raise SystemExit("redis-server did not stop")
            time.sleep(0.005)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        assert self.process is not None
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)


@dataclass
class Person:
    server: Server
    token: str
    csrf: str

    def socket(self, retro_id: str) -> ClientConnection:
        return connect(
            f"ws://127.0.0.1:{self.server.port}/api/retros/{retro_id}/live",
            additional_headers={
                "Cookie": f"twofold_session={self.token}",
                "Origin": self.server.url,
            },
            open_timeout=10,
            max_size=8 * 1024 * 1024,
        )


def signup(server: Server, email: str, name: str, invite: str | None = None) -> Person:
    body = {"email": email, "password": PASSWORD, "display_name": name}
    if invite:
        body["invite_token"] = invite
    r = httpx.post(f"{server.url}/api/auth/signup", json=body, timeout=30)
    r.raise_for_status()
    return Person(server, r.cookies["twofold_session"], r.json()["csrf_token"])


def call(person: Person, method: str, path: str, **kwargs: Any) -> Any:
    headers = {"Cookie": f"twofold_session={person.token}", "X-CSRF-Token": person.csrf}
    r = httpx.request(method, f"{person.server.url}{path}", headers=headers, timeout=30, **kwargs)
    r.raise_for_status()
    return r.json() if r.content else None


@dataclass
class Listener:
    """Reads one socket on a thread of its own: when each event and status frame came."""

    ws: ClientConnection
    events: list[tuple[float, int]] = field(default_factory=list)
    statuses: list[tuple[float, bool]] = field(default_factory=list)
    acks: dict[str, float] = field(default_factory=dict)
    snapshot_seq: int = 0

    def start(self) -> "Listener":
        first = json.loads(self.ws.recv(timeout=30))
        assert first["type"] == "snapshot", first
        self.snapshot_seq = first["seq"]
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        try:
            while True:
                frame = json.loads(self.ws.recv())
                now = time.monotonic()
                kind = frame.get("type")
                if kind == "event":
                    self.events.append((now, frame["seq"]))
                elif kind == "ack":
                    self.acks[frame["command_id"]] = now
                elif kind == "live_status":
                    self.statuses.append((now, frame["delayed"]))
        except (ConnectionClosed, TimeoutError, OSError):
            return

    def seen(self, since: float, until: float) -> int:
        return sum(1 for t, _ in self.events if since <= t < until)

    def has(self, seq: int) -> float | None:
        """When this socket first held every event up to `seq`, if it does."""
        got = {s for _, s in self.events}
        if not all(s in got for s in range(self.snapshot_seq + 1, seq + 1)):
            return None
        return max(t for t, s in self.events if s <= seq) if seq > self.snapshot_seq else 0.0

    def status_after(self, since: float, delayed: bool) -> float | None:
        return next((t for t, d in self.statuses if t >= since and d is delayed), None)


@dataclass
class Phase:
    name: str
    sent: dict[str, float]
    started: float
    ended: float

    def latencies(self, acks: dict[str, float], before: float | None = None) -> list[float]:
        return sorted(
            acks[c] - t
            for c, t in self.sent.items()
            if c in acks and (before is None or acks[c] < before)
        )


def drive(writer: ClientConnection, column: str, name: str, seconds: float) -> Phase:
    """Send `add_card` at `RATE` for `seconds`, whatever comes back."""
    sent: dict[str, float] = {}
    started = time.monotonic()
    next_at = started
    while next_at < started + seconds:
        time.sleep(max(0.0, next_at - time.monotonic()))
        command_id = uuid.uuid4().hex
        command = {"name": "add_card", "column_id": column, "text": f"{name} {len(sent)}"}
        sent[command_id] = time.monotonic()
        writer.send(json.dumps({"type": "command", "command_id": command_id, "command": command}))
        next_at += 1 / RATE
    return Phase(name, sent, started, time.monotonic())


def wait_for(check: Any, limit: float = CATCH_UP_LIMIT_SECONDS) -> None:
    deadline = time.monotonic() + limit
    while not check() and time.monotonic() < deadline:
        time.sleep(0.01)


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "     -"
    return f"{values[min(len(values) - 1, int(len(values) * q))] * 1000:6.1f}"


def _row(label: str, phase: Phase, lat: list[float]) -> str:
    return (
        f"  {label:<30} sent {len(phase.sent):>4}  acked {len(lat):>4}  "
        f"p50 {_ms(lat, 0.5)} ms  p99 {_ms(lat, 0.99)} ms  max {_ms(lat, 1.0)} ms"
    )


def _after(t: float | None, since: float) -> str:
    return "never" if t is None else f"{t - since:.2f} s"


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="twofold-bench-redis-"))
    own = OwnRedis(tmp)
    db = PostgresDatabase().create()
    servers: list[Server] = []
    try:
        own.start()
        for name in ("a", "b"):  # the first applies migrations before the second starts
            servers.append(Server(tmp / name, db.url, own.url).start())
        a, b = servers
        owner = signup(a, "owner@bench.example.com", "Olive")
        team = call(owner, "POST", "/api/teams", json={"name": "Bench", "role": "pm"})
        retro = call(owner, "POST", f"/api/teams/{team['id']}/retros", json={"title": "Faults"})
        rid, column = retro["id"], retro["columns"][0]["id"]
        command = {"name": "set_phase", "phase": "reflect"}
        call(
            owner,
            "POST",
            f"/api/retros/{rid}/commands",
            json={"command_id": uuid.uuid4().hex, "command": command},
        )
        invite = call(owner, "POST", f"/api/teams/{team['id']}/invites", json={})["token"]
        eng = signup(b, "eng@bench.example.com", "Eli", invite)
        call(eng, "POST", f"/api/invites/{invite}/accept", json={"role": "eng"})
        for person in (owner, eng):  # each joins the board before anything is measured
            with person.socket(rid) as ws:
                ws.recv(timeout=30)
        eng_on_a = Person(a, eng.token, eng.csrf)

        print(
            f"\n=== Redis faults: 2 processes on PostgreSQL, {RATE:.0f} add_card/s over one socket "
            "on process A; watchers on A and B"
        )
        with (
            owner.socket(rid) as writer_ws,
            eng_on_a.socket(rid) as near_ws,
            eng.socket(rid) as far_ws,
        ):
            writer = Listener(writer_ws).start()
            near, far = Listener(near_ws).start(), Listener(far_ws).start()

            normal = drive(writer_ws, column, "normal", NORMAL_SECONDS)
            wait_for(lambda: len(writer.acks) >= len(normal.sent), 10)
            print(_row("Redis answering", normal, normal.latencies(writer.acks)))

            own.freeze()
            frozen = drive(writer_ws, column, "frozen", FROZEN_SECONDS)
            time.sleep(0.5)  # acks still on their way count as during the freeze
            thawed = time.monotonic()
            own.signal(signal.SIGCONT)
            during = frozen.latencies(writer.acks, before=thawed)
            print(_row(f"Redis frozen ({FROZEN_SECONDS:.0f} s)", frozen, during))
            last = max(s for _, s in near.events)
            wait_for(
                lambda: (
                    far.has(last) is not None
                    and len(writer.acks) >= len(normal.sent) + len(frozen.sent)
                )
            )
            print(
                f"    events seen while frozen: A's watcher {near.seen(frozen.started, thawed)}, "
                f"B's watcher {far.seen(frozen.started, thawed)}; after the thaw, with no further "
                f"command, B held every event after {_after(far.has(last), thawed)}; "
                f"'delayed' shown on A after {_after(near.status_after(frozen.started, True), frozen.started)}"
                f", on B after {_after(far.status_after(frozen.started, True), frozen.started)}; "
                f"cleared {_after(near.status_after(thawed, False), thawed)} (A), "
                f"{_after(far.status_after(thawed, False), thawed)} (B) after the thaw"
            )

            killed = time.monotonic()  # before: sockets may hear of it before kill() returns
            own.kill()
            down = drive(writer_ws, column, "down", DOWN_SECONDS)
            time.sleep(0.5)
            own.start()
            back = time.monotonic()
            during = down.latencies(writer.acks, before=back)
            print(_row(f"Redis down ({DOWN_SECONDS:.0f} s)", down, during))
            last = max(s for _, s in near.events)
            wait_for(lambda: far.has(last) is not None)
            print(
                f"    events seen while down: A's watcher {near.seen(killed, back)}, B's watcher "
                f"{far.seen(killed, back)}; after Redis was back, with no further command, B "
                f"held every event after {_after(far.has(last), back)}; 'delayed' shown on A after "
                f"{_after(near.status_after(killed, True), killed)}, on B after "
                f"{_after(far.status_after(killed, True), killed)}; cleared "
                f"{_after(near.status_after(back, False), back)} (A), "
                f"{_after(far.status_after(back, False), back)} (B) after it was back"
            )
    finally:
        for server in servers:
            server.stop()
        own.stop()
        db.drop()
        shutil.rmtree(tmp, ignore_errors=True)
