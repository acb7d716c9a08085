"""Who may do what on a retro board.

A participant is either a team member (signed-in user) or a guest let in for one retro. The
checks live here, in one place, so REST routes and the live board socket decide identically.
"""

from dataclasses import dataclass
from typing import Literal

from twofold.domain.entities import Card, Column
from twofold.domain.errors import Forbidden, Invalid
from twofold.domain.vocab import Polarity, Role

ParticipantKind = Literal["member", "guest"]


@dataclass(frozen=True)
class Participant:
    kind: ParticipantKind
    id: str
    display_name: str
    role: Role
    is_facilitator: bool


def is_author(who: Participant, card: Card) -> bool:
    if who.kind == "member":
        return card.author_user_id == who.id
    return card.author_guest_id == who.id


def check_may_edit_card(who: Participant, card: Card) -> None:
    # Facilitators may remove noise but never put words in someone else's mouth.
    if not is_author(who, card):
        raise Forbidden("Only the author can edit a card.")


def check_may_delete_card(who: Participant, card: Card) -> None:
    if not (is_author(who, card) or who.is_facilitator):
        raise Forbidden("Only the author or a facilitator can delete a card.")


def check_facilitator(who: Participant, action: str) -> None:
    if not who.is_facilitator:
        raise Forbidden(f"Only a facilitator can {action}.")


def resolve_polarity(column: Column, wanted: Polarity | None) -> Polarity:
    """Pick the card's polarity: the column's default, or the requested one if the column takes it."""
    if wanted is None:
        return column.polarities[0]
    if wanted not in column.polarities:
        allowed = ", ".join(p.value for p in column.polarities)
        raise Invalid(
            f"The column '{column.title}' takes cards that are: {allowed}.",
            code="validation_error",
            details=[{"field": "polarity", "message": f"Must be one of: {allowed}."}],
        )
    return wanted
