"""Share links to retro summaries, kept as keyed hashes (see users.digest)."""

from datetime import datetime

from sqlalchemy import select, update

from twofold.domain.summary import SummaryShare
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.queries.users import digest
from twofold.store.tables import SummaryShareRow


def _share(row: SummaryShareRow) -> SummaryShare:
    return SummaryShare(
        row.id, row.retro_id, row.created_at, row.expires_at, row.revoked_at, row.created_by
    )


def insert(
    tx: Tx, retro_id: str, created_by: str, token: str, expires_at: datetime | None
) -> SummaryShare:
    row = SummaryShareRow(
        id=new_id(),
        retro_id=retro_id,
        token_hash=digest(tx, token),
        created_by=created_by,
        created_at=now(),
        expires_at=expires_at,
        revoked_at=None,
    )
    tx.add(row)
    tx.flush()
    return _share(row)


def of_retro(tx: Tx, retro_id: str) -> list[SummaryShare]:
    """Newest first."""
    rows = tx.scalars(
        select(SummaryShareRow)
        .where(SummaryShareRow.retro_id == retro_id)
        .order_by(SummaryShareRow.created_at.desc(), SummaryShareRow.id)
    )
    return [_share(r) for r in rows]


def by_token(tx: Tx, token: str) -> SummaryShare | None:
    row = tx.scalar(select(SummaryShareRow).where(SummaryShareRow.token_hash == digest(tx, token)))
    return _share(row) if row else None


def revoke(tx: Tx, retro_id: str, share_id: str) -> SummaryShare | None:
    """Revoke the link (once: revoking again keeps the first time); None if the retro has no
    such link."""
    tx.execute(
        update(SummaryShareRow)
        .where(
            SummaryShareRow.id == share_id,
            SummaryShareRow.retro_id == retro_id,
            SummaryShareRow.revoked_at.is_(None),
        )
        .values(revoked_at=now())
    )
    row = tx.scalar(
        select(SummaryShareRow).where(
            SummaryShareRow.id == share_id, SummaryShareRow.retro_id == retro_id
        )
    )
    return _share(row) if row else None
