"""Putting a SQLite backup back in place, and telling live clients that the database they
followed is gone.

A restore rewinds every board's event log. A browser that was following a board knows the
`seq` of the last event it applied; once the restored board has passed that `seq` again, a
resume would hand it events that do not follow what it shows. So every restore gives the logs
a new identity (`queries.log_identity.new_log_id`), and resumes are checked against it (and
against the tag of the client's last event, which catches a restore Twofold was not told of).
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class RestoreError(Exception):
    """Why a restore did not start; nothing was changed."""


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _check_backup(backup: Path) -> None:
    if not backup.is_file():
        raise RestoreError(f"There is no file at {backup}.")
    try:
        conn = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise RestoreError(f"{backup} is not a SQLite database.") from None
    if not ok or ok[0] != "ok":
        raise RestoreError(f"{backup} is damaged (SQLite's check says: {ok[0] if ok else '?'}).")
    if not {"retros", "board_events", "alembic_version"} <= tables:
        raise RestoreError(f"{backup} is a SQLite database, but not one of Twofold's.")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API: it includes what the source's WAL holds."""
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def restore_sqlite(backup: Path, target: Path) -> Path | None:
    """Put `backup` in place of the database file `target`, with the server stopped.

    What `target` held is kept first, next to it (`<name>.before-restore-<time>`), and its
    path returned (None when there was no database yet). The backup is copied beside the
    target and moved over it in one step, and the old write-ahead log is emptied first and
    removed after, so no part of the old database can be replayed into the restored one."""
    _check_backup(backup)
    target.parent.mkdir(parents=True, exist_ok=True)
    kept: Path | None = None
    if target.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        kept = target.with_name(f"{target.name}.before-restore-{stamp}")
        copy_sqlite(target, kept)
        conn = sqlite3.connect(target)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    incoming = target.with_name(f"{target.name}.restoring")
    incoming.unlink(missing_ok=True)
    copy_sqlite(backup, incoming)
    incoming.replace(target)
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    return kept
