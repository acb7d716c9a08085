"""live board

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 22:34:45.244814
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_items",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=True),
        sa.Column("topic_id", sa.String(length=32), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner_user_id", sa.String(length=32), nullable=True),
        sa.Column("owner_name", sa.String(length=80), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_retro_id"), ["retro_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_team_id"), ["team_id"], unique=False)

    op.create_table(
        "board_commands",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("participant", sa.String(length=40), nullable=False),
        sa.Column("command_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id", "participant", "command_id"),
    )
    op.create_table(
        "card_groups",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("card_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_groups_retro_id"), ["retro_id"], unique=False)

    op.create_table(
        "participant_states",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("participant", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("ready_phase", sa.String(length=16), nullable=True),
        sa.Column("check_in", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id", "participant"),
    )
    op.create_table(
        "topic_notes",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("topic_id", sa.String(length=32), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id", "topic_id"),
    )
    op.create_table(
        "votes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("topic_id", sa.String(length=32), nullable=False),
        sa.Column("voter", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_retro_id"), ["retro_id"], unique=False)

    op.create_table(
        "reactions",
        sa.Column("card_id", sa.String(length=32), nullable=False),
        sa.Column("participant", sa.String(length=40), nullable=False),
        sa.Column("emoji", sa.String(length=16), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("card_id", "participant", "emoji"),
    )
    with op.batch_alter_table("reactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reactions_retro_id"), ["retro_id"], unique=False)

    with op.batch_alter_table("board_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_payload", sa.JSON(), nullable=True))
        batch_op.alter_column(
            "visibility",
            existing_type=sa.VARCHAR(length=16),
            type_=sa.String(length=40),
            existing_nullable=False,
        )

    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("guests_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_cards_group_id"), ["group_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_cards_group_id", "card_groups", ["group_id"], ["id"], ondelete="SET NULL"
        )

    with op.batch_alter_table("retros", schema=None) as batch_op:
        # Retros made before phases existed had every card visible: they open at the reveal.
        batch_op.add_column(
            sa.Column("phase", sa.String(length=16), nullable=False, server_default="reveal")
        )
        batch_op.add_column(
            sa.Column("settings", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
        batch_op.add_column(sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("timer_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("topic_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_column("guests_only")

    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.drop_column("topic_id")
        batch_op.drop_column("timer_seconds")
        batch_op.drop_column("timer_ends_at")
        batch_op.drop_column("settings")
        batch_op.drop_column("phase")

    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_constraint("fk_cards_group_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_cards_group_id"))
        batch_op.drop_column("group_id")

    with op.batch_alter_table("board_events", schema=None) as batch_op:
        batch_op.alter_column(
            "visibility",
            existing_type=sa.String(length=40),
            type_=sa.VARCHAR(length=16),
            existing_nullable=False,
        )
        batch_op.drop_column("public_payload")

    with op.batch_alter_table("reactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reactions_retro_id"))

    op.drop_table("reactions")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_retro_id"))

    op.drop_table("votes")
    op.drop_table("topic_notes")
    op.drop_table("participant_states")
    with op.batch_alter_table("card_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_groups_retro_id"))

    op.drop_table("card_groups")
    op.drop_table("board_commands")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_team_id"))
        batch_op.drop_index(batch_op.f("ix_action_items_retro_id"))

    op.drop_table("action_items")
