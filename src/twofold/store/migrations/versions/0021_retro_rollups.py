"""per-retro rollups of the figures the company view reads, each tied to the version of the
retro's figures it was counted at; and, on PostgreSQL, each team's closed retros indexed by
the day their sprint ended, so the latest few per team are read without ranking them all

Revision ID: 0021
Revises: 0020
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LATEST_INDEX = "ix_retros_closed_latest"


def upgrade() -> None:
    # Every retro starts at version 0 with no rollup: the views count such retros from their
    # rows, and the worker's sweep rolls them up over its next passes.
    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("figures_version", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "retro_rollups",
        sa.Column("retro_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("agreed", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("dropped", sa.Integer(), nullable=False),
        sa.Column("still_open", sa.Integer(), nullable=False),
        sa.Column("carried", sa.Integer(), nullable=False),
        sa.Column("debt_share", sa.Double(), nullable=True),
        sa.Column("gap_requirements_clarity", sa.Double(), nullable=True),
        sa.Column("gap_velocity_quality", sa.Double(), nullable=True),
        sa.Column("gap_tech_debt", sa.Double(), nullable=True),
        sa.Column("gap_estimation", sa.Double(), nullable=True),
        sa.Column("gap_communication", sa.Double(), nullable=True),
        sa.ForeignKeyConstraint(["retro_id"], ["retros.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("retro_id"),
    )
    if op.get_bind().dialect.name == "postgresql":
        # The expression is the one `store.queries.trends.sprint_ends` ranks by; `date()` of a
        # time with a zone depends on the session's zone, so the day is taken in UTC.
        op.execute(
            f"CREATE INDEX {LATEST_INDEX} ON retros (team_id, "
            "(COALESCE(sprint_end, (closed_at AT TIME ZONE 'UTC')::date)) DESC, id DESC) "
            "WHERE phase = 'closed'"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX {LATEST_INDEX}")
    op.drop_table("retro_rollups")
    with op.batch_alter_table("retros", schema=None) as batch_op:
        batch_op.drop_column("figures_version")
