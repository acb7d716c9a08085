"""sprint signals per retro, anonymous satisfaction pulses, and thresholds per team

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sprint_signals",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("retro_id"),
    )
    op.create_table(
        "sprint_pulse_givers",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("participant", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id", "participant"),
    )
    op.create_table(
        "team_thresholds",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id"),
    )


def downgrade() -> None:
    op.drop_table("team_thresholds")
    op.drop_table("sprint_pulse_givers")
    op.drop_table("sprint_signals")
