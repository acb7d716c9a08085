"""Summaries and digests posted to a team's chat channels."""

from typing import cast

from sqlalchemy import select

from twofold.domain.channels import ChannelPost, Posted, PostKind, PostState
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import ChannelPostRow


def _post(row: ChannelPostRow) -> ChannelPost:
    return ChannelPost(
        id=row.id,
        team_id=row.team_id,
        connection_id=row.connection_id,
        retro_id=row.retro_id,
        kind=cast(PostKind, row.kind),
        subject=row.subject,
        state=cast(PostState, row.state),
        ref=row.ref,
        channel=row.channel,
        url=row.url,
        error=row.error,
        attempts=row.attempts,
        outbox_id=row.outbox_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
        posted_at=row.posted_at,
    )


def post_for(
    tx: Tx, connection_id: str, kind: PostKind, subject: str, *, lock: bool = False
) -> ChannelPost | None:
    query = select(ChannelPostRow).where(
        ChannelPostRow.connection_id == connection_id,
        ChannelPostRow.kind == kind,
        ChannelPostRow.subject == subject,
    )
    row = tx.scalar(query.with_for_update() if lock else query)
    return _post(row) if row else None


def post_by_id(tx: Tx, post_id: str) -> ChannelPost | None:
    row = tx.get(ChannelPostRow, post_id)
    return _post(row) if row else None


def posts_of_retro(tx: Tx, retro_id: str) -> list[ChannelPost]:
    rows = tx.scalars(
        select(ChannelPostRow)
        .where(ChannelPostRow.retro_id == retro_id)
        .order_by(ChannelPostRow.created_at, ChannelPostRow.id)
    ).all()
    return [_post(r) for r in rows]


def insert_post(
    tx: Tx,
    team_id: str,
    connection_id: str,
    kind: PostKind,
    subject: str,
    retro_id: str | None,
) -> ChannelPost:
    at = now()
    row = ChannelPostRow(
        id=new_id(),
        team_id=team_id,
        connection_id=connection_id,
        retro_id=retro_id,
        kind=kind,
        subject=subject,
        state="pending",
        attempts=0,
        created_at=at,
        updated_at=at,
    )
    tx.add(row)
    tx.flush()
    return _post(row)


def requeue(tx: Tx, post_id: str, outbox_id: str) -> None:
    """Queued (again): pending, its last error kept until the next attempt says otherwise."""
    row = tx.get(ChannelPostRow, post_id)
    if row is not None:
        row.state = "pending"
        row.outbox_id = outbox_id
        row.attempts = 0
        row.updated_at = now()


def mark_posted(tx: Tx, post_id: str, posted: Posted) -> None:
    row = tx.get(ChannelPostRow, post_id)
    if row is None:
        return
    at = now()
    row.state = "posted"
    row.error = None
    row.attempts += 1
    row.ref = posted.ref or row.ref
    row.channel = posted.channel or row.channel
    row.url = posted.url or row.url
    row.posted_at = at
    row.updated_at = at


def record_failure(tx: Tx, post_id: str, error: str, *, final: bool) -> None:
    """A failed attempt: `final` when the channel refused it for good (given up), else the
    outbox tries again."""
    row = tx.get(ChannelPostRow, post_id)
    if row is None:
        return
    row.attempts += 1
    row.error = error[:1000]
    if final:
        row.state = "failed"
    row.updated_at = now()
