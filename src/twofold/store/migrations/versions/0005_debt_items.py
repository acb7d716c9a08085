"""tech-debt backlog: debt items, what raised them, and each sprint's debt capacity

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "debt_items",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("area", sa.String(length=80), nullable=False),
        sa.Column("drag_hours", sa.Double(), nullable=True),
        sa.Column("impact", sa.Integer(), nullable=True),
        sa.Column("effort", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("eng_scored_by", sa.String(length=32), nullable=True),
        sa.Column("pm_scored_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["eng_scored_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["pm_scored_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("debt_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debt_items_team_id"), ["team_id"], unique=False)

    op.create_table(
        "debt_links",
        sa.Column("debt_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.String(length=32), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["debt_id"], ["debt_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("debt_id", "kind", "target_id"),
    )
    with op.batch_alter_table("debt_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_debt_links_retro_id"), ["retro_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_debt_links_target_id"), ["target_id"], unique=False)

    op.create_table(
        "debt_capacity",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("total_points", sa.Double(), nullable=False),
        sa.Column("debt_points", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id"),
    )


def downgrade() -> None:
    op.drop_table("debt_capacity")
    with op.batch_alter_table("debt_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debt_links_target_id"))
        batch_op.drop_index(batch_op.f("ix_debt_links_retro_id"))
    op.drop_table("debt_links")
    with op.batch_alter_table("debt_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_debt_items_team_id"))
    op.drop_table("debt_items")
