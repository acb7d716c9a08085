"""What became of each action item and debt item, change by change

Revision ID: 0031
Revises: 0030
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "item_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("item_kind", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("by_user_id", sa.String(length=32), nullable=True),
        sa.Column("by_name", sa.String(length=300), nullable=True),
        sa.Column("tracker", sa.String(length=16), nullable=True),
        sa.Column("ticket", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name="fk_item_history_team_id_teams", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_item_history_item", "item_history", ["item_kind", "item_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_item_history_item", table_name="item_history")
    op.drop_table("item_history")
