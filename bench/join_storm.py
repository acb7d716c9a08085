"""A join storm: many people open one board at once while others keep working on it.

One `twofold serve` (SQLite, pinned to core 0 like every bench server) holds a board with a few
participants who each send a card every half second. Then JOINS more guests open the board
together. Printed: how long until every joiner had its snapshot, the server's CPU meanwhile,
how many bytes the joiners and the workers received, and the working participants' command
latency (send to ack) before and during the storm.

Target (docs/performance.md): 1,000 joins in at most 5 s, the others' ack p99 at most 100 ms.
"""

import argparse
import asyncio
import signal
import statistics
import tempfile
import time
from pathlib import Path

from bench.live_load import (
    Conn,
    Stats,
    _client,
    connect_all,
    join_guests,
    make_board,
    profile_summary,
    signup,
    start_profile,
)
from bench.servers import Server, pin_self


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class Workers:
    """The participants already on the board, each adding a card every `interval` seconds;
    ack latency is measured from the moment a command was sent to its ack."""

    def __init__(self, conns: list[Conn], interval: float) -> None:
        self.conns = conns
        self.interval = interval
        self.latencies: list[float] = []
        self._sent: dict[str, float] = {}
        self._k = 0
        for c in conns:
            assert c.ws is not None, "connect the workers first"
            c.ws.on_text = self._wrap(c)

    def _wrap(self, conn: Conn):  # type: ignore[no-untyped-def]
        plain = Conn.on_text.__get__(conn)

        def on_text(payload: bytes, t: float) -> None:
            if payload.startswith(b'{"type":"ack"'):
                cid = payload.split(b'"command_id":"', 1)[1].split(b'"', 1)[0].decode()
                sent = self._sent.pop(cid, None)
                if sent is not None:
                    self.latencies.append((t - sent) * 1000)
            plain(payload, t)

        return on_text

    async def run(self, seconds: float) -> list[float]:
        self.latencies = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            for c in self.conns:
                assert c.ws is not None
                self._k += 1
                cid = f"storm_{c.idx}_{self._k:06d}"
                column = c.board.columns[self._k % len(c.board.columns)]
                self._sent[cid] = time.perf_counter()
                c.ws.send_text(
                    f'{{"type":"command","command_id":"{cid}","command":'
                    f'{{"name":"add_card","column_id":"{column}","text":"card {cid}"}}}}'
                )
            await asyncio.sleep(self.interval)
        await asyncio.sleep(0.5)  # the last acks
        return list(self.latencies)


def _received(conns: list[Conn]) -> int:
    return sum(c.ws.bytes_received if c.ws is not None else 0 for c in conns)


async def storm(
    joins: int, workers: int, parallel: int, profile: bool = False, top: int = 18
) -> None:
    print(
        f"\n=== join storm: {joins} people open one board at once, {workers} others add a card "
        f"every 0.5 s each (sqlite)"
    )
    print(f"  {pin_self()}")
    with tempfile.TemporaryDirectory(prefix="twofold-storm-") as tmp:
        server = Server(Path(tmp) / "storm").start()
        stats = Stats()
        try:
            async with _client(server) as client:
                acct = await signup(client, "storm@bench.example.com", "Storm Facilitator")
                board = await make_board(client, acct, 0)
            cookies = await join_guests([server], [board.invite] * (joins + workers))
            working = [Conn(i, board, ck, server, stats) for i, ck in enumerate(cookies[:workers])]
            joiners = [
                Conn(workers + i, board, ck, server, stats)
                for i, ck in enumerate(cookies[workers:])
            ]
            await connect_all(working, parallel=workers)
            team = Workers(working, 0.5)
            calm = await team.run(3)
            print(
                f"  before: ack p50 {statistics.median(calm):.1f} ms, p99 {_pct(calm, 0.99):.1f} ms"
                f" ({len(calm)} commands)"
            )
            base_bytes = _received(working)
            spy = start_profile(server, 600, Path(tmp) / "storm.txt") if profile else None
            cpu0 = server.cpu_seconds()
            t0 = time.perf_counter()
            during = asyncio.create_task(team.run(3600))
            times = await connect_all(joiners, parallel=parallel)
            took = time.perf_counter() - t0
            cpu = server.cpu_seconds() - cpu0
            team_latencies = list(team.latencies)
            during.cancel()
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                spy.wait()
                print(profile_summary(Path(tmp) / "storm.txt", top))
            print(
                f"  {len(times)} joins in {took:.1f} s (each: connect + snapshot p50 "
                f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, "
                f"{parallel} at a time); server CPU {cpu:.1f} s"
            )
            print(
                f"  during: ack p50 {statistics.median(team_latencies):.1f} ms, p99 "
                f"{_pct(team_latencies, 0.99):.1f} ms, max {max(team_latencies):.1f} ms "
                f"({len(team_latencies)} commands)"
            )
            await asyncio.sleep(2)  # presence settles
            print(
                f"  received per worker during the storm: "
                f"{(_received(working) - base_bytes) / workers / 1024:.0f} KiB"
            )
            verdict = "met" if took <= 5 and _pct(team_latencies, 0.99) <= 100 else "NOT met"
            print(f"  target (1,000 joins <= 5 s, others' ack p99 <= 100 ms): {verdict}")
            if stats.errors:
                print(f"  errors: {dict(stats.errors)}")
            for c in [*working, *joiners]:
                if c.ws is not None:
                    c.ws.close()
        finally:
            server.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench storm", description=__doc__)
    parser.add_argument("--joins", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--parallel", type=int, default=200, help="joins in flight at once")
    parser.add_argument("--profile", action="store_true", help="sample the server with py-spy")
    parser.add_argument("--top", type=int, default=18, help="functions listed by the profile")
    args = parser.parse_args(argv)
    asyncio.run(storm(args.joins, args.workers, args.parallel, args.profile, args.top))
