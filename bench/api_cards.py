"""Card writes and board reads over the REST API against a real `twofold serve` on SQLite.

Starts a server in its own process on a temporary data folder, signs up, creates a retro, then
adds cards one after another and reads the board, printing latency percentiles and rates.
"""

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

CARDS = int(os.environ.get("TWOFOLD_BENCH_CARDS", "500"))
READS = int(os.environ.get("TWOFOLD_BENCH_READS", "200"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TWOFOLD_DATA_DIR": str(data_dir), "TWOFOLD_PORT": str(port)}
    env["TWOFOLD_LOG_LEVEL"] = "warning"
    env.pop("TWOFOLD_DATABASE_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "twofold", "serve"], env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/setup", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def _report(name: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rate = len(samples) / sum(samples)
    print(f"{name:<28} n={len(samples):>5}  p50={p50:6.2f} ms  p99={p99:6.2f} ms  "
          f"max={ordered[-1] * 1000:7.2f} ms  {rate:7.1f}/s (one client, sequential)")  # fmt: skip


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="twofold-bench-"))
    port = _free_port()
    proc = _start(tmp, port)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as c:
            r = c.post(
                "/api/auth/signup",
                json={
                    "email": "bench@example.com",
                    "password": "bench-password-1",
                    "display_name": "B",
                },
            )
            r.raise_for_status()
            c.headers["X-CSRF-Token"] = r.json()["csrf_token"]
            # The cookie is Secure, which httpx won't send over plain http: pass it by hand once,
            # then work with an API token as a script would.
            cookie = {"Cookie": f"twofold_session={r.cookies['twofold_session']}"}
            made = c.post("/api/tokens", json={"name": "bench"}, headers=cookie)
            token = made.raise_for_status().json()["token"]
            c.cookies.clear()
            c.headers["Authorization"] = f"Bearer {token}"
            team = c.post("/api/teams", json={"name": "Bench", "role": "eng"}).json()
            retro = c.post(f"/api/teams/{team['id']}/retros", json={"title": "Bench"}).json()
            # Cards are written in the reflect phase; a new retro starts at check-in.
            c.post(
                f"/api/retros/{retro['id']}/commands",
                json={
                    "command_id": "bench-reflect",
                    "command": {"name": "set_phase", "phase": "reflect"},
                },
            ).raise_for_status()
            column = retro["columns"][1]["id"]
            writes: list[float] = []
            for i in range(CARDS):
                while True:
                    t0 = time.perf_counter()
                    r = c.post(
                        f"/api/retros/{retro['id']}/cards",
                        json={"column_id": column, "text": f"card {i} " + "x" * 120},
                    )
                    if r.status_code != 429:
                        break
                    # One person's writes are limited (20/s after a burst of 100): wait as told,
                    # and time only the request that was let through.
                    time.sleep(float(r.headers.get("Retry-After", "1")))
                r.raise_for_status()
                writes.append(time.perf_counter() - t0)
            reads: list[float] = []
            for _ in range(READS):
                t0 = time.perf_counter()
                c.get(f"/api/retros/{retro['id']}").raise_for_status()
                reads.append(time.perf_counter() - t0)
        print(f"Twofold REST API on SQLite ({CARDS} cards, board read with all of them)")
        _report("add card (POST)", writes)
        _report(f"read board ({CARDS} cards)", reads)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
