"""Connections from a team to the tools it plans in, and the tickets its items became there

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_connections",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("vendor", sa.String(length=16), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("sealed_token", sa.Text(), nullable=False),
        sa.Column("secret_hint", sa.String(length=16), nullable=False),
        sa.Column("sealed_webhook_secret", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("check_status", sa.String(length=32), nullable=True),
        sa.Column("check_message", sa.Text(), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("check_pending", sa.Boolean(), nullable=False),
        sa.Column("polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "vendor", name="uq_team_connections_vendor"),
    )
    with op.batch_alter_table("team_connections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_connections_team_id"), ["team_id"], unique=False)
    op.create_table(
        "ticket_links",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("connection_id", sa.String(length=32), nullable=False),
        sa.Column("item_kind", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=400), nullable=True),
        sa.Column("outbox_id", sa.String(length=32), nullable=True),
        sa.Column("remote_status", sa.String(length=80), nullable=True),
        sa.Column("status_by", sa.String(length=120), nullable=True),
        sa.Column("status_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["connection_id"], ["team_connections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "item_kind", "item_id", name="uq_ticket_links_item"),
    )
    with op.batch_alter_table("ticket_links", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_links_item", ["item_kind", "item_id"], unique=False)
        batch_op.create_index("ix_ticket_links_key", ["connection_id", "key"], unique=False)
        batch_op.create_index(batch_op.f("ix_ticket_links_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("ticket_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_links_team_id"))
        batch_op.drop_index("ix_ticket_links_key")
        batch_op.drop_index("ix_ticket_links_item")
    op.drop_table("ticket_links")
    with op.batch_alter_table("team_connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_connections_team_id"))
    op.drop_table("team_connections")
