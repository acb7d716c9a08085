"""Real storage faults against a real server: a SQLite file locked by another process, a disk
that takes no more bytes, a write-ahead log the server may not write, and PostgreSQL backends
terminated mid-request.

What people see is asserted: 503 with `Retry-After` and `storage_unavailable` over REST, a
`retry_later` error frame on a board socket that stays open, reads that still work where the
storage allows, and a command sent again once the fault has passed applied exactly once, with
every acknowledged card still there."""

import json
import resource
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from websockets.sync.client import ClientConnection

from tests.databases import pg_database, require_pg, sqlite_copy
from tests.held_lock import HeldLock
from tests.live_server import Person, Server, receive, receive_until, signup


@dataclass
class Board:
    server: Server
    owner: Person
    retro_id: str
    column_id: str
    team_id: str

    def add_card(self, text: str, command_id: str) -> httpx.Response:
        body = {
            "command_id": command_id,
            "command": {"name": "add_card", "column_id": self.column_id, "text": text},
        }
        return self.request("POST", f"/api/retros/{self.retro_id}/commands", json=body)

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Cookie": f"twofold_session={self.owner.token}", "X-CSRF-Token": self.owner.csrf}
        return httpx.request(
            method, f"{self.server.url}{path}", headers=headers, timeout=30, **kwargs
        )

    def texts(self) -> list[str]:
        board = self.owner.http("GET", f"/api/retros/{self.retro_id}")
        return [card["text"] for card in board["cards"]]


def _board(server: Server) -> Board:
    owner = signup(server, "owner@example.com", "Olive Owner")
    team = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
    retro = owner.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R1"})
    owner.command(retro["id"], "set_phase", phase="reflect")
    return Board(server, owner, retro["id"], retro["columns"][0]["id"], team["id"])


def _frame(command_id: str, column_id: str, text: str) -> str:
    command = {"name": "add_card", "column_id": column_id, "text": text}
    return json.dumps({"type": "command", "command_id": command_id, "command": command})


def _unavailable(response: httpx.Response, reason: str) -> dict[str, Any]:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"].isdigit()
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "storage_unavailable"
    assert error["details"]["reason"] == reason
    assert error["details"]["retry_after"] == int(response.headers["Retry-After"])
    assert "nothing was changed" in error["message"]
    return error


def _deferred(ws: ClientConnection, command_id: str, column_id: str, text: str) -> dict[str, Any]:
    """Send a command while storage is down: it is answered `retry_later`, and the socket
    stays open (a ping still gets its pong)."""
    ws.send(_frame(command_id, column_id, text))
    error, _ = receive_until(ws, "error", command_id=command_id)
    assert error["error"]["code"] == "retry_later"
    assert error["error"]["details"]["retry_after"] >= 1
    ws.send('{"type":"ping"}')
    receive_until(ws, "pong")
    return dict(error["error"])


def _sent_until_acked(ws: ClientConnection, frame: str, command_id: str) -> dict[str, Any]:
    """Send as the client's outbox does: again after each `retry_later` (a pooled connection
    that still held the file read-only refuses once before it is replaced), until acked. SQLite's
    pool holds up to 15 connections (5 kept, 10 more under load), so up to 15 refusals."""
    for _ in range(16):
        ws.send(frame)
        while True:
            answer = receive(ws)
            if answer.get("command_id") != command_id:
                continue
            if answer.get("type") == "ack":
                return answer
            assert answer["error"]["code"] == "retry_later", answer
            break
    raise AssertionError(f"{command_id} was never acked")


def _applied_once(ws: ClientConnection, board: Board, command_id: str, text: str) -> None:
    """The client's outbox sends the command again: applied now, and once only."""
    first = _sent_until_acked(ws, _frame(command_id, board.column_id, text), command_id)
    assert first["duplicate"] is False
    again = _sent_until_acked(ws, _frame(command_id, board.column_id, text), command_id)
    assert again["duplicate"] is True
    assert again["seq"] == first["seq"]
    assert board.texts().count(text) == 1


def _acked(ws: ClientConnection, board: Board, texts: list[str]) -> None:
    for card in texts:
        command_id = uuid.uuid4().hex
        ws.send(_frame(command_id, board.column_id, card))
        receive_until(ws, "ack", command_id=command_id)


# ---- SQLite ------------------------------------------------------------------------------


@pytest.fixture
def sqlite_server(tmp_path: Path, sqlite_template: Path) -> Iterator[Server]:
    (tmp_path / "data").mkdir()
    url = sqlite_copy(sqlite_template, tmp_path / "data")
    server = Server(tmp_path / "data", url, env={"TWOFOLD_SQLITE_BUSY_TIMEOUT_SECONDS": "0.5"})
    server.start()
    try:
        yield server
    finally:
        server.stop()


def test_a_lock_held_by_another_process(sqlite_server: Server) -> None:
    board = _board(sqlite_server)
    with board.owner.socket(board.retro_id) as ws:
        receive_until(ws, "snapshot")
        _acked(ws, board, ["before the lock 1", "before the lock 2"])

        lock = HeldLock(sqlite_server.data_dir / "twofold.db")
        try:
            rest_id = uuid.uuid4().hex
            error = _unavailable(board.add_card("over REST while locked", rest_id), "locked")
            assert error["details"]["retry_after"] == 2
            # Reads go on: WAL readers do not wait for the writer.
            assert "before the lock 1" in board.texts()
            _unavailable(board.request("GET", "/readyz"), "locked")
            assert board.request("GET", "/healthz").json() == {"status": "ok"}
            socket_id = uuid.uuid4().hex
            _deferred(ws, socket_id, board.column_id, "over the socket while locked")
        finally:
            lock.release()

        assert board.request("GET", "/readyz").status_code == 200
        _applied_once(ws, board, socket_id, "over the socket while locked")
    assert board.add_card("over REST while locked", rest_id).json()["duplicate"] is False
    assert board.add_card("over REST while locked", rest_id).json()["duplicate"] is True
    texts = board.texts()
    assert texts.count("over REST while locked") == 1
    assert {"before the lock 1", "before the lock 2"} <= set(texts)
    log = sqlite_server.log_text()
    assert "Traceback" not in log
    assert "storage unavailable (locked) on POST" in log
    assert "board command deferred, storage unavailable (locked)" in log


def test_a_full_disk(sqlite_server: Server) -> None:
    """The server may write no file past its first byte (RLIMIT_FSIZE set on the running
    process): every write to the database or its log fails as on a full disk."""
    board = _board(sqlite_server)
    assert sqlite_server.process is not None
    pid = sqlite_server.process.pid
    with board.owner.socket(board.retro_id) as ws:
        receive_until(ws, "snapshot")
        _acked(ws, board, ["before the disk filled"])

        before = resource.prlimit(pid, resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
        try:
            rest_id = uuid.uuid4().hex
            _unavailable(board.add_card("over REST on a full disk", rest_id), "disk")
            socket_id = uuid.uuid4().hex
            _deferred(ws, socket_id, board.column_id, "over the socket on a full disk")
            _unavailable(board.request("GET", "/readyz"), "disk")
            assert "before the disk filled" in board.texts()
        finally:
            resource.prlimit(pid, resource.RLIMIT_FSIZE, before)

        assert board.request("GET", "/readyz").status_code == 200
        _applied_once(ws, board, socket_id, "over the socket on a full disk")
    assert board.add_card("over REST on a full disk", rest_id).json()["duplicate"] is False
    texts = board.texts()
    assert texts.count("over REST on a full disk") == 1
    assert "before the disk filled" in texts
    assert sqlite_server.process.poll() is None


def test_a_write_ahead_log_the_server_may_not_write(tmp_path: Path, sqlite_template: Path) -> None:
    """The server's `-wal` file is read-only to it (as after a restore done by another user).
    Tests may run as root, whom file modes do not stop, so the server runs without the
    capabilities that let root ignore them. Reads work, writes are refused with 503 and the
    socket waits; once the file is writable again, writes resume without a restart."""
    data = tmp_path / "data"
    data.mkdir()
    url = sqlite_copy(sqlite_template, data)
    server = Server(data, url).start()
    board = _board(server)
    with board.owner.socket(board.retro_id) as ws:  # joining the board is a write of its own
        receive_until(ws, "snapshot")
    server.kill()  # leaves the write-ahead log in place
    wal = data / "twofold.db-wal"
    assert wal.exists()
    wal.chmod(0o444)

    no_override = "-dac_override,-dac_read_search"
    server.run_as = ["setpriv", f"--bounding-set={no_override}", f"--inh-caps={no_override}"]
    server.start()
    try:
        with board.owner.socket(board.retro_id) as ws:
            receive_until(ws, "snapshot")
            assert board.texts() == []
            rest_id = uuid.uuid4().hex
            _unavailable(board.add_card("over REST, log read-only", rest_id), "read_only")
            socket_id = uuid.uuid4().hex
            _deferred(ws, socket_id, board.column_id, "over the socket, log read-only")
            _unavailable(board.request("GET", "/readyz"), "read_only")

            wal.chmod(0o644)
            assert _eventually_ready(board)
            _applied_once(ws, board, socket_id, "over the socket, log read-only")
        # As the web app does on a 503: sent again. A pooled connection that still held the file
        # read-only may refuse once more (and is dropped for it); the write is then applied once.
        for _ in range(20):
            answer = board.add_card("over REST, log read-only", rest_id)
            if answer.status_code != 503:
                break
            _unavailable(answer, "read_only")
        assert answer.status_code == 200, answer.text
        assert answer.json()["duplicate"] is False
        assert board.texts().count("over REST, log read-only") == 1
        assert "Traceback" not in server.log_text()
    finally:
        server.stop()


def _eventually_ready(board: Board) -> bool:
    """Each pooled connection that still holds the file read-only is dropped on its first
    refusal, so readiness returns within a few probes."""
    return any(board.request("GET", "/readyz").status_code == 200 for _ in range(20))


# ---- PostgreSQL --------------------------------------------------------------------------


@pytest.fixture
def pg_server(tmp_path: Path) -> Iterator[tuple[Server, str]]:
    require_pg()
    with pg_database() as url:
        server = Server(tmp_path, url).start()
        try:
            yield server, url
        finally:
            server.stop()


class LockedCards:
    """Holds an ACCESS EXCLUSIVE lock on `cards`, so the server's next statement on that table
    waits; `terminate_waiting` then ends that backend, as an operator's `pg_terminate_backend`
    or a failover would, in the middle of the request."""

    def __init__(self, url: str) -> None:
        self.database = make_url(url).database
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.holder = self.engine.connect()
        self.holder.exec_driver_sql("BEGIN")
        self.holder.exec_driver_sql("LOCK TABLE cards IN ACCESS EXCLUSIVE MODE")

    def terminate_waiting(self) -> int:
        """Wait for a backend of the server to queue on the lock, terminate it, let go."""
        with self.engine.connect() as admin:
            for _ in range(500):
                ended = admin.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = :db AND wait_event_type = 'Lock' "
                        "AND pid <> pg_backend_pid()"
                    ),
                    {"db": self.database},
                ).scalar_one()
                if ended:
                    break
                time.sleep(0.02)
        self.holder.exec_driver_sql("ROLLBACK")
        self.holder.close()
        self.engine.dispose()
        return int(ended)


def _in_thread(call: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(call()))
    thread.start()
    return thread, out


def test_a_terminated_backend_during_a_read_is_retried_once(
    pg_server: tuple[Server, str],
) -> None:
    server, url = pg_server
    board = _board(server)
    board.owner.command(board.retro_id, "add_card", column_id=board.column_id, text="kept")
    locked = LockedCards(url)
    thread, out = _in_thread(lambda: board.request("GET", f"/api/retros/{board.retro_id}"))
    assert locked.terminate_waiting() == 1
    thread.join(30)
    response = out[0]
    assert response.status_code == 200, response.text
    assert [card["text"] for card in response.json()["cards"]] == ["kept"]
    log = server.log_text()
    assert "storage unavailable (unreachable) on GET" in log
    assert "Traceback" not in log


def test_a_terminated_backend_during_a_write(pg_server: tuple[Server, str]) -> None:
    server, url = pg_server
    board = _board(server)
    with board.owner.socket(board.retro_id) as ws:
        receive_until(ws, "snapshot")
        _acked(ws, board, ["before the failover"])

        rest_id = uuid.uuid4().hex
        locked = LockedCards(url)
        thread, out = _in_thread(lambda: board.add_card("over REST, failover", rest_id))
        assert locked.terminate_waiting() == 1
        thread.join(30)
        error = _unavailable(out[0], "unreachable")
        assert error["details"]["retry_after"] == 1

        locked = LockedCards(url)
        socket_id = uuid.uuid4().hex
        ws.send(_frame(socket_id, board.column_id, "over the socket, failover"))
        assert locked.terminate_waiting() == 1
        deferred, _ = receive_until(ws, "error", command_id=socket_id)
        assert deferred["error"]["code"] == "retry_later"
        _applied_once(ws, board, socket_id, "over the socket, failover")
    assert board.add_card("over REST, failover", rest_id).json()["duplicate"] is False
    texts = board.texts()
    assert texts.count("over REST, failover") == 1
    assert "before the failover" in texts
    assert "Traceback" not in server.log_text()


def _report_when(board: Board, report_id: str, status: str) -> dict[str, Any]:
    """The report as the team page polls it, once the worker has brought it to `status`."""
    deadline = time.monotonic() + 60
    while True:
        report: dict[str, Any] = board.owner.http(
            "GET", f"/api/teams/{board.team_id}/reports/{report_id}"
        )
        if report["status"] == status or time.monotonic() > deadline:
            assert report["status"] == status, report
            return report
        time.sleep(0.2)


def test_a_full_disk_while_a_report_is_saved(pg_server: tuple[Server, str]) -> None:
    """The server's process may write no file past its first byte while the worker inside it
    saves a Tech Health report (the database, on PostgreSQL, is another process's disk and goes
    on). The job fails with the reason people can read, leaves no half-written file, the board
    keeps working, and the same report is drawn once the disk takes bytes again."""
    server, _ = pg_server
    board = _board(server)
    assert server.process is not None
    pid = server.process.pid
    reports = f"/api/teams/{board.team_id}/reports"
    before = resource.prlimit(pid, resource.RLIMIT_FSIZE, (1, resource.RLIM_INFINITY))
    try:
        job = board.owner.http("POST", reports, 202, json={"format": "pptx"})
        failed = _report_when(board, job["id"], "failed")
        assert failed["error"].startswith("The report could not be saved in the report folder: ")
        assert failed["retryable"] is True
        assert failed["file_url"] is None
        assert list(server.data_dir.rglob(".part-*")) == [], "no half-written file is left"
        # The rest of the service is not held up by the full disk.
        assert board.add_card("written while the disk was full", uuid.uuid4().hex).is_success
    finally:
        resource.prlimit(pid, resource.RLIMIT_FSIZE, before)

    board.owner.http("POST", f"{reports}/{job['id']}/retry", 202)
    done = _report_when(board, job["id"], "done")
    assert done["attempts"] == 2
    response = board.request("GET", done["file_url"])
    assert response.status_code == 200
    assert response.content[:2] == b"PK", "a whole .pptx (a zip archive)"
    assert "written while the disk was full" in board.texts()
    assert server.process.poll() is None
