"""Shared fixtures: a real database per test (SQLite and PostgreSQL), the app, and personas.

Personas (each an HTTP client with its own cookies): `owner` (first account, facilitator of
team Alpha), `pm` (facilitator of Alpha), `eng` and `tech_lead` (members of Alpha), `outsider`
(member of team Beta only) and `guest` (joined Alpha's retro through an invite link).
"""

import contextlib
import copy
import os
import time
import uuid
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio.from_thread
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.databases import empty_pg, migrated_sqlite_template, pg_database, require_pg, sqlite_copy
from tests.world_snapshot import (
    Persona,
    PgRows,
    Snapshot,
    budgets_of,
    checkpoint_sqlite,
    cookies_of,
    restore_budgets,
)
from twofold.api.app import create_app
from twofold.api.ratelimit import RateLimiter
from twofold.domain.errors import ErrorCode
from twofold.integrations.vendor_http import allow_private_addresses
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database

# Loading the models at start is a few seconds of a core in every server a test starts (and in
# the browser tests' server processes, which inherit this); the test that checks it asks for it.
os.environ.setdefault("TWOFOLD_WARM_MODELS", "false")

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrated_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    require_pg()
    with pg_database() as url:
        yield url


_FILE_SECONDS: dict[str, float] = {}
"""Time spent per test file (set-up, call and tear-down of every test in it, over all workers)."""


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    path = report.nodeid.split("::", 1)[0]
    _FILE_SECONDS[path] = _FILE_SECONDS.get(path, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The suite has a time budget; which files spend it is what decides where to cut."""
    if not _FILE_SECONDS:
        return
    total = sum(_FILE_SECONDS.values())
    terminalreporter.section(f"time per test file ({total:.0f} s in all, over every worker)")
    ranked = sorted(_FILE_SECONDS.items(), key=lambda kv: -kv[1])
    for path, seconds in ranked[:30]:
        terminalreporter.write_line(f"{seconds:8.1f} s  {100 * seconds / total:5.1f} %  {path}")


WORLD = pytest.StashKey[Snapshot]()
"""Set on a test whose database was given the shared world; `world` then only makes clients."""


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    wants_world = "world" in request.fixturenames
    if request.param == "sqlite":
        if not wants_world:
            yield sqlite_copy(sqlite_template, tmp_path)
            return
        built, snapshot = request.getfixturevalue("sqlite_world")
        request.node.stash[WORLD] = snapshot
        yield sqlite_copy(built, tmp_path)
        return
    url = request.getfixturevalue("pg_url")
    if wants_world:
        rows, snapshot = request.getfixturevalue("pg_world")
        rows.load(url)
        request.node.stash[WORLD] = snapshot
    yield url
    empty_pg(url)


def settings_for(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        secret_key="test-secret-key",
        # Vendors are played by servers on this machine.
        integrations_private_addresses=True,
        _env_file=None,
    )


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db)
    db.dispose()


@pytest.fixture
def app(settings: Settings, ctx: Ctx) -> FastAPI:
    return create_app(settings, ctx=ctx)


_PORTALS = contextlib.ExitStack()


_shared: list[anyio.from_thread.BlockingPortal] = []


def shared_portal() -> anyio.from_thread.BlockingPortal:
    """One event loop, in a thread of its own, for every request of every client that is not
    used as a context manager. Without it the test client starts a loop and a thread for each
    request, which made half the cost of a request in the integration tests. The app's
    lifespan still runs only for clients entered with `with`, as before."""
    if not _shared:
        _shared.append(_PORTALS.enter_context(anyio.from_thread.start_blocking_portal("asyncio")))
    return _shared[0]


@pytest.fixture(scope="session", autouse=True)
def _local_vendors() -> None:
    """Vendors are played by servers on this machine, as `settings_for` allows; the worker
    sets this from the settings once per process (`worker.setup.worker_for`), and tests that
    build a handler alone rely on this instead."""
    allow_private_addresses(True)


@pytest.fixture(scope="session", autouse=True)
def _close_shared_portal() -> Iterator[None]:
    # Before the interpreter's exit, which would otherwise wait for the loop's thread forever.
    yield
    _PORTALS.close()
    _shared.clear()


class Client(TestClient):
    """A TestClient that remembers its session's CSRF token and sends it on writes."""

    csrf: str | None = None

    @contextlib.contextmanager
    def _portal_factory(self) -> Generator[anyio.from_thread.BlockingPortal]:
        yield self.portal if self.portal is not None else shared_portal()

    def remember(self, response: Any) -> Any:
        body = response.json()
        self.csrf = body.get("csrf_token")
        if self.csrf:
            self.headers["X-CSRF-Token"] = self.csrf
        return response

    def ok(self, method: str, url: str, status: int = 200, **kwargs: Any) -> Any:
        response = self.request(method, url, **kwargs)
        assert response.status_code == status, (method, url, response.status_code, response.text)
        return response.json() if response.content else None


def expect_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """Check a failure's status and that its body has the one error shape (docs/api.md):
    exactly `{"error": {"code", "message", "params", "details"}}`, its code one the API lists.
    Returns the inner `error`."""
    where = (response.request.method, str(response.request.url), response.status_code)
    assert response.status_code == status, (*where, response.text)
    assert response.headers["content-type"].startswith("application/json"), where
    body = response.json()
    assert set(body) == {"error"}, (*where, body)
    error = body["error"]
    assert set(error) == {"code", "message", "params", "details"}, (*where, body)
    assert error["code"] in set(ErrorCode), (*where, body)
    assert isinstance(error["params"], dict), (*where, body)
    assert isinstance(error["message"], str), (*where, body)
    assert error["message"], (*where, body)
    if code is not None:
        assert error["code"] == code, (*where, body)
    return dict(error)


def user_id(c: Client) -> str:
    """The id of the account a client is signed in as."""
    return str(c.ok("GET", "/api/auth/session")["user"]["id"])


def new_client(app: FastAPI) -> Client:
    # https, because session cookies are Secure.
    return Client(app, base_url="https://testserver", raise_server_exceptions=False)


@pytest.fixture
def client(app: FastAPI) -> Iterator[Client]:
    with new_client(app) as c:
        yield c


def signup(app: FastAPI, email: str, name: str, invite_token: str | None = None) -> Client:
    c = new_client(app)
    body: dict[str, Any] = {"email": email, "password": PASSWORD, "display_name": name}
    if invite_token:
        body["invite_token"] = invite_token
    response = c.post("/api/auth/signup", json=body)
    assert response.status_code == 201, response.text
    c.remember(response)
    return c


@dataclass
class World:
    owner: Client
    pm: Client
    eng: Client
    tech_lead: Client
    outsider: Client
    guest: Client
    team_id: str
    other_team_id: str
    retro: dict[str, Any]
    other_retro: dict[str, Any]

    def column_id(self, index: int = 0) -> str:
        return str(self.retro["columns"][index]["id"])


def command(c: Client, retro_id: str, name: str, status: int = 200, **args: Any) -> Any:
    """Send one board command over REST, as scripts do; the answer is the ack (or error)."""
    body = {"command_id": uuid.uuid4().hex, "command": {"name": name, **args}}
    return c.ok("POST", f"/api/retros/{retro_id}/commands", status, json=body)


def invite(c: Client, team_id: str, retro_id: str | None = None) -> str:
    body: dict[str, Any] = {"retro_id": retro_id} if retro_id else {}
    return str(c.ok("POST", f"/api/teams/{team_id}/invites", 201, json=body)["token"])


def build_world(app: FastAPI) -> World:
    """The world as people make it, through the API."""
    owner = signup(app, "owner@example.com", "Olive Owner")
    team = owner.ok("POST", "/api/teams", 201, json={"name": "Alpha", "role": "em"})
    team_id = team["id"]
    members: dict[str, Client] = {}
    for key, role in (("pm", "pm"), ("eng", "eng"), ("tech_lead", "tech_lead")):
        token = invite(owner, team_id)
        c = signup(app, f"{key}@example.com", key.replace("_", " ").title(), token)
        c.ok("POST", f"/api/invites/{token}/accept", json={"role": role})
        members[key] = c
    owner.ok(
        "PATCH",
        f"/api/teams/{team_id}/members/{members['pm'].get('/api/auth/session').json()['user']['id']}",
        json={"is_facilitator": True},
    )
    retro = owner.ok("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "Sprint 1 retro"})
    command(owner, retro["id"], "set_phase", phase="reflect")
    outsider = signup(app, "outsider@example.com", "Otto Outsider", invite(owner, team_id))
    other = outsider.ok("POST", "/api/teams", 201, json={"name": "Beta", "role": "pm"})
    other_retro = outsider.ok(
        "POST", f"/api/teams/{other['id']}/retros", 201, json={"title": "Beta retro"}
    )
    command(outsider, other_retro["id"], "set_phase", phase="reflect")
    guest = new_client(app)
    guest.remember(
        guest.post(
            f"/api/invites/{invite(owner, team_id, retro['id'])}/guest",
            json={"display_name": "Gus Guest", "role": "design"},
        )
    )
    w = World(
        owner,
        members["pm"],
        members["eng"],
        members["tech_lead"],
        outsider,
        guest,
        team_id,
        other["id"],
        retro,
        other_retro,
    )
    return w


PERSONAS = ("owner", "pm", "eng", "tech_lead", "outsider", "guest")


def snapshot_world(db_url: str, folder: Path) -> Snapshot:
    """Build the world in the database at `db_url` and keep what a test needs besides it."""
    settings = settings_for(db_url, folder)
    ctx = Ctx(Database(settings.database_url, secret=settings.secret_key))
    app = create_app(settings, ctx=ctx)
    w = build_world(app)
    personas: dict[str, Persona] = {}
    for name in PERSONAS:
        c: Client = getattr(w, name)
        personas[name] = Persona(cookies_of(c.cookies.jar), c.csrf)
        c.close()
    ctx.db.dispose()
    # Only the database is copied into each test: the world must leave nothing else behind.
    assert not settings.data_dir.exists() or not any(settings.data_dir.iterdir())
    return Snapshot(
        personas, w.team_id, w.other_team_id, w.retro, w.other_retro, budgets_of(app.state)
    )


@pytest.fixture(scope="session")
def sqlite_world(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> tuple[Path, Snapshot]:
    folder = tmp_path_factory.mktemp("world")
    url = sqlite_copy(sqlite_template, folder)
    snapshot = snapshot_world(url, folder)
    built = folder / "twofold.db"
    checkpoint_sqlite(str(built))
    return built, snapshot


@pytest.fixture(scope="session")
def pg_world(tmp_path_factory: pytest.TempPathFactory, pg_url: str) -> tuple[PgRows, Snapshot]:
    snapshot = snapshot_world(pg_url, tmp_path_factory.mktemp("pg_world"))
    rows = PgRows.dump(pg_url)
    empty_pg(pg_url)
    return rows, snapshot


def with_full_budgets(app: FastAPI) -> FastAPI:
    """The app with every per-client request budget it keeps full, as when it has just started:
    for a test that sends more requests than a person could, without a new app (whose
    background tasks and subscriptions to the shared bus would last until the end of the run
    and slow every later request)."""
    for value in vars(app.state)["_state"].values():
        if isinstance(value, RateLimiter):
            value._buckets.clear()
    return app


def restored_world(app: FastAPI, snapshot: Snapshot) -> World:
    """The world's people as new clients of this test's app, signed in as they were."""
    restore_budgets(app.state, snapshot.budgets, time.monotonic())
    clients: dict[str, Client] = {}
    for name, persona in snapshot.personas.items():
        c = new_client(app)
        for cookie in persona.cookies:
            c.cookies.jar.set_cookie(copy.copy(cookie))
        c.csrf = persona.csrf
        if persona.csrf:
            c.headers["X-CSRF-Token"] = persona.csrf
        clients[name] = c
    return World(
        **clients,
        team_id=snapshot.team_id,
        other_team_id=snapshot.other_team_id,
        retro=copy.deepcopy(snapshot.retro),
        other_retro=copy.deepcopy(snapshot.other_retro),
    )


@pytest.fixture
def world(request: pytest.FixtureRequest, app: FastAPI) -> Iterator[World]:
    """Restored from the world built once per test process (see tests/world_snapshot.py); built
    anew where a test file brings its own database."""
    snapshot = request.node.stash.get(WORLD, None)
    w = build_world(app) if snapshot is None else restored_world(app, snapshot)
    yield w
    for name in PERSONAS:
        getattr(w, name).close()
