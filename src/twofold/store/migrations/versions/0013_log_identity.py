"""the event log's identity: a random id that a restore from a backup replaces, so a live board
client that resumes across a restore is given a fresh snapshot instead of the wrong events

Revision ID: 0013
Revises: 0012
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "log_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("log_id", sa.String(length=32), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(table, [{"id": 1, "log_id": uuid.uuid4().hex, "changed_at": datetime.now(UTC)}])


def downgrade() -> None:
    op.drop_table("log_identity")
