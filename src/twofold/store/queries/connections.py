"""A team's connections to its tools, and the tickets its items became there."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, select, update

from twofold.domain.connections import (
    CheckStatus,
    Connection,
    ConnectionCheck,
    ItemKind,
    SealedSecrets,
    TicketLink,
    TicketState,
    Vendor,
)
from twofold.domain.vendors import VENDORS
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import CardRow, TeamConnectionRow, TicketLinkRow


def _connection(row: TeamConnectionRow) -> Connection:
    check = None
    if row.check_status is not None and row.checked_at is not None:
        check = ConnectionCheck(
            cast(CheckStatus, row.check_status), row.check_message or "", row.checked_at
        )
    return Connection(
        id=row.id,
        team_id=row.team_id,
        vendor=cast(Vendor, row.vendor),
        settings=VENDORS[row.vendor].settings.model_validate(row.settings),
        secret_hint=row.secret_hint,
        has_webhook_secret=row.sealed_webhook_secret is not None,
        created_at=row.created_at,
        check=check,
        check_pending=row.check_pending,
        polled_at=row.polled_at,
    )


def insert_connection(
    tx: Tx,
    team_id: str,
    vendor: Vendor,
    settings: dict[str, Any],
    sealed: SealedSecrets,
    hint: str,
    created_by: str,
) -> Connection:
    row = TeamConnectionRow(
        id=new_id(),
        team_id=team_id,
        vendor=vendor,
        settings=settings,
        sealed_token=sealed.token,
        secret_hint=hint,
        sealed_webhook_secret=sealed.webhook,
        created_by=created_by,
        created_at=now(),
        check_pending=False,
    )
    tx.add(row)
    tx.flush()
    return _connection(row)


def connections_of_team(tx: Tx, team_id: str, *, lock: bool = False) -> list[Connection]:
    """The team's connections, known vendors only (a vendor dropped from this version keeps
    its row, unread, until the team removes it)."""
    query = (
        select(TeamConnectionRow)
        .where(TeamConnectionRow.team_id == team_id, TeamConnectionRow.vendor.in_(VENDORS))
        .order_by(TeamConnectionRow.created_at, TeamConnectionRow.id)
    )
    return [_connection(r) for r in tx.scalars(query.with_for_update() if lock else query)]


def tracker_of_team(tx: Tx, team_id: str, *, lock: bool = False) -> Connection | None:
    """The team's tracker: where its items are pushed (a team has one at most)."""
    trackers = [v for v, spec in VENDORS.items() if spec.kind == "tracker"]
    query = select(TeamConnectionRow).where(
        TeamConnectionRow.team_id == team_id, TeamConnectionRow.vendor.in_(trackers)
    )
    row = tx.scalars(query.with_for_update() if lock else query).first()
    return _connection(row) if row else None


def connection_by_id(tx: Tx, connection_id: str) -> Connection | None:
    row = tx.get(TeamConnectionRow, connection_id)
    return _connection(row) if row else None


def all_connections(tx: Tx) -> list[Connection]:
    rows = tx.scalars(
        select(TeamConnectionRow)
        .where(TeamConnectionRow.vendor.in_(VENDORS))
        .order_by(TeamConnectionRow.id)
    )
    return [_connection(r) for r in rows]


def sealed_secrets(tx: Tx, connection_id: str) -> SealedSecrets | None:
    row = tx.get(TeamConnectionRow, connection_id)
    return SealedSecrets(row.sealed_token, row.sealed_webhook_secret) if row else None


def replace_sealed(tx: Tx, connection_id: str, sealed: SealedSecrets) -> None:
    tx.execute(
        update(TeamConnectionRow)
        .where(TeamConnectionRow.id == connection_id)
        .values(sealed_token=sealed.token, sealed_webhook_secret=sealed.webhook)
    )


def delete_connection(tx: Tx, connection_id: str) -> None:
    tx.execute(delete(TicketLinkRow).where(TicketLinkRow.connection_id == connection_id))
    tx.execute(delete(TeamConnectionRow).where(TeamConnectionRow.id == connection_id))


def set_check_pending(tx: Tx, connection_id: str) -> None:
    tx.execute(
        update(TeamConnectionRow)
        .where(TeamConnectionRow.id == connection_id)
        .values(check_pending=True)
    )


def record_check(tx: Tx, connection_id: str, status: CheckStatus, message: str) -> None:
    tx.execute(
        update(TeamConnectionRow)
        .where(TeamConnectionRow.id == connection_id)
        .values(check_pending=False, check_status=status, check_message=message, checked_at=now())
    )


def set_polled(tx: Tx, connection_id: str, at: datetime) -> None:
    tx.execute(
        update(TeamConnectionRow).where(TeamConnectionRow.id == connection_id).values(polled_at=at)
    )


def _link(row: TicketLinkRow) -> TicketLink:
    return TicketLink(
        id=row.id,
        team_id=row.team_id,
        connection_id=row.connection_id,
        item_kind=cast(ItemKind, row.item_kind),
        item_id=row.item_id,
        state=cast(TicketState, row.state),
        key=row.key,
        url=row.url,
        outbox_id=row.outbox_id,
        remote_status=row.remote_status,
        status_by=row.status_by,
        status_at=row.status_at,
        created_at=row.created_at,
    )


def link_for(
    tx: Tx, connection_id: str, kind: ItemKind, item_id: str, *, lock: bool = False
) -> TicketLink | None:
    query = select(TicketLinkRow).where(
        TicketLinkRow.connection_id == connection_id,
        TicketLinkRow.item_kind == kind,
        TicketLinkRow.item_id == item_id,
    )
    row = tx.scalars(query.with_for_update() if lock else query).first()
    return _link(row) if row else None


def link_by_key(tx: Tx, connection_id: str, key: str) -> TicketLink | None:
    row = tx.scalars(
        select(TicketLinkRow).where(
            TicketLinkRow.connection_id == connection_id, TicketLinkRow.key == key
        )
    ).first()
    return _link(row) if row else None


def links_of_items(tx: Tx, kind: ItemKind, item_ids: Iterable[str]) -> dict[str, TicketLink]:
    wanted = list(item_ids)
    if not wanted:
        return {}
    rows = tx.scalars(
        select(TicketLinkRow).where(
            TicketLinkRow.item_kind == kind, TicketLinkRow.item_id.in_(wanted)
        )
    )
    return {r.item_id: _link(r) for r in rows}


def insert_pending(
    tx: Tx, team_id: str, connection_id: str, kind: ItemKind, item_id: str, outbox_id: str
) -> TicketLink:
    row = TicketLinkRow(
        id=new_id(),
        team_id=team_id,
        connection_id=connection_id,
        item_kind=kind,
        item_id=item_id,
        state="pending",
        outbox_id=outbox_id,
        created_at=now(),
    )
    tx.add(row)
    tx.flush()
    return _link(row)


def set_outbox(tx: Tx, link_id: str, outbox_id: str) -> None:
    tx.execute(update(TicketLinkRow).where(TicketLinkRow.id == link_id).values(outbox_id=outbox_id))


def mark_linked(tx: Tx, link_id: str, key: str, url: str, remote_status: str | None) -> None:
    tx.execute(
        update(TicketLinkRow)
        .where(TicketLinkRow.id == link_id)
        .values(state="linked", key=key, url=url, remote_status=remote_status)
    )


def set_remote_status(tx: Tx, link_id: str, status: str, by: str | None, at: datetime) -> None:
    tx.execute(
        update(TicketLinkRow)
        .where(TicketLinkRow.id == link_id)
        .values(remote_status=status[:80], status_by=(by or None) and by[:120], status_at=at)
    )


def links_of_connection(tx: Tx, connection_id: str) -> list[TicketLink]:
    rows = tx.scalars(
        select(TicketLinkRow)
        .where(TicketLinkRow.connection_id == connection_id)
        .order_by(TicketLinkRow.created_at.desc(), TicketLinkRow.id)
    )
    return [_link(r) for r in rows]


def card_friction(tx: Tx, card_id: str | None) -> str | None:
    """The friction point of the card an item came from, which its ticket is labelled with."""
    if card_id is None:
        return None
    return tx.scalar(select(CardRow.friction).where(CardRow.id == card_id))
