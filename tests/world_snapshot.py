"""The integration tests' shared world, built once per test process and database engine and
restored for each test that asks for it.

Building it takes some thirty-five requests (six people signed up, two teams, invites, two
retros), which was most of an integration test's time. A test's world is now a copy: on SQLite
the database file the world was built in, on PostgreSQL the world's rows written back with COPY
into the emptied database, their id counters set as the build left them. Sessions live in the
database, so the copied cookies and CSRF tokens stay valid; each test still gets its own app.
"""

import copy
import sqlite3
from dataclasses import dataclass, field
from http.cookiejar import Cookie
from typing import Any

from sqlalchemy import create_engine, text

from tests.databases import owned_sequences
from twofold.api.ratelimit import RateLimiter, _Bucket
from twofold.store.tables import Base

LIMITERS = ("write_limiter", "anonymous_limiter", "account_limiter")
"""The app's in-memory request budgets, which the world's requests spend from."""


@dataclass(frozen=True)
class Persona:
    """What makes a client one of the world's people: its cookies and CSRF token."""

    cookies: tuple[Cookie, ...]
    csrf: str | None


@dataclass(frozen=True)
class Snapshot:
    """Everything a test's `World` is made from besides the database itself."""

    personas: dict[str, Persona]
    team_id: str
    other_team_id: str
    retro: dict[str, Any]
    other_retro: dict[str, Any]
    budgets: dict[str, dict[str, float]] = field(default_factory=dict)
    """Tokens left in each of the app's limiters once the world was built, so a test starts
    with the budgets it had when the world was built in its own app."""


def budgets_of(state: Any) -> dict[str, dict[str, float]]:
    spent: dict[str, dict[str, float]] = {}
    for name in LIMITERS:
        limiter = getattr(state, name)
        assert isinstance(limiter, RateLimiter)
        spent[name] = {key: bucket.tokens for key, bucket in limiter._buckets.items()}
    return spent


def restore_budgets(state: Any, budgets: dict[str, dict[str, float]], now: float) -> None:
    for name, buckets in budgets.items():
        limiter = getattr(state, name)
        assert isinstance(limiter, RateLimiter)
        limiter._buckets = {key: _Bucket(tokens, now) for key, tokens in buckets.items()}


def cookies_of(jar: Any) -> tuple[Cookie, ...]:
    return tuple(copy.copy(cookie) for cookie in jar)


def checkpoint_sqlite(path: str) -> None:
    """Fold the write-ahead log into the file, so copying the file alone copies everything."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _tables() -> list[str]:
    # The log's identity is written by its migration and never emptied (see `empty_pg`).
    return [t.name for t in Base.metadata.sorted_tables if t.name != "log_identity"]


@dataclass(frozen=True)
class PgRows:
    """A PostgreSQL database's rows, in binary COPY form, in an order that keeps foreign keys
    satisfied, with the state of each table's id counter."""

    tables: tuple[tuple[str, bytes], ...]
    sequences: tuple[tuple[str, int, bool], ...]

    @classmethod
    def dump(cls, url: str) -> "PgRows":
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                tables = []
                with raw.cursor() as cur:  # type: ignore[attr-defined]
                    for name in _tables():
                        data = bytearray()
                        with cur.copy(f'COPY "{name}" TO STDOUT (FORMAT binary)') as out:
                            for chunk in out:
                                data += chunk
                        count = conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar()
                        if count:
                            tables.append((name, bytes(data)))
                sequences = []
                for seq in owned_sequences(conn, _tables()):
                    last, called = conn.execute(
                        text(f'SELECT last_value, is_called FROM "{seq}"')
                    ).one()
                    sequences.append((str(seq), int(last), bool(called)))
        finally:
            engine.dispose()
        return cls(tuple(tables), tuple(sequences))

    def load(self, url: str) -> None:
        """Write the rows into an emptied database, in one transaction."""
        engine = create_engine(url)
        try:
            with engine.begin() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                with raw.cursor() as cur:  # type: ignore[attr-defined]
                    for name, data in self.tables:
                        with cur.copy(f'COPY "{name}" FROM STDIN (FORMAT binary)') as into:
                            into.write(data)
                for seq, last, called in self.sequences:
                    conn.execute(
                        text("SELECT setval(:seq, :last, :called)"),
                        {"seq": f'"{seq}"', "last": last, "called": called},
                    )
        finally:
            engine.dispose()
