"""Retro summaries published as wiki pages (Confluence, Notion), one per retro and connection

Revision ID: 0026
Revises: 0025
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wiki_pages",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("connection_id", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("remote_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.String(length=400), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.Column("outbox_id", sa.String(length=32), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["connection_id"], ["team_connections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "retro_id", name="uq_wiki_pages_retro"),
    )
    with op.batch_alter_table("wiki_pages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_wiki_pages_retro_id"), ["retro_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_wiki_pages_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("wiki_pages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_wiki_pages_team_id"))
        batch_op.drop_index(batch_op.f("ix_wiki_pages_retro_id"))
    op.drop_table("wiki_pages")
