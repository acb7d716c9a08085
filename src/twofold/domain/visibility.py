"""What each participant may see of a card.

Until the reveal, a card's content belongs to its author alone; in an anonymous retro, its
authorship does forever. These functions are the single place that decides, and everything that
leaves the server (snapshots, events, REST answers) goes through them.
"""

from twofold.domain.entities import Card, Retro
from twofold.domain.events import CardView
from twofold.domain.phases import cards_hidden


def member_key(user_id: str) -> str:
    return f"m:{user_id}"


def guest_key(guest_id: str) -> str:
    return f"g:{guest_id}"


def author_key(card: Card) -> str:
    if card.author_guest_id:
        return guest_key(card.author_guest_id)
    return member_key(card.author_user_id or "")


def full_view(card: Card) -> CardView:
    """Everything about the card: what its author sees."""
    return CardView(
        id=card.id,
        column_id=card.column_id,
        group_id=card.group_id,
        text=card.text,
        polarity=card.polarity,
        friction=card.friction,
        author_role=card.author_role,
        author_kind="guest" if card.author_guest_id else "member",
        author_id=card.author_guest_id or card.author_user_id,
        author_name=card.author_name,
        created_at=card.created_at,
        updated_at=card.updated_at,
    )


def public_view(card: Card, retro: Retro) -> CardView:
    """The card as anyone but its author sees it in the retro's current state."""
    if cards_hidden(retro.phase):
        return CardView(id=card.id, column_id=card.column_id, group_id=card.group_id, hidden=True)
    view = full_view(card)
    if retro.settings.anonymous:
        role = card.author_role if retro.settings.show_roles else None
        view = view.model_copy(
            update={
                "author_kind": None,
                "author_id": None,
                "author_name": None,
                "author_role": role,
            }
        )
    return view


def view_for(card: Card, retro: Retro, viewer: str) -> CardView:
    return full_view(card) if author_key(card) == viewer else public_view(card, retro)
