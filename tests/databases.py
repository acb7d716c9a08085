"""Real databases for tests: a migrated SQLite file per test, and a PostgreSQL database per
test session that is emptied after each test.

PostgreSQL comes from TWOFOLD_TEST_DATABASE_URL or the local server. Under CI=true it must be
there: the suite fails rather than quietly testing SQLite alone.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from twofold.store.database import Database, normalise_url
from twofold.store.migrate import upgrade
from twofold.store.tables import Base

PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def pg_admin_url() -> str:
    return normalise_url(os.environ.get("TWOFOLD_TEST_DATABASE_URL", PG_DEFAULT))


def pg_available() -> bool:
    try:
        engine = create_engine(pg_admin_url(), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception:
        return False
    return True


def require_pg() -> None:
    if pg_available():
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is required under CI and is not reachable at {pg_admin_url()}")
    pytest.skip("PostgreSQL is not reachable; set TWOFOLD_TEST_DATABASE_URL to include it")


@contextmanager
def pg_database(*, migrate: bool = True, copy_of: str | None = None) -> Iterator[str]:
    """A throwaway PostgreSQL database, migrated unless asked not to, or a copy of the database
    at `copy_of` (which nobody may be connected to); dropped afterwards."""
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    name = f"twofold_test_{uuid.uuid4().hex[:12]}"
    template = "" if copy_of is None else f' TEMPLATE "{make_url(copy_of).database}"'
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{template}'))
    url = make_url(pg_admin_url()).set(database=name).render_as_string(hide_password=False)
    if migrate and copy_of is None:
        db = Database(url)
        upgrade(db)
        db.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def copied_instance(url: str, folder: Path, into: Path) -> Iterator[str]:
    """A copy of an instance whose data folder is `folder / "data"` (its SQLite file,
    `twofold.db`, included) and whose database is at `url`, made in `into`; the copy's database
    URL. For tests that start from what a slow command (`twofold demo`) made once."""
    if (folder / "data").exists():
        shutil.copytree(folder / "data", into / "data")
    if url.startswith("sqlite"):
        yield f"sqlite:///{into / 'data' / 'twofold.db'}"
        return
    with pg_database(copy_of=url) as copy:
        yield copy


def empty_pg(url: str) -> None:
    """Every row gone and every id counter back at 1, as after `TRUNCATE ... RESTART IDENTITY`.
    Deleting is used because it is quicker: a test leaves few rows, and TRUNCATE makes each of
    the thirty-odd tables anew, close to a second per test."""
    engine = create_engine(url)
    # The log's identity is written by its migration, like the schema itself: it stays.
    tables = [t.name for t in reversed(Base.metadata.sorted_tables) if t.name != "log_identity"]
    with engine.begin() as conn:
        for name in tables:
            conn.execute(text(f'DELETE FROM "{name}"'))
        for sequence in owned_sequences(conn, tables):
            conn.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))
    engine.dispose()


def owned_sequences(conn: Connection, tables: list[str]) -> list[str]:
    """The id counters that belong to the given tables."""
    return list(
        conn.execute(
            text(
                "SELECT s.relname FROM pg_class s JOIN pg_depend d ON d.objid = s.oid"
                " JOIN pg_class t ON d.refobjid = t.oid"
                " WHERE s.relkind = 'S' AND t.relname = ANY(:tables)"
            ),
            {"tables": tables},
        ).scalars()
    )


def migrated_sqlite_template(folder: Path) -> Path:
    path = folder / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    db.dispose()
    return path


def sqlite_copy(template: Path, folder: Path) -> str:
    target = folder / "twofold.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"
