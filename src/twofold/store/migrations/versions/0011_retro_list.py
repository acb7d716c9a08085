"""when a retro was closed and whether it is archived, for the team's list of retros

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))
    # Retros closed before this version: their last phase change is when they closed.
    op.execute(
        "UPDATE retros SET closed_at = (SELECT MAX(e.created_at) FROM board_events e"
        " WHERE e.retro_id = retros.id AND e.type = 'phase_changed')"
        " WHERE phase = 'closed'"
    )


def downgrade() -> None:
    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.drop_column("archived_at")
        batch_op.drop_column("closed_at")
