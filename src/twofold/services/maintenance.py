"""Looking after the instance's database from the command line: opening it, bringing its
schema up to date, taking a backup, restoring one and telling open boards about it.

The command line is an edge like the API: it reaches the store only through services, so the
store stays the one place that knows SQLAlchemy, Alembic and the tables.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from twofold.integrations.vault import Vault
from twofold.services.context import Ctx, database_for
from twofold.settings import Settings
from twofold.store import backup, migrate, restore
from twofold.store.database import shown_url
from twofold.store.queries.log_identity import new_log_id

RestoreError = restore.RestoreError
"""Why a restore did not start; nothing was changed."""
BackupError = backup.BackupError
"""Why no backup was written."""


@contextmanager
def local_ctx(settings: Settings) -> Iterator[Ctx]:
    """A context on the configured database for one command, closed when it ends. Nothing is
    published to other processes: what a command writes is read from the database by whoever
    looks next."""
    ctx = Ctx(database_for(settings), vault=Vault(settings.integrations_key.get_secret_value()))
    try:
        yield ctx
    finally:
        ctx.close()


def database_shown(settings: Settings) -> str:
    """The database's address as the commands print it, password masked."""
    return shown_url(settings.database_url)


def schema_behind(ctx: Ctx) -> bool:
    """True when the database is behind the code, so a command can say so before migrating."""
    return migrate.pending(ctx.db)


def upgrade_schema(ctx: Ctx) -> None:
    migrate.upgrade(ctx.db)


def mark_restored(ctx: Ctx) -> str:
    """Give the board event logs a new identity, so every open board reloads instead of
    resuming from a log that is no longer the one it followed."""
    with ctx.db.write() as tx:
        return new_log_id(tx)


def sqlite_file(settings: Settings) -> Path | None:
    """The configured SQLite database file; None for any other database."""
    return restore.sqlite_file(settings.database_url)


def restore_sqlite(backup: Path, target: Path) -> Path | None:
    """Put `backup` in place of `target`; returns where the database as it was is kept, if
    there was one. Raises `RestoreError`, having changed nothing, when the backup is unfit."""
    return restore.restore_sqlite(backup, target)


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def default_backup_name(settings: Settings) -> Path:
    suffix = "db" if sqlite_file(settings) is not None else "dump"
    return Path(f"twofold-{_stamp()}.{suffix}")


def take_backup(settings: Settings, target: Path) -> None:
    """A consistent copy of the database while it serves: SQLite's online backup, or
    `pg_dump` in its custom format. Raises `BackupError`, having written nothing at `target`."""
    source = sqlite_file(settings)
    if source is not None:
        backup.backup_sqlite(source, target)
    else:
        backup.backup_postgresql(settings.database_url, target)


def restore_postgresql(settings: Settings, dump: Path) -> Path:
    """Load `dump` in place of the PostgreSQL database, with the app stopped. What the database
    held is dumped first, into the data folder, and its path returned; if that cannot be done,
    or the dump is unfit, nothing is changed (`RestoreError`)."""
    backup.check_dump(dump)
    kept = settings.data_dir / f"twofold-before-restore-{_stamp()}.dump"
    try:
        backup.backup_postgresql(settings.database_url, kept)
    except BackupError as exc:
        raise RestoreError(f"the database as it is could not be kept first: {exc}") from None
    try:
        backup.restore_postgresql(dump, settings.database_url)
    except RestoreError as exc:
        try:
            backup.restore_postgresql(kept, settings.database_url)
        except RestoreError as again:
            raise RestoreError(
                f"{exc}; putting the database back as it was failed too ({again}): restore "
                f"{kept} by hand"
            ) from None
        raise RestoreError(f"{exc}; the database was put back as it was") from None
    return kept
