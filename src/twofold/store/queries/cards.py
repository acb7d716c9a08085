"""Cards on a board."""

from sqlalchemy import select, update

from twofold.domain.entities import Card
from twofold.domain.vocab import Friction, Polarity, Role
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import CardRow


def _card(row: CardRow) -> Card:
    return Card(
        row.id,
        row.retro_id,
        row.column_id,
        row.text,
        Polarity(row.polarity),
        Friction(row.friction) if row.friction else None,
        Role(row.author_role),
        row.author_user_id,
        row.author_guest_id,
        row.author_name,
        row.created_at,
        row.updated_at,
        row.group_id,
    )


def insert_card(
    tx: Tx,
    *,
    retro_id: str,
    column_id: str,
    text: str,
    polarity: Polarity,
    friction: Friction | None,
    author_role: Role,
    author_user_id: str | None,
    author_guest_id: str | None,
    author_name: str,
) -> Card:
    at = now()
    row = CardRow(
        id=new_id(),
        retro_id=retro_id,
        column_id=column_id,
        text=text,
        polarity=polarity.value,
        friction=friction.value if friction else None,
        author_role=author_role.value,
        author_user_id=author_user_id,
        author_guest_id=author_guest_id,
        author_name=author_name,
        created_at=at,
        updated_at=at,
    )
    tx.add(row)
    tx.flush()
    return _card(row)


def card_by_id(tx: Tx, card_id: str) -> Card | None:
    row = tx.get(CardRow, card_id)
    return _card(row) if row else None


def cards_of(tx: Tx, retro_id: str) -> list[Card]:
    rows = tx.scalars(
        select(CardRow).where(CardRow.retro_id == retro_id).order_by(CardRow.created_at, CardRow.id)
    )
    return [_card(r) for r in rows]


def update_card(
    tx: Tx,
    card_id: str,
    *,
    text: str,
    polarity: Polarity,
    friction: Friction | None,
    column_id: str,
) -> Card:
    row = tx.get_one(CardRow, card_id)
    row.text = text
    row.polarity = polarity.value
    row.friction = friction.value if friction else None
    row.column_id = column_id
    row.updated_at = now()
    tx.flush()
    return _card(row)


def set_group(tx: Tx, card_ids: list[str], group_id: str | None) -> None:
    if card_ids:
        tx.execute(update(CardRow).where(CardRow.id.in_(card_ids)).values(group_id=group_id))


def move_group(tx: Tx, source_group_id: str, target_group_id: str) -> None:
    tx.execute(
        update(CardRow).where(CardRow.group_id == source_group_id).values(group_id=target_group_id)
    )


def delete_card(tx: Tx, card_id: str) -> None:
    row = tx.get(CardRow, card_id)
    if row is not None:
        tx.delete(row)
