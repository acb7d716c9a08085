"""Alembic environment: runs on the engine handed over by `twofold.store.migrate`."""

from alembic import context
from sqlalchemy import Engine

from twofold.store.tables import Base

config = context.config
engine = config.attributes["engine"]
assert isinstance(engine, Engine)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
