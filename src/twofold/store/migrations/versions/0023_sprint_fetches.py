"""Sprints read from a team's tracker for a retro's signals

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sprint_fetches",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("connection_id", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("outbox_id", sa.String(length=32), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("sprints", sa.JSON(), nullable=True),
        sa.Column("sprint_id", sa.String(length=32), nullable=True),
        sa.Column("sprint_name", sa.String(length=200), nullable=True),
        sa.Column("figures", sa.JSON(), nullable=True),
        sa.Column("overridden", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.String(length=32), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["connection_id"], ["team_connections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id"),
    )
    with op.batch_alter_table("sprint_fetches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sprint_fetches_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sprint_fetches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sprint_fetches_team_id"))
    op.drop_table("sprint_fetches")
