"""Cards on a board."""

from dataclasses import replace

from sqlalchemy import select, update

from twofold.domain.entities import Card
from twofold.domain.phases import Phase, cards_hidden
from twofold.domain.vocab import Friction, Polarity, Role
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.rawsql import Raw
from twofold.store.tables import CardRow, RetroRow


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


def new_card(
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
    """A card as `insert_cards` will store it."""
    at = now()
    return Card(
        new_id(),
        retro_id,
        column_id,
        text,
        polarity,
        friction,
        author_role,
        author_user_id,
        author_guest_id,
        author_name,
        at,
        at,
        None,
    )


_CARD_TYPES = {
    "id": "text",
    "retro_id": "text",
    "column_id": "text",
    "text": "text",
    "polarity": "text",
    "friction": "text",
    "author_role": "text",
    "author_user_id": "text",
    "author_guest_id": "text",
    "author_name": "text",
    "created_at": "timestamptz",
    "updated_at": "timestamptz",
}


def insert_cards(tx: Tx, cards: list[Card]) -> None:
    raw = Raw.of(tx)
    rows = []
    for card in cards:
        at = raw.when(card.created_at)
        rows.append(
            {
                "id": card.id,
                "retro_id": card.retro_id,
                "column_id": card.column_id,
                "text": card.text,
                "polarity": card.polarity.value,
                "friction": card.friction.value if card.friction else None,
                "author_role": card.author_role.value,
                "author_user_id": card.author_user_id,
                "author_guest_id": card.author_guest_id,
                "author_name": card.author_name,
                "created_at": at,
                "updated_at": at,
            }
        )
    raw.insert("cards", _CARD_TYPES, rows)


def card_by_id(tx: Tx, card_id: str) -> Card | None:
    row = Raw.of(tx).one(
        "SELECT id, retro_id, column_id, text, polarity, friction, author_role, author_user_id,"
        " author_guest_id, author_name, created_at, updated_at, group_id FROM cards"
        " WHERE id = :id",
        {"id": card_id},
    )
    if row is None:
        return None
    return Card(
        row[0],
        row[1],
        row[2],
        row[3],
        Polarity(row[4]),
        Friction(row[5]) if row[5] else None,
        Role(row[6]),
        row[7],
        row[8],
        row[9],
        Raw.read_when(row[10]) or now(),
        Raw.read_when(row[11]) or now(),
        row[12],
    )


def cards_of(tx: Tx, retro_id: str) -> list[Card]:
    """Read as plain rows, not ORM objects: every snapshot reads every card of its board, and
    building an ORM object per card was most of the cost of a board's read. The columns are
    `Card`'s fields, in order."""
    c = CardRow
    rows = tx.execute(
        select(
            *(c.id, c.retro_id, c.column_id, c.text, c.polarity, c.friction, c.author_role),
            *(c.author_user_id, c.author_guest_id, c.author_name, c.created_at, c.updated_at),
            c.group_id,
        )
        .where(c.retro_id == retro_id)
        .order_by(c.created_at, c.id)
    )
    polarities = {p.value: p for p in Polarity}
    frictions = {f.value: f for f in Friction}
    roles = {r.value: r for r in Role}
    return [
        Card(
            row[0],
            row[1],
            row[2],
            row[3],
            polarities[row[4]],
            frictions[row[5]] if row[5] else None,
            roles[row[6]],
            row[7],
            row[8],
            row[9],
            row[10],
            row[11],
            row[12],
        )
        for row in rows
    ]


def update_card(
    tx: Tx,
    card: Card,
    *,
    text: str,
    polarity: Polarity,
    friction: Friction | None,
    column_id: str,
) -> Card:
    """The card as changed. It was read in this transaction and its row is held by the board's
    lock, so it is changed here too rather than read back."""
    updated = replace(
        card, text=text, polarity=polarity, friction=friction, column_id=column_id, updated_at=now()
    )
    raw = Raw.of(tx)
    raw.run(
        "UPDATE cards SET text = :text, polarity = :polarity, friction = :friction,"
        " column_id = :column_id, updated_at = :at WHERE id = :id",
        {
            "id": card.id,
            "text": text,
            "polarity": polarity.value,
            "friction": friction.value if friction else None,
            "column_id": column_id,
            "at": raw.when(updated.updated_at),
        },
    )
    return updated


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


def tagged_cards_of_team(
    tx: Tx, team_id: str, limit: int, *, retro_id: str | None = None
) -> list[tuple[str, Friction]]:
    """The team's most recent cards that carry a friction point and that every participant of
    their retro can read now (retros past the reveal), oldest first: what the team confirmed,
    for the suggestions to learn from. With `retro_id`, only that retro's cards.

    A card still hidden belongs to its author alone; a model that learnt from it would hand its
    words back to anyone who asks for a suggestion."""
    query = (
        select(CardRow.text, CardRow.friction)
        .join(RetroRow, RetroRow.id == CardRow.retro_id)
        .where(
            RetroRow.team_id == team_id,
            RetroRow.phase.in_([p.value for p in Phase if not cards_hidden(p)]),
            CardRow.friction.is_not(None),
        )
    )
    if retro_id is not None:
        query = query.where(CardRow.retro_id == retro_id)
    rows = tx.execute(query.order_by(CardRow.updated_at.desc(), CardRow.id).limit(limit)).all()
    return [(text, Friction(friction)) for text, friction in reversed(rows) if friction]
