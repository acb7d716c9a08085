"""Real `twofold serve` processes for the benchmarks, pinned to one core, and what they cost.

Each server runs under `taskset -c 0`; the load generator pins itself to core 1, so the two do
not compete for a core and the server's CPU share is read straight from /proc.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import httpx

PG_ADMIN = os.environ.get("TWOFOLD_BENCH_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("TWOFOLD_BENCH_REDIS", "redis://127.0.0.1:6379/0")
SERVER_CORE = os.environ.get("TWOFOLD_BENCH_SERVER_CORE", "0")
CLIENT_CORE = int(os.environ.get("TWOFOLD_BENCH_CLIENT_CORE", "1"))
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pin_self() -> str:
    """Pin the load generator to its own core; say what happened."""
    if (os.cpu_count() or 1) < 2 or not hasattr(os, "sched_setaffinity"):
        return "load generator not pinned (fewer than 2 cores)"
    os.sched_setaffinity(0, {CLIENT_CORE})
    return f"load generator on core {CLIENT_CORE}"


@dataclass
class Server:
    data_dir: Path
    database_url: str = ""
    redis_url: str = ""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    pinned: bool = False
    module: str = "twofold"
    _log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self) -> "Server":
        env = {
            **os.environ,
            "TWOFOLD_DATA_DIR": str(self.data_dir),
            "TWOFOLD_PORT": str(self.port),
            "TWOFOLD_HOST": "127.0.0.1",
            "TWOFOLD_LOG_LEVEL": "warning",
            "TWOFOLD_SECRET_KEY": "bench-secret-key-bench-secret-key",
            # Facilitators of many boards are separate accounts (see live_load.setup).
            "TWOFOLD_OPEN_SIGNUP": "true",
            "TWOFOLD_REDIS_URL": self.redis_url,
        }
        if self.database_url:
            env["TWOFOLD_DATABASE_URL"] = self.database_url
        else:
            env.pop("TWOFOLD_DATABASE_URL", None)
        cmd = [sys.executable, "-m", self.module, "serve"]
        taskset = shutil.which("taskset")
        if taskset and (os.cpu_count() or 1) >= 2:
            # taskset execs the server, so the pid we hold is the server's own.
            cmd = [taskset, "-c", SERVER_CORE, *cmd]
            self.pinned = True
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._log = (self.data_dir / f"server-{self.port}.log").open("ab")
        root = Path(__file__).resolve().parents[1]
        self.process = subprocess.Popen(cmd, env=env, stdout=self._log, stderr=self._log, cwd=root)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.url}/api/setup", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.05)
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"server did not start: {self.log_text()[-2000:]}")

    def log_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.data_dir.glob("server-*.log"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # After the command name: state is field 3, utime 14 and stime 15 (1-based, man proc).
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_bytes(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0


class CpuMeter:
    """CPU% of a set of processes (and of this one) between `start()` and `stop()`."""

    def __init__(self, servers: list[Server]) -> None:
        self.servers = servers
        self._t0 = self._s0 = self._c0 = 0.0

    def start(self) -> None:
        self._t0 = time.perf_counter()
        self._s0 = sum(s.cpu_seconds() for s in self.servers)
        self._c0 = _own_cpu()

    def stop(self) -> tuple[float, float]:
        wall = time.perf_counter() - self._t0
        server = sum(s.cpu_seconds() for s in self.servers) - self._s0
        client = _own_cpu() - self._c0
        return 100 * server / wall, 100 * client / wall


def _own_cpu() -> float:
    t = os.times()
    return t.user + t.system


class PostgresDatabase:
    """A fresh database on the local PostgreSQL server, dropped afterwards."""

    def __init__(self) -> None:
        self.name = f"twofold_bench_{uuid.uuid4().hex[:10]}"
        self.url = f"{PG_ADMIN}/{self.name}"

    def _psql(self, sql: str) -> None:
        subprocess.run(
            ["psql", f"{PG_ADMIN}/postgres", "-v", "ON_ERROR_STOP=1", "-qc", sql],
            check=True,
            capture_output=True,
            timeout=60,
        )

    def create(self) -> "PostgresDatabase":
        self._psql(f'CREATE DATABASE "{self.name}"')
        return self

    def drop(self) -> None:
        try:
            self._psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"  (could not drop database {self.name}: {exc})")
