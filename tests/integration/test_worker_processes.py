"""Workers as real processes, on both databases: two `twofold worker` processes racing for the
same rows, one killed with SIGKILL in the middle of its work, `twofold serve` doing the work
with no worker beside it, and `twofold outbox` showing and retrying what failed."""

import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, select, text

from tests.command_line import command
from tests.integration.conftest import Live
from tests.integration.test_cli import Cli, cli  # noqa: F401 (a fixture)
from tests.integration.test_mail import outbox_rows
from tests.mail_server import mail_server
from tests.ports import free_port
from twofold.domain.mail import Mail
from twofold.domain.team_events import MemberLeft
from twofold.services import mail_queue
from twofold.services.context import Ctx
from twofold.store.database import Database, normalise_url
from twofold.store.tables import OutboxRow


def _wait(what: str, check: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {what}")
        time.sleep(0.05)


@contextmanager
def _worker(on: Cli, name: str) -> Iterator[subprocess.Popen[str]]:
    """`twofold worker` in its own process, running once it says so."""
    log = (on.cwd / f"{name}.log").open("w")
    process = subprocess.Popen(
        [*command(), "worker"],
        env=on.env,
        cwd=on.cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(f"{name} to start", lambda: "is running" in (on.cwd / f"{name}.log").read_text())
        yield process
    finally:
        stuck = False
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                stuck = True
                process.kill()
                process.wait()
        log.close()
        if stuck:
            said = (on.cwd / f"{name}.log").read_text()[-3000:]
            raise AssertionError(f"{name} was still running 60 s after SIGTERM; it said:\n{said}")


def _queue_mail(on: Cli, count: int) -> None:
    db = Database(on.url)
    try:
        with db.write() as tx:
            for n in range(count):
                mail_queue.queue(tx, Mail(f"person{n}@example.com", f"Message {n}", "Hello"))
    finally:
        db.dispose()


def _mail_env(on: Cli, port: int, **more: str) -> None:
    on.env.update(
        TWOFOLD_SMTP_HOST="127.0.0.1",
        TWOFOLD_SMTP_PORT=str(port),
        TWOFOLD_SMTP_SECURITY="none",
        TWOFOLD_WORKER_POLL_SECONDS="0.05",
        **more,
    )


def test_two_worker_processes_handle_each_row_once(cli: Cli) -> None:  # noqa: F811
    cli.ok("db", "upgrade")
    port = free_port()
    _mail_env(cli, port)
    with mail_server(port=port) as server, _worker(cli, "first"), _worker(cli, "second"):
        # Both are polling when the work arrives, so both go for the same rows.
        _queue_mail(cli, 60)
        server.wait_for(60)
        _wait(
            "every row done",
            lambda: cli.query("SELECT count(*) FROM outbox WHERE done_at IS NULL") == [(0,)],
        )
    subjects = sorted(r.message["Subject"] for r in server.received)
    assert subjects == sorted(f"Message {n}" for n in range(60))
    assert cli.query("SELECT DISTINCT attempts FROM outbox") == [(1,)]
    takers = {row[0] for row in cli.query("SELECT claimed_by FROM outbox")}
    assert takers == {None}
    logs = (cli.cwd / "first.log").read_text() + (cli.cwd / "second.log").read_text()
    assert "Traceback" not in logs


@contextmanager
def _silent_mail_server() -> Iterator[tuple[int, threading.Event]]:
    """Accepts connections and never says a word, so a mail handler waits in the middle of
    its work (for as long as its timeout)."""
    listener = socket.create_server(("127.0.0.1", 0))
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1], connected
    finally:
        listener.close()
        for conn in held:
            conn.close()


def test_a_worker_killed_mid_work_loses_nothing(cli: Cli) -> None:  # noqa: F811
    cli.ok("db", "upgrade")
    _queue_mail(cli, 1)
    with _silent_mail_server() as (port, connected):
        _mail_env(cli, port, TWOFOLD_SMTP_TIMEOUT_SECONDS="300", TWOFOLD_WORKER_LEASE_SECONDS="2")
        with _worker(cli, "doomed") as doomed:
            assert connected.wait(30), "the worker never reached the mail server"
            [(claimed_by, attempts, done_at)] = cli.query(
                "SELECT claimed_by, attempts, done_at FROM outbox"
            )
            assert claimed_by is not None
            assert (attempts, done_at) == (1, None)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(10)
    port = free_port()
    _mail_env(cli, port)
    with mail_server(port=port) as server, _worker(cli, "rescuer"):
        [received] = server.wait_for(1)
        _wait(
            "the row done",
            lambda: cli.query("SELECT count(*) FROM outbox WHERE done_at IS NULL") == [(0,)],
        )
    assert received.message["Subject"] == "Message 0"
    assert cli.query("SELECT attempts, claimed_by, last_error FROM outbox") == [(2, None, None)]


def test_serve_alone_does_the_outbox_work(live: Live) -> None:
    owner = live.owner
    team_id = owner.http("GET", "/api/teams")[0]["id"]
    debt = owner.http("POST", f"/api/teams/{team_id}/debt", 201, json={"title": "Slow build"})
    db = Database(live.server.database_url)
    table = OutboxRow.__table__
    query = select(table).where(table.c.kind == "team.debt_created")
    try:

        def rows() -> list[Any]:
            with db.read() as tx:
                return list(tx.execute(query))

        _wait("the server's own worker", lambda: [r.done_at is None for r in rows()] == [False])
        [row] = rows()
        assert row.attempts == 1
        assert row.payload == {"team_id": team_id, "debt_id": debt["id"]}
    finally:
        db.dispose()


def _execute(on: Cli, sql: str, **params: Any) -> None:
    engine = create_engine(normalise_url(on.url))
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def test_outbox_command_lists_counts_and_retries(cli: Cli) -> None:  # noqa: F811
    cli.ok("db", "upgrade")
    db = Database(cli.url)
    try:
        with Ctx(db).recording() as rec:
            for user in ("user-1", "user-2", "user-3"):
                rec.team(MemberLeft("team-1", user, None))
        ids = {row.payload["user_id"]: row.id for row in outbox_rows(Ctx(db))}
    finally:
        db.dispose()
    for user in ("user-1", "user-2"):
        _execute(
            cli,
            "UPDATE outbox SET failed_at = created_at, attempts = 8, last_error = :error "
            "WHERE id = :id",
            id=ids[user],
            error=f"ConnectionError: tracker down for {user}",
        )

    counts = cli.ok("outbox", "counts").splitlines()
    assert counts[1].split() == ["team.member_left", "1", "2"]
    assert counts[-1].split() == ["all", "1", "2"]
    listed = cli.ok("outbox", "list").splitlines()[1:]
    rows = [line.split()[:4] for line in listed]
    # Given up on first, then what is still to do.
    assert sorted(rows[:2]) == sorted(
        [
            [ids["user-1"], "team.member_left", "failed", "8"],
            [ids["user-2"], "team.member_left", "failed", "8"],
        ]
    )
    assert rows[2:] == [[ids["user-3"], "team.member_left", "pending", "0"]]
    assert "ConnectionError: tracker down for user-1" in listed[0] + listed[1]
    assert len(cli.ok("outbox", "list", "--failed").splitlines()) == 3
    assert ids["user-3"] in cli.ok("outbox", "list", "--pending")
    assert cli.run("outbox", "list", "--failed", "--pending").returncode == 2

    assert f"Trying {ids['user-1']}" in cli.ok("outbox", "retry", ids["user-1"])
    assert cli.query(f"SELECT attempts, failed_at FROM outbox WHERE id = '{ids['user-1']}'") == [
        (0, None)
    ]
    unknown = cli.run("outbox", "retry", "no-such-row")
    assert (unknown.returncode, unknown.stderr.strip()) == (1, "error: No delivery has that id.")
    assert cli.run("outbox", "retry").returncode == 2
    assert cli.ok("outbox", "retry", "--failed").strip() == "Trying again: 1."
    assert (
        cli.ok("outbox", "list", "--failed").strip() == "Nothing waiting and nothing given up on."
    )

    out = cli.ok("worker", "--once")
    assert "Done 3, to retry 0, given up 0. Waiting now: 0." in out
    done = cli.run("outbox", "retry", ids["user-2"])
    assert (done.returncode, done.stderr.strip()) == (1, "error: That delivery is done already.")
