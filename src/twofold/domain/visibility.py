"""What each participant may see of a card, a reaction and an action item.

Until the reveal, a card's content belongs to its author alone; in an anonymous retro, its
authorship does forever, and so does who reacted to it. A guest sees the action items of their
own retro and of what it reviews, not the rest of the team's. These functions are the single
place that decides, and everything that leaves the server (snapshots, events, REST answers)
goes through them.
"""

from twofold.domain.entities import Card, Retro
from twofold.domain.events import ANONYMOUS, MEMBER_PREFIX, MEMBERS, ActionView, CardView
from twofold.domain.phases import Phase, cards_hidden


def member_key(user_id: str) -> str:
    return f"{MEMBER_PREFIX}{user_id}"


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


def roles_shown(retro: Retro) -> bool:
    """Whether anyone but a card's author may learn which role wrote it."""
    return not retro.settings.anonymous or retro.settings.show_roles


def public_view(card: Card, retro: Retro) -> CardView:
    """The card as anyone but its author sees it in the retro's current state."""
    if cards_hidden(retro.phase):
        return CardView(id=card.id, column_id=card.column_id, group_id=card.group_id, hidden=True)
    view = full_view(card)
    if retro.settings.anonymous:
        role = card.author_role if roles_shown(retro) else None
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


def reactor_for(retro: Retro, reactor: str, viewer: str) -> str:
    """Who reacted, as `viewer` may see it: in an anonymous retro, only the reactor learns it
    was them; everyone else counts the reaction and learns nothing more."""
    if retro.settings.anonymous and reactor != viewer:
        return ANONYMOUS
    return reactor


# Action items belong to the team: its members see them all. A guest is let into one retro,
# so a guest sees what that retro agreed and what it reviews, and nothing of the team's other
# retros beyond that (not their cards, topics or ids).
ACTIVE_ACTION_STATUSES = frozenset({"open", "in_progress"})


def guest_sees_action(
    action: ActionView, retro: Retro, *, reviewed_here: bool, was_active: bool = False
) -> bool:
    """Whether a guest of `retro` may see this action item. Besides the retro's own items,
    these are the items it reviews: the ones it recorded a decision on, and, while it is not
    closed, the team's items still open from retros held before it (what its review phase
    lists). `was_active` is whether the item was open before a change being told about: a
    guest who saw it open sees it close."""
    if action.retro_id == retro.id or reviewed_here:
        return True
    if retro.phase == Phase.CLOSED or action.created_at >= retro.created_at:
        return False
    return was_active or action.status in ACTIVE_ACTION_STATUSES


def guest_action_view(action: ActionView, retro_id: str) -> ActionView:
    """An action item of another retro as a guest of `retro_id` sees it: what it says, who owns
    it and where it stands, without the ids of that retro, its cards or its topics."""
    if action.retro_id == retro_id:
        return action
    here = action.last_review_retro_id == retro_id
    return action.model_copy(
        update={
            "retro_id": None,
            "topic_id": None,
            "source_card_id": None,
            "last_review_retro_id": retro_id if here else None,
            "last_review_outcome": action.last_review_outcome if here else None,
        }
    )


def action_forms(
    action: ActionView, retro: Retro, *, reviewed_here: bool, was_active: bool = False
) -> tuple[str, ActionView | None]:
    """The audience of an event about this item on `retro`'s board ("all" or `MEMBERS`), and
    what its guests get instead of the item (None: nothing at all)."""
    if not guest_sees_action(action, retro, reviewed_here=reviewed_here, was_active=was_active):
        return MEMBERS, None
    guest = guest_action_view(action, retro.id)
    return ("all", None) if guest == action else (MEMBERS, guest)
