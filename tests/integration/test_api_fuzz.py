"""Property-based run over the whole OpenAPI schema: whatever a signed-in member sends, the
answer is never a server error, and always has the shape the schema promises.

Schemathesis generates each operation's requests from the schema the app serves, valid and
invalid alike (wrong types, missing and unknown fields, odd strings, other methods). Every
generated request is sent as generated (its ids are random, so mostly "not found"), and when the
answer is 404 once more, aimed at real objects (the ids in its path and body swapped for
existing ones), so the bodies get past the 404s to the rules and the database.

It runs on both databases: PostgreSQL refuses some text that SQLite stores (NUL characters),
so a server error can hide on one engine only. It stays bounded (derandomized, no example
database), at one of two depths (`FUZZ_DEPTH`):
- `quick` (`make test`): on SQLite, where the breadth is, schemathesis's coverage phase (every
  operation's boundary and wrong-type values, ≈ 35 requests each, over half the time) and 10
  generated examples; on PostgreSQL, where what differs is the text the engine stores, 10
  generated examples, which the nasty strings below reach within a few.
- `deep` (`make fuzz`): the coverage phase on both engines, 25 examples on SQLite and 10 on
  PostgreSQL.

Notes on the set-up:
- The schema comes from the app's own `openapi()` (as `twofold openapi` prints it), so the
  operations are known at collection time. (`schemathesis.pytest.from_fixture` would load it
  from a fixture instead, but schemathesis 4.32 reads `Item._nodeid`, which pytest 9.2 removed.)
- One seeded database and one app per engine serve every operation (state piles up between
  examples and operations, as it would in use); each operation starts with the per-client
  request budgets the app keeps full again, as in a newly started app. Hence the suppressed
  `function_scoped_fixture` check. (A new app per operation did the same, but each one's
  background tasks and subscriptions to the shared bus stayed until the end of the run and
  made every later request slower.)
- It signs in with an API token: a generated `POST /api/auth/logout-all` would otherwise end a
  cookie session half-way and leave the rest of the run testing 401s.
"""

import copy
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import PASSWORD, Client, command, new_client, with_full_budgets
from tests.databases import pg_database, require_pg, sqlite_copy
from twofold.api.app import create_app
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database


def _openapi() -> dict[str, Any]:
    db = Database("sqlite://")
    try:
        app = create_app(
            Settings(database_url="sqlite://", secret_key="schema-only", _env_file=None),
            ctx=Ctx(db),
        )
        return app.openapi()
    finally:
        db.dispose()


# Strings that have broken servers before, mixed into the generated ones: NUL (PostgreSQL cannot
# store it, file paths cannot hold it), direction and zero-width marks, an emoji, a near-miss
# enum, markup, SQL- and path-looking text. Without them a NUL inside a valid body is too rare
# for 25 examples to find.
NASTY = [
    "\u0000",
    "nul\u0000inside",
    "\u202eevil",
    "zero\u200bwidth",
    "🚀 launch",
    "PM",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    " padded ",
]
TEXT_FIELDS = (
    "name",
    "text",
    "title",
    "sprint_name",
    "display_name",
    "email",
    "password",
    "invite_token",
    "column_id",
    "retro_id",
)
DEPTH = os.environ.get("FUZZ_DEPTH", "quick")
if DEPTH not in ("quick", "deep"):
    raise ValueError(f"FUZZ_DEPTH is 'quick' or 'deep', not {DEPTH!r}")
DEEP = DEPTH == "deep"


def _config(*, coverage: bool) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "phases": {"coverage": {"enabled": coverage}},
            "dictionaries": {"nasty": {"values": NASTY}},
            # Path parameters and other strings...
            "generation": {"dictionaries": {"string": {"dictionary": "nasty", "probability": 0.2}}},
            # ...and the text fields of request bodies.
            "parameters": {
                f"body.{field}": {"dictionary": "nasty", "probability": 0.3}
                for field in TEXT_FIELDS
            },
        }
    )


# The PostgreSQL run's phases differ by depth, hence a schema of its own.
OPENAPI = _openapi()
schema = schemathesis.openapi.from_dict(copy.deepcopy(OPENAPI), config=_config(coverage=True))
pg_schema = schemathesis.openapi.from_dict(OPENAPI, config=_config(coverage=DEEP))
# No server error, and every answer the schema describes has the body it promises (an error
# body included). Statuses it does not list (405, 410, 429) are not checked for shape here.
CHECKS = [not_a_server_error, response_schema_conformance]


@dataclass
class Seeded:
    settings: Settings
    ctx: Ctx
    secret: str
    ids: dict[str, str]
    """Real ids by the name they have in paths and bodies."""
    doomed: dict[str, str]
    """Real ids for DELETE requests, so deleting them leaves the rest to work on."""


def _seeded(engine: str, folder: Path, sqlite_template: Path) -> Iterator[Seeded]:
    """One database for the whole run on an engine, seeded with a facilitator's team, retro,
    cards, invites and API tokens. (Its own PostgreSQL database, not the shared one, which other
    tests expect empty.)"""
    with ExitStack() as stack:
        if engine == "sqlite":
            url = sqlite_copy(sqlite_template, folder)
        else:
            require_pg()
            url = stack.enter_context(pg_database())
        settings = Settings(
            database_url=url,
            data_dir=folder / "data",
            secret_key="fuzz",
            _env_file=None,
        )
        db = Database(url, secret=settings.secret_key)
        stack.callback(db.dispose)
        ctx = Ctx(db)
        with new_client(create_app(settings, ctx=ctx)) as c:
            c.remember(
                c.post(
                    "/api/auth/signup",
                    json={
                        "email": "fuzz@example.com",
                        "password": PASSWORD,
                        "display_name": "Fuzz",
                    },
                )
            )
            yield Seeded(settings, ctx, *_seed(c))


@pytest.fixture(scope="module")
def on_sqlite(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Seeded]:
    yield from _seeded("sqlite", tmp_path_factory.mktemp("fuzz"), sqlite_template)


@pytest.fixture(scope="module")
def on_postgresql(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path
) -> Iterator[Seeded]:
    yield from _seeded("postgresql", tmp_path_factory.mktemp("fuzz"), sqlite_template)


def _seed(c: Client) -> tuple[str, dict[str, str], dict[str, str]]:
    """The API token to sign in with, the ids to aim requests at, and the ids for DELETEs."""
    team = c.ok("POST", "/api/teams", 201, json={"name": "Fuzz team", "role": "pm"})
    tid = team["id"]
    kept = c.ok("POST", f"/api/teams/{tid}/retros", 201, json={"title": "Kept"})
    doomed = c.ok("POST", f"/api/teams/{tid}/retros", 201, json={"title": "Doomed"})
    columns = [col["id"] for col in kept["columns"]]
    command(c, kept["id"], "set_phase", phase="reflect")

    def card() -> str:
        body = {"column_id": columns[1], "text": "A card"}
        return str(c.ok("POST", f"/api/retros/{kept['id']}/cards", 201, json=body)["id"])

    def invite() -> dict[str, str]:
        inv = c.ok("POST", f"/api/teams/{tid}/invites", 201, json={"retro_id": kept["id"]})
        return {"invite_id": inv["id"], "token": inv["token"], "invite_token": inv["token"]}

    def token(name: str) -> str:
        return str(c.ok("POST", "/api/tokens", 201, json={"name": name})["id"])

    ids = {
        "team_id": tid,
        "user_id": c.ok("GET", "/api/auth/session")["user"]["id"],
        "retro_id": kept["id"],
        "column_id": columns[1],
        "card_id": card(),
        "token_id": token("kept"),
        **invite(),
    }
    # Deleting these leaves the kept ones to the operations that come later.
    doomed_ids = ids | {
        "retro_id": doomed["id"],
        "column_id": columns[2],
        "card_id": card(),
        "token_id": token("doomed"),
        **invite(),
    }
    secret = str(c.ok("POST", "/api/tokens", 201, json={"name": "fuzz"})["token"])
    return secret, ids, doomed_ids


@pytest.fixture(scope="module")
def sqlite_server(on_sqlite: Seeded) -> FastAPI:
    return create_app(on_sqlite.settings, ctx=on_sqlite.ctx)


@pytest.fixture(scope="module")
def postgresql_server(on_postgresql: Seeded) -> FastAPI:
    return create_app(on_postgresql.settings, ctx=on_postgresql.ctx)


@pytest.fixture
def sqlite_app(sqlite_server: FastAPI) -> FastAPI:
    return with_full_budgets(sqlite_server)


@pytest.fixture
def postgresql_app(postgresql_server: FastAPI) -> FastAPI:
    return with_full_budgets(postgresql_server)


def _aimed(case: Any, ids: dict[str, str]) -> Any:
    """The same request with every id in its path and body replaced by a real one."""
    path = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
    body = case.body
    if isinstance(body, dict):
        body = {k: ids[k] if k in ids and isinstance(v, str) else v for k, v in body.items()}
    return case.operation.Case(
        method=case.method,
        path_parameters=path,
        headers=dict(case.headers),
        cookies=dict(case.cookies),
        query=dict(case.query),
        body=body,
        media_type=case.media_type,
    )


def _no_server_error(case: Any, app: FastAPI, seeded: Seeded) -> None:
    headers = {"Authorization": f"Bearer {seeded.secret}"}
    first = case.call_and_validate(app=app, headers=headers, checks=CHECKS)
    if first.status_code != 404:
        return  # refused before any lookup (400, 405, 415, 422...), or it found what it wanted
    aimed = _aimed(case, seeded.doomed if case.method.upper() == "DELETE" else seeded.ids)
    if aimed.path_parameters != case.path_parameters or aimed.body != case.body:
        aimed.call_and_validate(app=app, headers=headers, checks=CHECKS)


# The examples of one operation share its app on purpose (see sqlite_app).
BOUNDED = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture],
}


@schema.parametrize()
@settings(max_examples=25 if DEEP else 10, **BOUNDED)  # type: ignore[arg-type]
def test_no_request_gets_a_server_error_on_sqlite(
    case: Any, sqlite_app: FastAPI, on_sqlite: Seeded
) -> None:
    _no_server_error(case, sqlite_app, on_sqlite)


@pg_schema.parametrize()
@settings(max_examples=10, **BOUNDED)  # type: ignore[arg-type]
def test_no_request_gets_a_server_error_on_postgresql(
    case: Any, postgresql_app: FastAPI, on_postgresql: Seeded
) -> None:
    _no_server_error(case, postgresql_app, on_postgresql)
