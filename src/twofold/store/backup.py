"""Backups taken while Twofold serves, and PostgreSQL ones put back.

SQLite is copied through its online backup API: readers and the one writer go on, and the copy
is the database as of one moment, write-ahead log included. PostgreSQL is dumped by `pg_dump`
in its custom format (consistent, as one transaction), and restored by `pg_restore` into an
emptied schema, so that a dump from an older version holds only its own tables and the
migrations that follow run on it as on any older database.
"""

import shutil
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from twofold.store.restore import RestoreError, copy_sqlite

PG_DUMP_MAGIC = b"PGDMP"
"""The first bytes of a `pg_dump --format=custom` file."""
TOOL_TIMEOUT_SECONDS = 3600


class BackupError(Exception):
    """Why no backup was written; whatever was at the target is untouched."""


def _fresh(target: Path) -> Path:
    if target.exists():
        raise BackupError(f"{target} exists already; choose another name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder should be, no permission, a full disk
        raise BackupError(f"The folder {target.parent} cannot be made: {exc.strerror}.") from exc
    return target.with_name(f".{target.name}.partial")


def backup_sqlite(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"There is no database at {source}.")
    partial = _fresh(target)
    try:
        copy_sqlite(source, partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def libpq_url(database_url: str) -> str:
    """The URL as PostgreSQL's own tools read it (no SQLAlchemy driver name)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not on the PATH: install PostgreSQL's client tools (the server's major "
            "version or newer), or see docs/operations.md for doing it by hand."
        )
    return found


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603 - our own arguments, no shell
            command, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise BackupError(f"{what} took over {TOOL_TIMEOUT_SECONDS // 60} minutes.") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise BackupError(f"{what} failed: {said[-1] if said else f'exit {done.returncode}'}")


def backup_postgresql(database_url: str, target: Path) -> None:
    pg_dump = _tool("pg_dump")
    partial = _fresh(target)
    try:
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
                f"--dbname={libpq_url(database_url)}",
            ],
            "pg_dump",
        )
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def check_dump(backup: Path) -> None:
    if not backup.is_file():
        raise RestoreError(f"There is no file at {backup}.")
    with backup.open("rb") as f:
        if f.read(len(PG_DUMP_MAGIC)) != PG_DUMP_MAGIC:
            raise RestoreError(
                f"{backup} is not a PostgreSQL dump in the custom format (`twofold backup` or "
                "`pg_dump --format=custom` makes one)."
            )


def restore_postgresql(backup: Path, database_url: str) -> None:
    """Empty the database's schema and load the dump into it, all or nothing."""
    check_dump(backup)
    try:
        pg_restore = _tool("pg_restore")
    except BackupError as exc:
        raise RestoreError(str(exc)) from None
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            schema = conn.execute(text("SELECT current_schema()")).scalar_one()
            quoted = conn.dialect.identifier_preparer.quote_schema(schema)
            conn.execute(text(f"DROP SCHEMA {quoted} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {quoted}"))
    finally:
        engine.dispose()
    command = [
        pg_restore,
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={libpq_url(database_url)}",
        str(backup),
    ]
    try:
        _run(command, "pg_restore")
    except BackupError as exc:
        raise RestoreError(str(exc)) from None
