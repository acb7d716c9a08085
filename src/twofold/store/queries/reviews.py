"""Which retros reviewed which action items: what decides the items a retro's guests may see."""

from sqlalchemy import select

from twofold.store.database import Tx
from twofold.store.tables import ActionReviewRow


def reviewed_in_retro(tx: Tx, retro_id: str) -> set[str]:
    """The action items this retro recorded a decision on in its review."""
    rows = tx.scalars(select(ActionReviewRow.action_id).where(ActionReviewRow.retro_id == retro_id))
    return {str(action_id) for action_id in rows}


def retros_that_reviewed(tx: Tx, action_id: str) -> set[str]:
    """The retros that recorded a decision on this action item."""
    rows = tx.scalars(
        select(ActionReviewRow.retro_id).where(ActionReviewRow.action_id == action_id)
    )
    return {str(retro_id) for retro_id in rows}
