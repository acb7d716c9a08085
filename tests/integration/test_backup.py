"""`twofold backup` and `twofold restore` on both databases, through the command line as an
admin runs them (in the test process, as the console script would: tests/command_line.py):
everything the demo team holds (teams, retros, cards, the event log, action items, debt,
rituals, settings) comes back identical; a backup taken by an older version is
brought up to this one; and a backup that cannot be written or read changes nothing.

`twofold demo` (tested in test_cli.py) runs once per engine and module; a test that starts from
it works on a copy of its data folder and database."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, select

from tests.command_line import run_here, run_process
from tests.databases import copied_instance, pg_database, require_pg
from tests.ports import free_port
from twofold.store.database import Database, normalise_url
from twofold.store.migrate import alembic_config, pending
from twofold.store.tables import Base

CHANGED_BY_A_RESTORE = {"log_identity"}
"""A restore gives the event log a new identity on purpose (docs/operations.md)."""
OLDER = "0018"


class Admin:
    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFOLD_")}
        self.env.update(
            TWOFOLD_DATA_DIR=str(folder / "data"),
            TWOFOLD_DATABASE_URL=url,
            TWOFOLD_SECRET_KEY="backup-test",
            TWOFOLD_PORT=str(free_port()),
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_here(self.env, self.folder, *args)

    def run_process(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_process(self.env, self.folder, *args)

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        engine = create_engine(normalise_url(self.url))
        try:
            with engine.connect() as conn:
                return [tuple(r) for r in conn.exec_driver_sql(sql)]
        finally:
            engine.dispose()

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, in a stable order."""
        engine = create_engine(normalise_url(self.url))
        try:
            with engine.connect() as conn:
                return {
                    t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
                    for t in Base.metadata.sorted_tables
                }
        finally:
            engine.dispose()


@contextmanager
def _database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        (folder / "data").mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{folder / 'data' / 'twofold.db'}"
        return
    require_pg()
    with pg_database(migrate=False) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def admin(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Admin]:
    with _database(request.param, tmp_path) as url:
        yield Admin(url, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Admin]:
    folder = tmp_path_factory.mktemp("demo")
    with _database(request.param, folder) as url:
        made = Admin(url, folder)
        made.ok("demo")
        yield made


@pytest.fixture
def demo_admin(demo: Admin, tmp_path: Path) -> Iterator[Admin]:
    """An admin on a copy of what `twofold demo` made."""
    with copied_instance(demo.url, demo.folder, tmp_path) as url:
        yield Admin(url, tmp_path)


def test_a_backup_restores_everything_as_it_was(demo_admin: Admin) -> None:
    admin = demo_admin
    before = admin.tables()
    for name in ("teams", "retros", "cards", "board_events", "action_items", "debt_items"):
        assert before[name], f"the demo fills {name}"
    out = admin.ok("backup", "kept-backup")
    assert "Backed up" in out
    backup = admin.folder / "kept-backup"
    assert backup.stat().st_size > 10_000

    admin.ok(
        "user",
        "create",
        "--email",
        "later@example.com",
        "--name",
        "Later",
        "--password",
        "a-long-password-1",
    )
    assert admin.tables()["users"] != before["users"]
    out = admin.ok("restore", str(backup))
    assert "Restored" in out
    assert "The database as it was is kept in" in out

    after = admin.tables()
    for name, rows in before.items():
        if name not in CHANGED_BY_A_RESTORE:
            assert after[name] == rows, name
    assert after["log_identity"] != before["log_identity"]
    # The database as it was before the restore is kept, and is itself a backup to restore.
    kept = out.split("The database as it was is kept in ", 1)[1].splitlines()[0].strip()
    assert Path(kept).is_file()


def test_an_older_versions_backup_is_brought_up_to_this_version(demo_admin: Admin) -> None:
    admin = demo_admin
    db = Database(admin.url)
    try:
        command.downgrade(alembic_config(db), OLDER)
    finally:
        db.dispose()
    # What an older schema has: read with plain SQL, not this version's table definitions.
    people = "SELECT id, email FROM users ORDER BY id"
    cards = "SELECT id, text FROM cards ORDER BY id"
    old = (admin.rows(people), admin.rows(cards))
    assert old[0]
    assert old[1]
    admin.ok("backup", "old-version")
    admin.ok("db", "upgrade")

    admin.ok("restore", str(admin.folder / "old-version"))
    assert admin.rows("SELECT version_num FROM alembic_version") != [(OLDER,)]
    db = Database(admin.url)
    try:
        assert pending(db) is False, "restored and migrated to this version's schema"
    finally:
        db.dispose()
    assert (admin.rows(people), admin.rows(cards)) == old


def test_a_backup_never_overwrites_and_an_unwritable_place_writes_nothing(admin: Admin) -> None:
    admin.ok("db", "upgrade")
    (admin.folder / "taken").write_text("something precious")
    done = admin.run("backup", "taken")
    assert done.returncode == 1
    assert "No backup was written: taken exists already" in done.stderr
    assert (admin.folder / "taken").read_text() == "something precious"

    (admin.folder / "a-file").write_text("not a folder")
    done = admin.run("backup", "a-file/inside")
    assert done.returncode == 1
    assert "No backup was written: The folder a-file cannot be made: File exists." in done.stderr
    assert not list(admin.folder.glob("**/.*.partial"))


def test_a_backup_the_database_cannot_load_changes_nothing(admin: Admin) -> None:
    """The wrong kind of backup, or a damaged one, is refused, and the database is as it was."""
    admin.ok("db", "upgrade")
    admin.ok(
        "user",
        "create",
        "--email",
        "kept@example.com",
        "--name",
        "Kept",
        "--password",
        "a-long-password-1",
    )
    before = admin.tables()
    damaged = admin.folder / "damaged"
    if admin.url.startswith("sqlite"):
        damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    else:
        damaged.write_bytes(b"PGDMP" + os.urandom(400))
    done = admin.run("restore", str(damaged))
    assert done.returncode == 1
    assert "Nothing was changed" in done.stderr
    assert admin.tables() == before
