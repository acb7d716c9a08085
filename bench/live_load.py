"""Load on the live board: N WebSocket participants over B boards, commands at stepped rates.

Starts its own `twofold serve` processes (pinned to core 0; this generator pins itself to core
1), sets up B boards in B teams with N/B participants each (a facilitator account per 20 boards,
the rest join as guests through a retro invite link), opens N sockets from this one process with
a lean client (`bench.wsclient`), then sends commands open loop: each has a scheduled send time,
carried in its `command_id`, and nothing waits for an answer. A command's latency is the time
from its scheduled send to the moment EVERY other participant of its board has received the
resulting event (matched by the board's `seq`, which the sender learns from the ack).

See docs/performance.md for how to run it and what the figures mean.
"""

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from bench import wsclient
from bench.servers import REDIS_URL, CpuMeter, PostgresDatabase, Server, pin_self

PASSWORD = "bench-password-not-secret"
BOARDS_PER_FACILITATOR = 20  # 4 REST writes per board stays inside the write burst of 100
GUESTS_PER_ADDRESS = 25  # guest joins are limited to 30 per client address
EVENT_PREFIX = b'{"type":"event","seq":'
ACK_PREFIX = b'{"type":"ack"'
SNAPSHOT_PREFIX = b'{"type":"snapshot"'
ERROR_PREFIX = b'{"type":"error"'
WEB_INDEX = Path(__file__).resolve().parents[1] / "src/twofold/web/index.html"
ROLES = ["eng", "pm", "design", "qa", "tech_lead", "em"]


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


# --------------------------------------------------------------------------- the participants


@dataclass(eq=False)
class Board:
    retro_id: str
    team_id: str
    columns: list[str]
    invite: str
    facilitator: "Account"
    conns: list["Conn"] = field(default_factory=list)
    # seq -> [(conn index, arrival time)], filled by every receiving connection
    arrivals: dict[int, list[tuple[int, float]]] = field(default_factory=dict)
    # seq -> (scheduled send time, sender index, ack arrival time)
    acked: dict[int, tuple[float, int, float]] = field(default_factory=dict)


@dataclass(eq=False)
class Account:
    cookie: str
    csrf: str
    email: str = ""


@dataclass
class Stats:
    pending: int = 0
    errors: Counter[str] = field(default_factory=Counter)


@dataclass(eq=False)
class Conn:
    idx: int
    board: Board
    cookie: str
    server: Server
    stats: Stats
    ws: wsclient.WSClient | None = None
    cards: list[str] = field(default_factory=list)
    ready: bool = False
    last_seq: int = -1
    gaps: int = 0
    snapshot: "asyncio.Future[tuple[float, int]] | None" = None

    def on_text(self, payload: bytes, t: float) -> None:
        if payload.startswith(EVENT_PREFIX):
            seq = int(payload[22 : payload.index(b",", 22)])
            arrivals = self.board.arrivals
            got = arrivals.get(seq)
            if got is None:
                got = arrivals[seq] = []
            got.append((self.idx, t))
            if self.last_seq >= 0 and seq != self.last_seq + 1:
                self.gaps += 1
            self.last_seq = seq
        elif payload.startswith(ACK_PREFIX):
            ack = json.loads(payload)
            sent = int(ack["command_id"].split("_")[1]) / 1e6
            self.board.acked[ack["seq"]] = (sent, self.idx, t)
            card = (ack.get("result") or {}).get("card_id")
            if card:
                self.cards.append(card)
            self.stats.pending -= 1
        elif payload.startswith(SNAPSHOT_PREFIX):
            head = payload[:200].decode(errors="replace")
            self.last_seq = int(head.split('"seq":', 1)[1].split(",", 1)[0])
            if self.snapshot is not None and not self.snapshot.done():
                self.snapshot.set_result((t, len(payload)))
        elif payload.startswith(ERROR_PREFIX):
            err = json.loads(payload)
            self.stats.errors[err["error"].get("code", "?")] += 1
            if err.get("command_id"):
                self.stats.pending -= 1

    async def open(self, limit: float = 60) -> tuple[float, int]:
        """Connect; return (seconds until the snapshot had fully arrived, its size in bytes)."""
        loop = asyncio.get_running_loop()
        self.snapshot = loop.create_future()
        t0 = time.perf_counter()
        self.ws = await wsclient.connect(
            "127.0.0.1",
            self.server.port,
            f"/api/retros/{self.board.retro_id}/live",
            {"Cookie": f"twofold_session={self.cookie}", "Origin": self.server.url},
            self.on_text,
            limit,
        )
        t, size = await asyncio.wait_for(self.snapshot, limit)
        return t - t0, size

    def send(self, scheduled: float, k: int, *, mix: bool = True) -> None:
        """One command of the mix (or, with `mix` off, an added card)."""
        assert self.ws is not None
        cid = f"b_{int(scheduled * 1e6)}_{self.idx}_{k}"
        r = random.random() if mix else 1.0
        if r < 0.1:
            self.ready = not self.ready
            cmd = '{"name":"set_ready","ready":%s}' % ("true" if self.ready else "false")
        elif r < 0.3 and self.cards:
            card = random.choice(self.cards[-20:])
            cmd = f'{{"name":"edit_card","card_id":"{card}","text":"edited {cid}"}}'
        else:
            column = random.choice(self.board.columns)
            cmd = f'{{"name":"add_card","column_id":"{column}","text":"card {cid}"}}'
        self.stats.pending += 1
        self.ws.send_text(f'{{"type":"command","command_id":"{cid}","command":{cmd}}}')


# --------------------------------------------------------------------------------- set-up


def _client(server: Server, address: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=server.url, transport=transport, timeout=120)


async def _write(
    client: httpx.AsyncClient, acct: Account, method: str, path: str, body: dict[str, Any]
) -> Any:
    headers = {"Cookie": f"twofold_session={acct.cookie}", "X-CSRF-Token": acct.csrf}
    for _ in range(20):
        r = await client.request(method, path, json=body, headers=headers)
        if r.status_code == 429:  # the per-account write budget; wait as told
            retry = r.json().get("error", {}).get("details", {}).get("retry_after", 1)
            await asyncio.sleep(float(retry))
            continue
        if r.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {r.status_code} {r.text[:300]}")
        return r.json() if r.content else None
    raise RuntimeError(f"{method} {path}: still rate limited")


async def signup(client: httpx.AsyncClient, email: str, name: str) -> Account:
    r = await client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    if r.status_code != 201:
        raise RuntimeError(f"signup: {r.status_code} {r.text[:300]}")
    return Account(r.cookies["twofold_session"], r.json()["csrf_token"], email)


async def make_board(client: httpx.AsyncClient, acct: Account, i: int) -> Board:
    team = await _write(client, acct, "POST", "/api/teams", {"name": f"Team {i}", "role": "eng"})
    retro = await _write(client, acct, "POST", f"/api/teams/{team['id']}/retros", {"title": "R"})
    await _write(
        client,
        acct,
        "POST",
        f"/api/retros/{retro['id']}/commands",
        {
            "command_id": f"phase_{i}_{os.getpid()}",
            "command": {"name": "set_phase", "phase": "reflect"},
        },
    )
    invite = await _write(
        client,
        acct,
        "POST",
        f"/api/teams/{team['id']}/invites",
        {"retro_id": retro["id"], "guests_only": True},
    )
    columns = [c["id"] for c in retro["columns"]]
    return Board(retro["id"], team["id"], columns, invite["token"], acct)


async def join_guests(
    servers: list[Server], invites: list[str], first_address: int = 10
) -> list[str]:
    """Join one guest per invite token; returns their session cookies, in order.

    Guest joins are limited per client address, so each batch of 25 comes from its own
    loopback address (127.0.0.10, 127.0.0.11, ...): Linux routes all of 127/8 to lo.
    """
    cookies: list[str] = [""] * len(invites)
    clients: dict[tuple[int, int], httpx.AsyncClient] = {}
    sem = asyncio.Semaphore(8)

    async def one(j: int, token: str) -> None:
        a = first_address + j // GUESTS_PER_ADDRESS
        address = f"127.{a // 65536 % 256}.{a // 256 % 256}.{a % 256}"
        key = (a, j % len(servers))
        if key not in clients:
            clients[key] = _client(servers[key[1]], address)
        async with sem:
            r = await clients[key].post(
                f"/api/invites/{token}/guest",
                json={"display_name": f"Guest {j}", "role": ROLES[j % len(ROLES)]},
            )
        if r.status_code != 201:
            raise RuntimeError(f"guest join from {address}: {r.status_code} {r.text[:300]}")
        cookies[j] = r.cookies["twofold_session"]

    try:
        await asyncio.gather(*(one(j, t) for j, t in enumerate(invites)))
    finally:
        for c in clients.values():
            await c.aclose()
    return cookies


async def setup(servers: list[Server], n: int, b: int, stats: Stats) -> list[Board]:
    per_board = max(2, n // b)
    async with _client(servers[0]) as client:
        accounts = []
        for f in range(math.ceil(b / BOARDS_PER_FACILITATOR)):
            accounts.append(await signup(client, f"fac{f}@bench.example.com", f"Facilitator {f}"))
        sem = asyncio.Semaphore(4)

        async def board(i: int) -> Board:
            async with sem:
                return await make_board(client, accounts[i // BOARDS_PER_FACILITATOR], i)

        boards = list(await asyncio.gather(*(board(i) for i in range(b))))
    invites = [bd.invite for bd in boards for _ in range(per_board - 1)]
    cookies = iter(await join_guests(servers, invites))
    idx = 0
    for bd in boards:
        for k in range(per_board):
            cookie = bd.facilitator.cookie if k == 0 else next(cookies)
            bd.conns.append(Conn(idx, bd, cookie, servers[idx % len(servers)], stats))
            idx += 1
    return boards


async def connect_all(conns: list["Conn"], parallel: int = 20) -> list[float]:
    sem = asyncio.Semaphore(parallel)

    async def one(c: Conn) -> float:
        async with sem:
            return (await c.open())[0]

    return list(await asyncio.gather(*(one(c) for c in conns)))


# ---------------------------------------------------------------------------- the load steps


@dataclass
class StepResult:
    target: float
    sent_rate: float
    done_rate: float
    p50: float
    p99: float
    max: float
    completed: int
    errors: int
    drops: int
    gaps: int
    server_cpu: float
    client_cpu: float
    rss_per_conn: float

    def row(self) -> str:
        return (
            f"{self.target:>7.0f} {self.sent_rate:>8.0f} {self.done_rate:>8.0f} "
            f"{self.p50:>8.1f} {self.p99:>8.1f} {self.max:>8.1f} {self.errors:>6} "
            f"{self.drops:>6} {self.gaps:>5} {self.server_cpu:>7.0f} {self.client_cpu:>7.0f} "
            f"{self.rss_per_conn / 1024:>9.1f}"
        )


HEADER = (
    f"{'target/s':>7} {'sent/s':>8} {'done/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
    f"{'errors':>6} {'drops':>6} {'gaps':>5} {'srv CPU%':>7} {'gen CPU%':>7} {'RSS/conn KB':>9}"
)


def _pct(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def run_step(
    boards: list[Board],
    servers: list[Server],
    stats: Stats,
    rate: float,
    seconds: float,
    drain: float,
) -> StepResult:
    conns = [c for b in boards for c in b.conns]
    order = conns[:]
    random.shuffle(order)
    for b in boards:
        b.arrivals.clear()
        b.acked.clear()
    errors_before = sum(stats.errors.values())
    gaps_before = sum(c.gaps for c in conns)
    stats.pending = 0
    total = int(rate * seconds)
    meter = CpuMeter(servers)
    meter.start()
    t0 = time.perf_counter() + 0.02
    k = 0
    while k < total:
        now = time.perf_counter()
        due = t0 + k / rate
        if due > now:
            # The loop's timers tick in whole milliseconds: a shorter sleep would return at
            # once and spin. Whatever falls due meanwhile goes out together, still stamped
            # with its own scheduled time.
            await asyncio.sleep(max(due - now, 0.001))
            continue
        # Everything whose time has come goes now: open loop, never waiting for answers.
        while k < total and t0 + k / rate <= now:
            order[k % len(order)].send(t0 + k / rate, k)
            k += 1
    sent_end = time.perf_counter()
    server_cpu, client_cpu = meter.stop()
    rss = sum(s.rss_bytes() for s in servers)
    # Let the tail arrive (bounded): until every command is answered and delivered to all.
    deadline = time.perf_counter() + drain
    while time.perf_counter() < deadline:
        if stats.pending <= 0 and all(
            len(b.arrivals.get(seq, ())) >= len(b.conns) for b in boards for seq in b.acked
        ):
            break
        await asyncio.sleep(0.05)
    latencies: list[float] = []
    last_done = t0
    drops = 0
    for b in boards:
        need = len(b.conns) - 1
        for seq, (sent, sender, _ack) in b.acked.items():
            others = [t for i, t in b.arrivals.get(seq, ()) if i != sender]
            if len(others) < need:
                drops += 1
                continue
            done = max(others)
            last_done = max(last_done, done)
            latencies.append(done - sent)
    latencies.sort()
    ms = [x * 1000 for x in latencies]
    errors = sum(stats.errors.values()) - errors_before + max(0, stats.pending)
    return StepResult(
        target=rate,
        sent_rate=total / (sent_end - t0),
        done_rate=len(latencies) / max(seconds, last_done - t0),
        p50=_pct(ms, 0.5),
        p99=_pct(ms, 0.99),
        max=ms[-1] if ms else float("nan"),
        completed=len(latencies),
        errors=errors,
        drops=drops,
        gaps=sum(c.gaps for c in conns) - gaps_before,
        server_cpu=server_cpu,
        client_cpu=client_cpu,
        rss_per_conn=rss / len(conns),
    )


def best_rate(results: list[StepResult], p99_ms: float) -> float:
    held = [
        r.target
        for r in results
        if r.p99 <= p99_ms and r.errors == 0 and r.drops == 0 and r.done_rate >= 0.95 * r.target
    ]
    return max(held, default=0.0)


# --------------------------------------------------------------------------- profiling


def profile_summary(raw: Path, top: int = 18) -> str:
    """Self and inclusive time by function from py-spy's collapsed stacks."""
    own: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [f.split(" (")[0] + " (" + f.split(" (")[-1].split(":")[0].rsplit("/", 1)[-1] + ")"
                  for f in stack.split(";")]  # fmt: skip
        own[frames[-1]] += n
        for f in set(frames):
            incl[f] += n
    if not total:
        return "  (no samples)"
    lines = [f"  {total} samples; self time:"]
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in own.most_common(top)]
    lines.append("  inclusive time:")
    lines += [f"    {100 * n / total:5.1f}%  {f}" for f, n in incl.most_common(top)]
    return "\n".join(lines)


def start_profile(server: Server, seconds: float, out: Path) -> subprocess.Popen[bytes] | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("  (py-spy not installed: `pip install py-spy` to profile)")
        return None
    return subprocess.Popen(
        [spy, "record", "--gil", "--nonblocking", "-r", "200", "-d", str(int(seconds)), "-f", "raw",
         "-o", str(out), "-p", str(server.pid)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


# ------------------------------------------------------------------------------- scenarios


@dataclass
class Scenario:
    name: str
    n: int
    b: int
    backend: str  # "sqlite" or "pg"
    rates: list[float]
    seconds: float
    p99_target: float


BROADCAST = "bench.broadcast"
"""The minimal broadcast server (bench/broadcast.py), driven like Twofold for the ratio."""

BROADCAST_RATES = [250.0, 500, 1000, 2000, 3000, 4000, 6000, 8000, 10000, 12000, 16000, 20000]
"""Its steps: fewer low ones than Twofold's, since it passes rates Twofold does not reach."""

NOTES = {
    "twofold": "",
    BROADCAST: " (the minimal broadcast server: no accounts, no storage)",
}


async def run_scenario(
    sc: Scenario, tmp: Path, profile_rate: float | None, module: str = "twofold"
) -> list[StepResult]:
    note = NOTES.get(module, " (EXPERIMENT: SQLite writes queued on an in-process lock)")
    print(f"\n=== {sc.name}: N={sc.n} participants, B={sc.b} boards, {sc.backend}{note}")
    servers: list[Server] = []
    db: PostgresDatabase | None = None
    stats = Stats()
    try:
        if sc.backend == "pg":
            db = PostgresDatabase().create()
            for i in range(2):  # the first applies migrations before the second starts
                servers.append(
                    Server(tmp / f"{sc.name}-{i}", db.url, REDIS_URL, module=module).start()
                )
        else:
            servers.append(Server(tmp / sc.name, module=module).start())
        pinned = "pinned to core 0" if servers[0].pinned else "NOT pinned (no taskset)"
        print(f"  {len(servers)} server process(es) {pinned}; pids {[s.pid for s in servers]}")
        t = time.perf_counter()
        boards = await setup(servers, sc.n, sc.b, stats)
        conns = [c for b in boards for c in b.conns]
        print(
            f"  set-up (accounts, boards, {len(conns)} participants): {time.perf_counter() - t:.1f} s"
        )
        await asyncio.sleep(1)
        # The first board's sockets go first: a server's first sockets also pay what it pays
        # once (the WebSocket protocol's modules, the hub, the writer thread), which is no
        # participant's own. Memory per participant is measured over the others.
        first = [c for c in conns if c.board is boards[0]]
        rest = [c for c in conns if c.board is not boards[0]]
        rss_before = sum(s.rss_bytes() for s in servers)
        t = time.perf_counter()
        joins = await connect_all(first)
        await asyncio.sleep(1)
        rss0 = sum(s.rss_bytes() for s in servers)
        joins = sorted(joins + await connect_all(rest))
        took = time.perf_counter() - t - 1
        await asyncio.sleep(2)
        rss1 = sum(s.rss_bytes() for s in servers)
        print(
            f"  {len(conns)} sockets open in {took:.1f} s (snapshot p50 "
            f"{_pct(joins, 0.5) * 1000:.0f} ms); server RSS {rss_before / 2**20:.0f} -> "
            f"{rss1 / 2**20:.0f} MiB: idle memory per participant "
            f"{(rss1 - rss0) / len(rest) / 1024:.1f} KB (the first board's "
            f"{len(first)} included: {(rss1 - rss_before) / len(conns) / 1024:.1f} KB)"
        )
        print("  " + HEADER)
        results: list[StepResult] = []
        for rate in sc.rates:
            prof = None
            out = tmp / f"profile-{sc.name}-{int(rate)}.txt"
            if profile_rate is not None and rate == profile_rate:
                prof = start_profile(servers[0], sc.seconds, out)
            r = await run_step(boards, servers, stats, rate, sc.seconds, drain=max(3.0, sc.seconds))
            results.append(r)
            print("  " + r.row(), flush=True)
            if prof is not None:
                prof.wait(timeout=60)
                print(f"  py-spy profile of server pid {servers[0].pid} at {rate:.0f}/s:")
                print(profile_summary(out))
            if r.p99 > 1000 or r.drops > r.completed:
                print("  (saturated: stopping this scenario's steps)")
                break
            await asyncio.sleep(1)
        if stats.errors:
            print(f"  error codes: {dict(stats.errors)}")
        for thr in sorted({50.0, sc.p99_target}):
            print(
                f"  highest rate with p99 <= {thr:.0f} ms: {best_rate(results, thr):.0f} events/s"
            )
        for c in conns:
            if c.ws is not None:
                c.ws.close()
        await asyncio.sleep(0.2)
        return results
    finally:
        for s in servers:
            s.stop()
        if db is not None:
            db.drop()


# ------------------------------------------------------------------------ the large board


async def large_board(tmp: Path, cards: int, participants: int, joins: int, browser: bool) -> None:
    print(f"\n=== large board: {cards} cards, {participants} participants, sqlite")
    server = Server(tmp / "large").start()
    stats = Stats()
    try:
        async with _client(server) as client:
            acct = await signup(client, "large@bench.example.com", "Large Facilitator")
            board = await make_board(client, acct, 0)
        # Cards come from the facilitator over 40 sockets of 50 commands each: inside the
        # per-socket burst of 60, so nothing waits on the rate limit.
        t = time.perf_counter()
        sockets = max(1, math.ceil(cards / 50))
        writers = [Conn(-1 - i, board, acct.cookie, server, stats) for i in range(sockets)]
        await connect_all(writers, parallel=10)
        made = 0
        for _ in range(5):  # top up whatever was refused (rate limit, busy database)
            for i in range(cards - made):
                writers[i % sockets].send(time.perf_counter(), i, mix=False)
            deadline = time.perf_counter() + 60
            while stats.pending > 0 and time.perf_counter() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            made = sum(len(w.cards) for w in writers)
            if made >= cards:
                break
            await asyncio.sleep(3)  # let the per-socket budgets refill
        made = sum(len(w.cards) for w in writers)
        print(f"  {made} cards added in {time.perf_counter() - t:.1f} s over {sockets} sockets")
        if stats.errors:
            print(f"  refused on the way (then re-sent): {dict(stats.errors)}")
        for w in writers:
            assert w.ws is not None
            w.ws.close()
        cookies = await join_guests([server], [board.invite] * (participants + joins))
        conns = [Conn(i, board, ck, server, stats) for i, ck in enumerate(cookies)]
        t = time.perf_counter()
        await connect_all(conns[:participants], parallel=10)
        print(f"  {participants} participants connected in {time.perf_counter() - t:.1f} s")
        await asyncio.sleep(1)
        times, sizes = [], []
        for c in conns[participants:]:
            took, size = await c.open()
            times.append(took * 1000)
            sizes.append(size)
        times.sort()
        fac = Conn(10_000, board, acct.cookie, server, stats)
        _, fac_size = await fac.open()
        print(
            f"  new participant joins ({len(times)}): connect + snapshot p50 "
            f"{statistics.median(times):.0f} ms, max {times[-1]:.0f} ms; snapshot "
            f"{statistics.median(sizes) / 1024:.0f} KiB for a guest (hidden cards), "
            f"{fac_size / 1024:.0f} KiB for the author"
        )
        print(f"  server RSS {server.rss_bytes() / 2**20:.0f} MiB")
        if browser:
            await browser_render(server, acct, board, made)
        for c in [*conns, fac]:
            if c.ws is not None:
                c.ws.close()
    finally:
        server.stop()


# In the page, from navigation (performance.now()): when the board's first socket frame with a
# snapshot arrived, the first frame at which one card, then every card, was in the page, and the
# longest task from the snapshot on (how long a click or a key could wait meanwhile).
_RENDER_PROBE = """
(() => {
  const marks = (window.__boardMarks = {});
  const Socket = window.WebSocket;
  window.WebSocket = class extends Socket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        if (!marks.snapshot && String(e.data).includes('"snapshot"')) marks.snapshot = performance.now();
      });
    }
  };
  // A screenful: every column shows its cards down past the bottom of the window, or all of
  // them (its count says how many it has).
  const screenful = () => {
    const columns = [...document.querySelectorAll('[data-testid=column]')];
    return columns.length > 0 && columns.every((col) => {
      const drawn = col.querySelectorAll('article[data-card-id]');
      const count = Number(col.querySelector('[data-testid=column-count]')?.textContent || 0);
      if (drawn.length >= count) return true;
      return drawn.length > 0 && drawn[drawn.length - 1].getBoundingClientRect().top >= window.innerHeight;
    });
  };
  const frame = () => {
    const n = document.querySelectorAll('[data-testid=card]').length;
    if (n > 0 && !marks.first) marks.first = performance.now();
    if (n > 0 && !marks.screen && screenful()) marks.screen = performance.now();
    if (n >= (window.__boardCards || Infinity) && !marks.all) marks.all = performance.now();
    if (!marks.all) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) {
      if (marks.snapshot && task.startTime + task.duration >= marks.snapshot)
        marks.longest = Math.max(marks.longest || 0, task.duration);
    }
  }).observe({ type: 'longtask', buffered: true });
})();
"""


# The last card of each column scrolled to, one column after the other; resolves once each in
# turn is drawn in full (has its buttons), as it is once it comes near the window.
_SCROLL_TO_END = """
(async () => {
  const t = performance.now();
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const lasts = [...document.querySelectorAll('[data-testid=column]')]
    .map((col) => [...col.querySelectorAll('[data-testid=card]')].pop())
    .filter(Boolean);
  for (const card of lasts) {
    const id = card.dataset.cardId;
    card.scrollIntoView({ block: 'center' });
    while (!document.querySelector(`[data-card-id="${id}"] button`)) await frame();
  }
  return { ms: (performance.now() - t) / Math.max(lasts.length, 1), cards: lasts.length };
})()
"""


async def browser_render(server: Server, acct: Account, board: Board, cards: int) -> None:
    """Navigation -> snapshot -> first card -> every card on screen, median of five loads, on
    this machine's CPU and with Chromium's CPU slowed 4x (`Emulation.setCPUThrottlingRate`), a
    stand-in for a mid-range phone."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        print("  browser render: skipped (playwright not installed)")
        return
    chromium = os.environ.get("TWOFOLD_TEST_CHROMIUM", "/usr/bin/chromium")
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            # The app's CSP forbids eval, which Playwright's predicate needs; the page is unchanged.
            context = await browser.new_context(bypass_csp=True)
            await context.add_init_script(f"window.__boardCards = {cards};{_RENDER_PROBE}")
            page = await context.new_page()
            r = await page.request.post(
                f"{server.url}/api/auth/login", data={"email": acct.email, "password": PASSWORD}
            )
            if not r.ok:
                print(f"  browser render: sign-in failed ({r.status})")
                return
            cdp = await context.new_cdp_session(page)
            # A folder to save a screenshot of the loaded board in, to look at it.
            shots = os.environ.get("TWOFOLD_SCREENSHOTS")
            for rate in (1, 4):
                await cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                runs = await _loads(page, f"{server.url}/retros/{board.retro_id}")
                if shots and rate == 1:
                    await page.screenshot(path=str(Path(shots) / "large-board.png"))

                # Right after every card is in the page, the last card of each column scrolled
                # to: until each of them is drawn in full.
                await page.goto(f"{server.url}/retros/{board.retro_id}")
                await page.wait_for_function(
                    "window.__boardMarks && window.__boardMarks.all", timeout=180_000, polling=50
                )
                end = await asyncio.wait_for(page.evaluate(_SCROLL_TO_END), 120)

                def med(key: str, runs: list[dict[str, float]] = runs) -> float:
                    return statistics.median(r[key] for r in runs)

                def after(key: str, runs: list[dict[str, float]] = runs) -> float:
                    return statistics.median(r[key] - r["snapshot"] for r in runs)

                label = "this CPU" if rate == 1 else f"CPU slowed {rate}x"
                print(
                    f"  browser render, {cards} cards, {label} (median of {len(runs)}, from "
                    f"navigation; after the snapshot in brackets): snapshot "
                    f"{med('snapshot'):.0f} ms, first card {med('first'):.0f} ms "
                    f"({after('first'):.0f}), visible cards shown (a screenful in every "
                    f"column) {med('screen'):.0f} ms ({after('screen'):.0f}), every card in the "
                    f"page (past a screenful in brief) {med('all'):.0f} ms ({after('all'):.0f}); "
                    f"longest task after the snapshot "
                    f"{statistics.median(r.get('longest', 0) for r in runs):.0f} ms; the last "
                    f"card of each of the {end['cards']} columns scrolled to and drawn in full "
                    f"in {end['ms']:.0f} ms (mean)"
                )
            # After the reveal every card is a topic of its own (grouping), drawn by the topic
            # board instead of the columns.
            csrf = (await (await page.request.get(f"{server.url}/api/auth/session")).json())[
                "csrf_token"
            ]
            for phase in ("reveal", "group"):
                await page.request.post(
                    f"{server.url}/api/retros/{board.retro_id}/commands",
                    data={
                        "command_id": f"bench_{phase}",
                        "command": {"name": "set_phase", "phase": phase},
                    },
                    headers={"X-CSRF-Token": csrf},
                )
            for rate in (1, 4):
                await cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                runs = await _loads(page, f"{server.url}/retros/{board.retro_id}")
                label = "this CPU" if rate == 1 else f"CPU slowed {rate}x"
                print(
                    f"  browser render, group phase ({cards} topics), {label}: every card in the "
                    f"page {statistics.median(r['all'] for r in runs):.0f} ms ("
                    f"{statistics.median(r['all'] - r['snapshot'] for r in runs):.0f} after the "
                    f"snapshot); longest task "
                    f"{statistics.median(r.get('longest', 0) for r in runs):.0f} ms"
                )
        except Exception as exc:  # report, do not abort the whole bench
            print(f"  browser render: failed ({type(exc).__name__}: {str(exc)[:300]})")
        finally:
            await browser.close()


async def _loads(page: Any, url: str, times: int = 5) -> list[dict[str, float]]:
    """The render probe's marks for `times` loads of the board."""
    runs: list[dict[str, float]] = []
    for _ in range(times):
        await page.goto(url)
        await page.wait_for_function(
            "window.__boardMarks && window.__boardMarks.all", timeout=180_000, polling=100
        )
        await page.wait_for_timeout(200)  # the last long task is reported after it ends
        runs.append(await page.evaluate("window.__boardMarks"))
    return runs


# -------------------------------------------------------------------------------------- CLI


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench live", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="N=50/B=5, 3 short steps (< 1 min)")
    p.add_argument(
        "--scenarios",
        default=os.environ.get("TWOFOLD_BENCH_SCENARIOS", "sqlite200,sqlite1000,pg1000,large"),
        help="comma-separated: sqlite200, sqlite1000, pg1000, large, custom",
    )
    p.add_argument("-n", type=int, default=_env_int("TWOFOLD_BENCH_N", 200), help="custom N")
    p.add_argument("-b", type=int, default=_env_int("TWOFOLD_BENCH_B", 20), help="custom B")
    p.add_argument("--backend", default="sqlite", choices=["sqlite", "pg"], help="custom backend")
    p.add_argument(
        "--rates",
        default=os.environ.get("TWOFOLD_BENCH_RATES", ""),
        help="events/s per step, e.g. 100,500,1000 (default per scenario)",
    )
    p.add_argument(
        "--seconds",
        type=float,
        default=_env_float("TWOFOLD_BENCH_STEP_SECONDS", 6),
        help="length of each step",
    )
    p.add_argument(
        "--profile-rate", type=float, default=None, help="py-spy the server at this step"
    )
    p.add_argument("--large-cards", type=int, default=_env_int("TWOFOLD_BENCH_LARGE_CARDS", 2000))
    p.add_argument("--large-participants", type=int, default=300)
    p.add_argument("--no-browser", action="store_true", help="skip the browser render timing")
    p.add_argument(
        "--no-broadcast",
        action="store_true",
        help="skip the minimal broadcast server each single-process scenario is compared with",
    )
    return p.parse_args(argv)


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    full = rates or [50, 100, 150, 250, 500, 1000, 1500, 2000, 3000, 4000, 5000]
    if args.quick:
        return [Scenario("quick", 50, 5, "sqlite", rates or [50, 150, 300], 4, 50)]
    table = {
        "sqlite200": Scenario("sqlite200", 200, 20, "sqlite", full, args.seconds, 50),
        "sqlite1000": Scenario("sqlite1000", 1000, 100, "sqlite", full, args.seconds, 50),
        "pg1000": Scenario("pg1000", 1000, 100, "pg", full, args.seconds, 100),
        "custom": Scenario("custom", args.n, args.b, args.backend, full, args.seconds, 50),
    }
    return [table[s] for s in args.scenarios.split(",") if s in table]


async def compare_with_broadcast(sc: Scenario, twofold: list[StepResult], tmp: Path) -> float:
    """Drive the minimal broadcast server with the same N, B and generator, and print Twofold's
    highest passing rate as a share of its own: the figure that travels between machines."""
    bare = Scenario(f"{sc.name}-broadcast", sc.n, sc.b, "sqlite", BROADCAST_RATES, sc.seconds,
                    sc.p99_target)  # fmt: skip
    limit = best_rate(await run_scenario(bare, tmp, None, BROADCAST), sc.p99_target)
    ours = best_rate(twofold, sc.p99_target)
    head = f"\n  N={sc.n}/B={sc.b}, p99 <= {sc.p99_target:.0f} ms: Twofold {ours:.0f} events/s, "
    if not limit:
        print(f"{head}broadcast server held no step: the machine is too busy for a ratio")
        return float("nan")
    ratio = ours / limit
    print(
        f"{head}broadcast server {limit:.0f} events/s: ratio {ratio:.2f} (same run, same generator)"
    )
    return ratio


async def amain(args: argparse.Namespace) -> None:
    print(f"Twofold live board load ({pin_self()}; servers pinned with taskset -c 0)")
    tmp = Path(tempfile.mkdtemp(prefix="twofold-live-bench-"))
    try:
        for sc in scenarios(args):
            results = await run_scenario(sc, tmp, args.profile_rate, "twofold")
            if args.broadcast and sc.backend == "sqlite":
                await compare_with_broadcast(sc, results, tmp)
        if not args.quick and "large" in args.scenarios.split(","):
            if args.browser and not WEB_INDEX.exists():
                print("  browser render: skipped (web UI not built: run `make build`)")
            browser = args.browser and WEB_INDEX.exists()
            await large_board(tmp, args.large_cards, args.large_participants, 20, browser)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    # A terminated bench still stops its servers and drops its database (the `finally`s).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.browser = not args.no_browser
    args.broadcast = not args.no_broadcast
    try:
        import uvloop  # the server runs on uvloop too; the generator should not be slower

        uvloop.run(amain(args))
    except ImportError:
        asyncio.run(amain(args))
