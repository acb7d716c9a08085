"""health radar answers: each participant's 1-5 rating of each friction point in a retro

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "radar_answers",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("participant", sa.String(length=40), nullable=False),
        sa.Column("dimension", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id", "participant", "dimension"),
    )


def downgrade() -> None:
    op.drop_table("radar_answers")
