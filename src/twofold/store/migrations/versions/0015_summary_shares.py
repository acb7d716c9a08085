"""read-only share links to a retro's closing summary, kept as keyed hashes

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "summary_shares",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("summary_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summary_shares_retro_id"), ["retro_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("summary_shares", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summary_shares_retro_id"))
    op.drop_table("summary_shares")
