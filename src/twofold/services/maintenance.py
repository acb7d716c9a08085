"""Looking after the instance's database from the command line: opening it, bringing its
schema up to date, restoring a SQLite backup and telling open boards about it.

The command line is an edge like the API: it reaches the store only through services, so the
store stays the one place that knows SQLAlchemy, Alembic and the tables.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from twofold.integrations.vault import Vault
from twofold.services.context import Ctx, database_for
from twofold.settings import Settings
from twofold.store import migrate, restore
from twofold.store.database import shown_url
from twofold.store.queries.log_identity import new_log_id

RestoreError = restore.RestoreError
"""Why a restore did not start; nothing was changed."""


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
