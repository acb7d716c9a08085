"""Retro summaries published as pages on the team's wikis."""

from typing import cast

from sqlalchemy import select, update

from twofold.domain.wiki_pages import RemotePage, WikiPage, WikiPageState
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import WikiPageRow


def _page(row: WikiPageRow) -> WikiPage:
    return WikiPage(
        id=row.id,
        team_id=row.team_id,
        retro_id=row.retro_id,
        connection_id=row.connection_id,
        state=cast(WikiPageState, row.state),
        remote_id=row.remote_id,
        url=row.url,
        version=row.version,
        outbox_id=row.outbox_id,
        published_at=row.published_at,
        created_at=row.created_at,
    )


def page_for(tx: Tx, connection_id: str, retro_id: str, *, lock: bool = False) -> WikiPage | None:
    query = select(WikiPageRow).where(
        WikiPageRow.connection_id == connection_id, WikiPageRow.retro_id == retro_id
    )
    row = tx.scalars(query.with_for_update() if lock else query).first()
    return _page(row) if row else None


def pages_of_retro(tx: Tx, retro_id: str) -> list[WikiPage]:
    rows = tx.scalars(
        select(WikiPageRow)
        .where(WikiPageRow.retro_id == retro_id)
        .order_by(WikiPageRow.created_at, WikiPageRow.id)
    )
    return [_page(r) for r in rows]


def insert_pending(
    tx: Tx, team_id: str, retro_id: str, connection_id: str, outbox_id: str
) -> WikiPage:
    row = WikiPageRow(
        id=new_id(),
        team_id=team_id,
        retro_id=retro_id,
        connection_id=connection_id,
        state="pending",
        outbox_id=outbox_id,
        created_at=now(),
    )
    tx.add(row)
    tx.flush()
    return _page(row)


def set_outbox(tx: Tx, page_id: str, outbox_id: str) -> None:
    tx.execute(update(WikiPageRow).where(WikiPageRow.id == page_id).values(outbox_id=outbox_id))


def mark_published(tx: Tx, page_id: str, remote: RemotePage, version: int) -> None:
    tx.execute(
        update(WikiPageRow)
        .where(WikiPageRow.id == page_id)
        .values(
            state="published",
            remote_id=remote.id,
            url=remote.url[:400],
            version=version,
            published_at=now(),
        )
    )
