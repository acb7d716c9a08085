"""The live board survives a killed server, and scales out over PostgreSQL + Redis."""

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

from tests.board_model import BoardModel
from tests.databases import empty_pg
from tests.integration.conftest import Live
from tests.live_server import Person, Server, receive, receive_until, signup

REDIS_URL = os.environ.get("TWOFOLD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def live(own_live: Live) -> Live:
    """A server of the test's own: it is killed and started again."""
    return own_live


def _add(text: str, column_id: str) -> tuple[str, str]:
    cid = uuid.uuid4().hex
    frame = {"type": "command", "command_id": cid,
             "command": {"name": "add_card", "column_id": column_id, "text": text}}  # fmt: skip
    return cid, json.dumps(frame)


def test_sigkill_mid_retro_loses_no_acknowledged_card(live: Live) -> None:
    with live.owner.socket(live.rid) as watcher:
        snapshot, _ = receive_until(watcher, "snapshot")
    model = BoardModel.from_snapshot(
        snapshot["board"], snapshot["seq"], snapshot["log"], snapshot["tag"]
    )

    acked: list[str] = []
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        for i in range(40):
            ws.send(_add(f"written before the crash {i}", live.column(1))[1])
        try:
            while True:
                frame = receive(ws)
                if frame["type"] == "ack":
                    acked.append(frame["result"]["card_id"])
                    if len(acked) == 10:
                        live.server.kill()
        except ConnectionClosed:
            pass
    assert len(acked) >= 10

    live.server.start()
    board = live.eng.http("GET", f"/api/retros/{live.rid}")
    stored = {c["id"] for c in board["cards"]}
    assert set(acked) <= stored
    # The facilitator's client catches up from where it was and matches the server exactly.
    with live.owner.socket(live.rid, since=model.seq, log=model.log, tag=model.tag) as ws:
        while (frame := receive(ws))["type"] != "presence":
            if frame["type"] == "event":
                model.apply(frame["seq"], frame["event"], frame["tag"])
    fresh = live.owner.http("GET", f"/api/retros/{live.rid}")
    assert model.seq == fresh["seq"]
    assert model.comparable() == BoardModel.from_snapshot(fresh, fresh["seq"]).comparable()


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required under CI and is not reachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable; set TWOFOLD_TEST_REDIS_URL")
    return REDIS_URL


@pytest.fixture
def two_servers(pg_url: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = Server(tmp_path / "a", pg_url, redis_url).start()
    b = Server(tmp_path / "b", pg_url, redis_url).start()
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()
        empty_pg(pg_url)


def test_two_processes_on_postgresql_and_redis_serve_one_board(
    two_servers: tuple[Server, Server],
) -> None:
    a, b = two_servers
    owner_a = signup(a, "owner@example.com", "Olive")
    team = owner_a.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
    retro = owner_a.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R"})
    owner_a.command(retro["id"], "set_phase", phase="reflect")
    token = owner_a.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
    eng_b = signup(b, "eng@example.com", "Eli", token)
    eng_b.http("POST", f"/api/invites/{token}/accept", json={"role": "eng"})

    with owner_a.socket(retro["id"]) as on_a, eng_b.socket(retro["id"]) as on_b:
        start, _ = receive_until(on_a, "snapshot")
        receive_until(on_b, "snapshot")
        for i in range(20):
            on_b.send(_add(f"from process B {i}", retro["columns"][0]["id"])[1])
        owner_a.command(retro["id"], "set_timer", seconds=300)
        seqs: list[int] = []
        while len(seqs) < 21:
            frame = receive(on_a)
            if frame["type"] == "event":
                seqs.append(frame["seq"])
    # Every event, in order, with no gap and no repeat.
    assert seqs == list(range(start["seq"] + 1, start["seq"] + 22))


_HELD: dict[int, dict[str, dict[str, Any]]] = {}
"""Who each socket has been told is here, as a client keeps it: a whole list, then changes."""


def _presence(ws: ClientConnection, *names: str, timeout: float = 10) -> list[dict[str, Any]]:
    """Read presence frames, whole lists and changes alike, until the list as a client holds it
    is exactly `names` (other frames are skipped)."""
    held = _HELD.setdefault(id(ws), {})
    deadline = time.monotonic() + timeout

    def listed() -> list[dict[str, Any]]:
        return sorted(held.values(), key=lambda p: (p["display_name"].lower(), p["key"]))

    while [p["display_name"] for p in listed()] != list(names):
        left = deadline - time.monotonic()
        assert left > 0, f"presence never became {names}; it is {listed()}"
        frame = receive(ws, left)
        if frame["type"] == "presence":
            held.clear()
            held.update({p["key"]: p for p in frame["participants"]})
        elif frame["type"] == "presence_changed":
            for key in frame["left"]:
                held.pop(key, None)
            held.update({p["key"]: p for p in frame["joined"]})
    return listed()


def test_presence_is_shared_between_processes(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    owner_a = signup(a, "owner@example.com", "Olive")
    team = owner_a.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
    retro = owner_a.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R"})
    token = owner_a.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
    eng_b = signup(b, "eng@example.com", "Eli", token)
    eng_b.http("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
    # Sessions live in the shared database: the same browser may land on either process.
    owner_b = Person(b, owner_a.token, owner_a.csrf)

    with owner_a.socket(retro["id"]) as on_a:
        _presence(on_a, "Olive")
        with eng_b.socket(retro["id"]) as on_b:
            _presence(on_b, "Eli", "Olive")
            _presence(on_a, "Eli", "Olive")
            # Olive opens a second tab that goes through the other process: still listed once.
            with owner_b.socket(retro["id"]) as second_tab:
                people = _presence(second_tab, "Eli", "Olive")
            assert len({p["key"] for p in people}) == 2
        # Eli closed his only socket (on B); A's participants see him leave.
        _presence(on_a, "Olive")
