"""Alembic environment: runs on the engine handed over by `twofold.store.migrate`."""

from alembic import context
from sqlalchemy import Engine

from twofold.store.tables import Base

config = context.config
engine = config.attributes["engine"]
assert isinstance(engine, Engine)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it into a new one and dropping the old: with foreign
        # keys enforced, dropping `teams` would cascade into every retro and card. They are off
        # while migrating (the pragma only takes effect outside a transaction) and checked after.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if sqlite:
        assert raw is not None
        broken = raw.execute("PRAGMA foreign_key_check").fetchall()
        raw.execute("PRAGMA foreign_keys=ON")
        if broken:
            raise RuntimeError(f"the migration left rows without their parent: {broken[:5]}")
