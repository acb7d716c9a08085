"""indexes for insights at scale: counts by role, votes by voter, radar tallies and saved notes
read from the index alone, without visiting each card, vote or answer

Revision ID: 0018
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTES_SAVED = sa.text("type = 'notes_saved'")


def upgrade() -> None:
    # The wider indexes start with the retro, so they serve every lookup the ones they replace
    # did; keeping both would only slow the live board's writes.
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cards_retro_role_friction", ["retro_id", "author_role", "friction"], unique=False
        )
        batch_op.drop_index("ix_cards_retro_id")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index("ix_votes_retro_voter", ["retro_id", "voter"], unique=False)
        batch_op.drop_index("ix_votes_retro_id")
    op.create_index(
        "ix_radar_answers_tally",
        "radar_answers",
        ["retro_id", "dimension", "role", "score"],
        unique=False,
    )
    op.create_index(
        "ix_board_events_notes_saved",
        "board_events",
        ["retro_id", "seq"],
        unique=False,
        postgresql_where=NOTES_SAVED,
        sqlite_where=NOTES_SAVED,
    )


def downgrade() -> None:
    op.drop_index("ix_board_events_notes_saved", table_name="board_events")
    op.drop_index("ix_radar_answers_tally", table_name="radar_answers")
    with op.batch_alter_table("votes", schema=None) as batch_op:
        batch_op.create_index("ix_votes_retro_id", ["retro_id"], unique=False)
        batch_op.drop_index("ix_votes_retro_voter")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_retro_id", ["retro_id"], unique=False)
        batch_op.drop_index("ix_cards_retro_role_friction")
