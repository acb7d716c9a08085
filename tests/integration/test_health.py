"""Health checks on both databases: `/healthz` says the process answers, `/readyz` that the
database takes a write, and names the reason when it does not (here: a lock held elsewhere)."""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from tests.conftest import Client, expect_error
from twofold.settings import Settings


def test_healthz_answers_without_a_session(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_names_the_database(client: Client, settings: Settings) -> None:
    expected = "sqlite" if settings.database_url.startswith("sqlite") else "postgresql"
    assert client.ok("GET", "/readyz") == {"status": "ok", "database": expected}
    # The probe changes nothing: asking again is as good as the first time.
    assert client.ok("GET", "/readyz") == {"status": "ok", "database": expected}


@contextmanager
def _write_lock_held_elsewhere(url: str) -> Iterator[None]:
    """Another connection, outside the app, holding what a write needs."""
    if url.startswith("sqlite"):
        path = make_url(url).database
        assert path is not None
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
        return
    engine = create_engine(url)
    with engine.connect() as holder:
        holder.exec_driver_sql("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            holder.rollback()
    engine.dispose()


def test_readyz_is_503_with_the_reason_while_the_database_is_locked(
    client: Client, settings: Settings
) -> None:
    with _write_lock_held_elsewhere(settings.database_url):
        response = client.get("/readyz")
        error: dict[str, Any] = expect_error(response, 503, "storage_unavailable")
        assert error["details"] == {"reason": "locked", "retry_after": 2}
        assert response.headers["Retry-After"] == "2"
        assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200
