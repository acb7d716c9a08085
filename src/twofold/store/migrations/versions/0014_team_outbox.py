"""the outbox holds team-level events: the team a row is about, and a key that makes work due
at a time (reminders, agendas) enqueued once however many workers look for it

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("dedupe_key", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_team_id"), ["team_id"], unique=False)
        batch_op.create_index("ix_outbox_dedupe_key", ["dedupe_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_dedupe_key")
        batch_op.drop_index(batch_op.f("ix_outbox_team_id"))
        batch_op.drop_column("dedupe_key")
        batch_op.drop_column("team_id")
