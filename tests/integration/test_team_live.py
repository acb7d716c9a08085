"""The team page's socket on a real server: members hear that the team's members, name or
retros changed; nobody else hears anything; a member who leaves or signs out is cut off; and
with PostgreSQL and Redis a change made through one process reaches pages open on another."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.databases import empty_pg
from tests.integration.conftest import Live
from tests.live_server import Person, Server, signup

REDIS_URL = os.environ.get("TWOFOLD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def team_socket(
    person: Person | None, server: Server, team_id: str, origin: str | None = None
) -> ClientConnection:
    headers = {"Origin": origin or server.url}
    if person is not None:
        headers["Cookie"] = f"twofold_session={person.token}"
    return connect(
        f"ws://127.0.0.1:{server.port}/api/teams/{team_id}/live",
        additional_headers=headers,
        open_timeout=10,
    )


def _next(ws: ClientConnection, timeout: float = 10) -> dict[str, Any]:
    message = ws.recv(timeout=timeout)
    assert isinstance(message, str)
    parsed: dict[str, Any] = json.loads(message)
    return parsed


def _closed_with(ws: ClientConnection, timeout: float = 10) -> int:
    """Wait for the server to close the socket; the close code. Nothing may come first: a
    frame would be returned by `recv` instead of the close."""
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=timeout)
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


def _quiet(ws: ClientConnection, seconds: float = 1.0) -> None:
    """Nothing arrives for a while (checked by waiting, as a notice would be sent at once)."""
    with pytest.raises(TimeoutError):
        ws.recv(timeout=seconds)


def _team_id(live: Live) -> str:
    return str(live.retro["team_id"])


def test_members_hear_who_joins_leaves_and_changes(live: Live) -> None:
    tid, server = _team_id(live), live.server
    with (
        team_socket(live.owner, server, tid) as owner_ws,
        team_socket(live.eng, server, tid) as eng_ws,
    ):
        owner_ws.send('{"type": "ping"}')
        assert _next(owner_ws) == {"type": "pong"}

        token = live.owner.http("POST", f"/api/teams/{tid}/invites", 201, json={})["token"]
        newcomer = signup(server, "nina@example.com", "Nina New", token)
        newcomer.http("POST", f"/api/invites/{token}/accept", json={"role": "qa"})
        # The notice names nobody: each page fetches the members it may see.
        assert _next(owner_ws) == {"type": "team_changed", "what": "members"}
        assert _next(eng_ws) == {"type": "team_changed", "what": "members"}
        members = live.owner.http("GET", f"/api/teams/{tid}")["members"]
        assert "Nina New" in [m["display_name"] for m in members]

        # Accepting again changes nothing, so nobody is told anything.
        newcomer.http("POST", f"/api/invites/{token}/accept", json={"role": "qa"})
        _quiet(owner_ws)

        nina = newcomer.http("GET", "/api/auth/session")["user"]["id"]
        live.owner.http("PATCH", f"/api/teams/{tid}/members/{nina}", json={"role": "pm"})
        assert _next(owner_ws) == {"type": "team_changed", "what": "members"}
        assert _next(eng_ws) == {"type": "team_changed", "what": "members"}
        live.owner.http("PATCH", f"/api/teams/{tid}", json={"name": "Alpha squad"})
        assert _next(eng_ws) == {"type": "team_changed", "what": "team"}
        live.eng.http("POST", f"/api/teams/{tid}/retros", 201, json={"title": "Sprint 2"})
        assert _next(owner_ws) == {"type": "team_changed", "what": "team"}
        assert _next(owner_ws) == {"type": "team_changed", "what": "retros"}
        assert _next(eng_ws) == {"type": "team_changed", "what": "retros"}

        # Removed from the team: the page's socket is closed, and it hears nothing more.
        eng = live.eng.http("GET", "/api/auth/session")["user"]["id"]
        live.owner.http("DELETE", f"/api/teams/{tid}/members/{eng}", 204)
        assert _next(owner_ws) == {"type": "team_changed", "what": "members"}
        assert _closed_with(eng_ws) == 4404


def test_only_members_may_open_a_team_socket(live: Live) -> None:
    tid, server = _team_id(live), live.server
    for person in (live.outsider, live.guest, None):
        with team_socket(person, server, tid) as ws:
            assert _closed_with(ws) == 4404
    with team_socket(live.owner, server, "0123456789abcdef0123456789abcdef") as ws:
        assert _closed_with(ws) == 4404
    with team_socket(live.owner, server, tid, origin="https://evil.example") as ws:
        assert _closed_with(ws) == 4403
    # The outsider's own team tells them nothing about this one.
    beta = live.outsider.http("GET", "/api/teams")[0]["id"]
    with team_socket(live.outsider, server, beta) as outsider_ws:
        live.owner.http("POST", f"/api/teams/{tid}/retros", 201, json={"title": "Secret"})
        _quiet(outsider_ws)


def test_a_signed_out_members_socket_is_closed(live: Live) -> None:
    tid, server = _team_id(live), live.server
    with team_socket(live.eng, server, tid) as ws:
        live.eng.http("POST", "/api/auth/logout", 204)
        # Closed by the periodic check, or by the next notice, whichever comes first.
        assert _closed_with(ws) == 4404


def test_a_socket_that_sends_too_much_is_closed(live: Live) -> None:
    with team_socket(live.owner, live.server, _team_id(live)) as ws:
        code = None
        for _ in range(30):
            try:
                ws.send("noise")
            except ConnectionClosed as closed:  # hung up on before the last frames went out
                code = closed.rcvd.code if closed.rcvd is not None else -1
                break
        assert (code if code is not None else _closed_with(ws)) == 4429


@pytest.fixture
def two_servers(pg_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required under CI and is not reachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable; set TWOFOLD_TEST_REDIS_URL")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = Server(tmp_path / "a", pg_url, REDIS_URL).start()
    b = Server(tmp_path / "b", pg_url, REDIS_URL).start()
    try:
        yield a, b
    finally:
        a.stop()
        b.stop()
        empty_pg(pg_url)


def test_a_join_through_one_process_reaches_pages_on_another(
    two_servers: tuple[Server, Server],
) -> None:
    a, b = two_servers
    owner = signup(a, "owner@example.com", "Olive")
    team = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
    # Signed up with a link but never joined: a stranger to the team, with a team of their own.
    link = owner.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
    stranger = signup(a, "stranger@example.com", "Stan", link)
    other = stranger.http("POST", "/api/teams", 201, json={"name": "Beta", "role": "pm"})
    with (
        team_socket(owner, a, team["id"]) as on_a,
        team_socket(stranger, a, other["id"]) as not_mine,
    ):
        token = owner.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
        eng_b = signup(b, "eng@example.com", "Eli", token)
        eng_b.http("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
        assert _next(on_a) == {"type": "team_changed", "what": "members"}
        _quiet(not_mine)
