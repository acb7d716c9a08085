"""Schema migrations with Alembic, configured in code so no alembic.ini has to ship."""

import functools

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from twofold.store.database import Database


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "twofold.store:migrations")
    cfg.attributes["engine"] = db.engine
    return cfg


def upgrade(db: Database, revision: str = "head") -> None:
    command.upgrade(alembic_config(db), revision)


@functools.cache
def _head() -> str | None:
    """The code's newest revision; read from the scripts once per process, since readiness
    checks ask for it every few seconds."""
    cfg = Config()
    cfg.set_main_option("script_location", "twofold.store:migrations")
    return ScriptDirectory.from_config(cfg).get_current_head()


def pending(db: Database) -> bool:
    """True when the database is behind the code, so `serve` can say so before migrating."""
    head = _head()
    with db.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    return current != head
