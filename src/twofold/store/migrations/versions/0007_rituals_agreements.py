"""team rituals, working agreements and the log of PM + tech-lead story pairings

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rituals",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("recurrence", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("rituals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rituals_team_id"), ["team_id"], unique=False)

    op.create_table(
        "team_agreements",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("definition_of_done", sa.JSON(), nullable=False),
        sa.Column("acceptance_template", sa.Text(), nullable=False),
        sa.Column("pairing_points_over", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id"),
    )

    op.create_table(
        "story_pairings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("story_ref", sa.String(length=64), nullable=False),
        sa.Column("story_title", sa.String(length=200), nullable=False),
        sa.Column("points", sa.Double(), nullable=True),
        sa.Column("paired_on", sa.Date(), nullable=False),
        sa.Column("pm_user_id", sa.String(length=32), nullable=True),
        sa.Column("tech_lead_user_id", sa.String(length=32), nullable=True),
        sa.Column("recorded_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pm_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["tech_lead_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("story_pairings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_story_pairings_team_id"), ["team_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("story_pairings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_story_pairings_team_id"))
    op.drop_table("story_pairings")
    op.drop_table("team_agreements")
    with op.batch_alter_table("rituals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rituals_team_id"))
    op.drop_table("rituals")
