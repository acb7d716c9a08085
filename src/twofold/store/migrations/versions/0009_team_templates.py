"""a team's own retro templates, and the copy a retro keeps of the one it was made from

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_templates",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("team_templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_templates_team_id"), ["team_id"], unique=False)
    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_name", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("template_data", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.drop_column("template_data")
        batch_op.drop_column("template_name")
    with op.batch_alter_table("team_templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_templates_team_id"))
    op.drop_table("team_templates")
