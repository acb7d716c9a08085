"""Single sign-on: provider identities joined to accounts, and sign-ins in flight

Revision ID: 0027
Revises: 0026
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "identities",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_signin_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "subject", name="uq_identities_issuer_subject"),
    )
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identities_user_id"), ["user_id"], unique=False)
    op.create_table(
        "sso_attempts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("return_path", sa.String(length=500), nullable=False),
        sa.Column("linking_user_id", sa.String(length=32), nullable=True),
        sa.Column("pending_issuer", sa.String(length=300), nullable=True),
        sa.Column("pending_subject", sa.String(length=255), nullable=True),
        sa.Column("pending_email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["linking_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("state_hash"),
    )
    with op.batch_alter_table("sso_attempts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sso_attempts_expires_at"), ["expires_at"])
        batch_op.create_index(batch_op.f("ix_sso_attempts_linking_user_id"), ["linking_user_id"])


def downgrade() -> None:
    with op.batch_alter_table("sso_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sso_attempts_linking_user_id"))
        batch_op.drop_index(batch_op.f("ix_sso_attempts_expires_at"))
    op.drop_table("sso_attempts")
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identities_user_id"))
    op.drop_table("identities")
