"""What an operator watches: `/metrics` (off without a token, refused with a wrong one, route
templates rather than paths, open sockets, events, the outbox and the worker's lag), request
ids on every answer and in JSON logs, and `/readyz` naming a schema behind the code or a Redis
that does not answer."""

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import create_engine

from tests.conftest import Client, World, expect_error, new_client
from tests.databases import sqlite_copy
from tests.live_server import Server, receive_until, signup
from tests.redis_server import RedisServer
from twofold.api.app import create_app
from twofold.services import outbox
from twofold.services.context import Ctx
from twofold.settings import Settings

TOKEN = "metrics-token-for-tests"


def _metrics(client: Client, token: str = TOKEN) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def _value(text: str, name: str, labels: str = "") -> float:
    """The sample `name{labels}` of a scrape (labels as printed, in order)."""
    pattern = re.escape(name + (f"{{{labels}}}" if labels else "")) + r" ([0-9.e+-]+)$"
    found = re.search(pattern, text, re.MULTILINE)
    assert found is not None, (name, labels, text[:2000])
    return float(found.group(1))


@pytest.fixture
def watched(settings: Settings, ctx: Ctx) -> Iterator[Client]:
    app = create_app(settings.model_copy(update={"metrics_token": SecretStr(TOKEN)}), ctx=ctx)
    with new_client(app) as c:
        yield c


def test_metrics_are_off_until_a_token_is_set(client: Client) -> None:
    expect_error(client.get("/metrics"), 404, "not_found")
    expect_error(client.get("/metrics", headers={"Authorization": "Bearer x"}), 404, "not_found")


def test_metrics_refuse_a_missing_or_wrong_token(watched: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        response = watched.get("/metrics", headers=headers)
        expect_error(response, 401, "unauthenticated")
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_requests_are_counted_by_route_template_and_status(
    watched: Client, world: World, ctx: Ctx
) -> None:
    team = f"/api/teams/{world.team_id}"
    watched.get(team)  # not signed in here: 401
    world.pm.ok("GET", team)
    world.pm.ok("GET", team)
    text = _metrics(watched)
    route = 'method="GET",route="/api/teams/{team_id}"'
    assert _value(text, "twofold_http_requests_total", f'{route},status="401"') == 1
    assert _value(text, "twofold_http_request_duration_seconds_count", route) == 1
    # The members' requests went to the app their fixture built: each app counts its own.
    assert f'{route},status="200"' not in text
    assert world.team_id not in text, "ids never become label values"
    nowhere = uuid.uuid4().hex
    expect_error(watched.get(f"/api/no/such/{nowhere}"), 404)
    # Answered by the catch-all route: counted under its template, not the path asked for.
    lost = _metrics(watched)
    caught = 'method="GET",route="/{path:path}",status="404"'
    assert _value(lost, "twofold_http_requests_total", caught) == 1
    assert nowhere not in lost

    before = _value(text, "twofold_outbox_open")
    outbox.enqueue(ctx, "mail", {"to": "nobody@example.com", "subject": "s", "body": "b"})
    after = _metrics(watched)
    assert _value(after, "twofold_outbox_open") == before + 1
    assert _value(after, "twofold_worker_lag_seconds") >= 0
    assert _value(after, "twofold_database_up") == 1
    assert _value(after, "twofold_board_sockets") == 0


def test_every_answer_carries_a_request_id(client: Client) -> None:
    fresh = client.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)
    assert client.get("/healthz").headers["X-Request-ID"] != fresh
    # A proxy's own id goes through; one that could forge log lines does not.
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-42.a_b:c"})
    assert kept.headers["X-Request-ID"] == "lb-42.a_b:c"
    forged = client.get("/healthz", headers={"X-Request-ID": 'x" level=error'})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])


def test_readyz_says_when_the_schema_is_behind_the_code(client: Client, settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    with engine.begin() as conn:
        (current,) = conn.exec_driver_sql("SELECT version_num FROM alembic_version").one()
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
    try:
        error = expect_error(client.get("/readyz"), 503, "not_ready")
        assert error["details"] == {"check": "migrations"}
        assert "twofold db upgrade" in error["message"]
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE alembic_version SET version_num = :v".replace(":v", f"'{current}'")
            )
        engine.dispose()
    assert client.get("/readyz").status_code == 200


def test_readyz_says_when_redis_does_not_answer(settings: Settings, tmp_path: Path) -> None:
    redis = RedisServer(tmp_path).start()
    with_redis = settings.model_copy(update={"redis_url": redis.url})
    ctx = Ctx.from_settings(with_redis)
    app: FastAPI = create_app(with_redis, ctx=ctx)
    try:
        with new_client(app) as c:
            assert c.get("/readyz").status_code == 200
            redis.kill()
            error = expect_error(c.get("/readyz"), 503, "not_ready")
            assert error["details"] == {"check": "redis"}
            assert c.get("/healthz").status_code == 200, "alive all the same"
            redis.start()
            assert c.get("/readyz").status_code == 200
    finally:
        redis.stop()
        ctx.bus.close()  # type: ignore[attr-defined]
        ctx.db.dispose()


def test_a_live_server_counts_sockets_and_events_and_logs_json(
    tmp_path: Path, sqlite_template: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    env = {
        "TWOFOLD_METRICS_TOKEN": TOKEN,
        "TWOFOLD_LOG_FORMAT": "json",
        "TWOFOLD_LOG_LEVEL": "info",
    }
    server = Server(data, sqlite_copy(sqlite_template, data), env=env).start()
    try:
        owner = signup(server, "owner@example.com", "Olive Owner")
        team = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
        retro = owner.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R"})

        def metrics() -> str:
            response = httpx.get(
                f"{server.url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
            )
            assert response.status_code == 200
            return response.text

        with owner.socket(retro["id"]) as ws:
            receive_until(ws, "snapshot")
            owner.command(retro["id"], "set_phase", phase="reflect")
            text = metrics()
            assert _value(text, "twofold_board_sockets") == 1
            assert _value(text, "twofold_boards_open") == 1
            assert _value(text, "twofold_board_events_total") >= 1
        response = httpx.get(
            f"{server.url}/api/setup", headers={"X-Request-ID": "trace-setup-1"}, timeout=10
        )
        assert response.headers["X-Request-ID"] == "trace-setup-1"
    finally:
        server.stop()
    lines = [json.loads(line) for line in server.log_text().splitlines() if line.startswith("{")]
    traced = [line for line in lines if line.get("request_id") == "trace-setup-1"]
    assert traced, lines[-5:]
    assert traced[0]["logger"] == "twofold.access"
    assert (traced[0]["route"], traced[0]["status"]) == ("/api/setup", 200)
    assert {"time", "level", "message", "ms"} <= set(traced[0])
    # The server's own lines are JSON too, and its text access line gives way to ours.
    assert any(line["logger"].startswith("uvicorn") for line in lines)
    assert '"GET /api/setup HTTP/1.1"' not in server.log_text()
