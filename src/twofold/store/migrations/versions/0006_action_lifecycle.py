"""action-item lifecycle: categories, joint owners, carry-overs, drops, and review outcomes

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        # Items agreed before this revision keep an empty category and owner kind.
        batch_op.add_column(sa.Column("category", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("owner_kind", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("joint_pm_user_id", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("joint_tech_lead_user_id", sa.String(length=32), nullable=True)
        )
        batch_op.add_column(
            sa.Column("carry_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("drop_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("source_card_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            "fk_action_items_joint_pm_user_id_users",
            "users",
            ["joint_pm_user_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            "fk_action_items_joint_tech_lead_user_id_users",
            "users",
            ["joint_tech_lead_user_id"],
            ["id"],
            ondelete="SET NULL",
        )

    op.create_table(
        "action_reviews",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("action_id", sa.String(length=32), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action_items.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("action_id", "retro_id"),
    )
    with op.batch_alter_table("action_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_reviews_retro_id"), ["retro_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("action_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_reviews_retro_id"))
    op.drop_table("action_reviews")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_action_items_joint_tech_lead_user_id_users", type_="foreignkey"
        )
        batch_op.drop_constraint("fk_action_items_joint_pm_user_id_users", type_="foreignkey")
        for name in (
            "updated_at",
            "source_card_id",
            "closed_on",
            "drop_reason",
            "carry_count",
            "joint_tech_lead_user_id",
            "joint_pm_user_id",
            "owner_kind",
            "category",
        ):
            batch_op.drop_column(name)
