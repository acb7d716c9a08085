"""Who may edit and delete cards, and which polarities a column takes."""

from datetime import UTC, datetime

import pytest

from twofold.domain.access import (
    Participant,
    check_facilitator,
    check_may_delete_card,
    check_may_edit_card,
    is_author,
    resolve_polarity,
)
from twofold.domain.entities import Card, Column
from twofold.domain.errors import Forbidden, Invalid
from twofold.domain.vocab import Polarity, Role

NOW = datetime(2026, 11, 1, tzinfo=UTC)
AUTHOR = Participant("member", "u1", "Ann", Role.PM, is_facilitator=False)
OTHER = Participant("member", "u2", "Bo", Role.ENG, is_facilitator=False)
FACILITATOR = Participant("member", "u3", "Cy", Role.TECH_LEAD, is_facilitator=True)
GUEST_SAME_ID = Participant("guest", "u1", "Impostor", Role.DESIGN, is_facilitator=False)


def card(user_id: str | None = "u1", guest_id: str | None = None) -> Card:
    return Card(
        "c1", "r1", "col1", "text", Polarity.WENT_WELL, None, Role.PM,
        user_id, guest_id, "Ann", NOW, NOW,
    )  # fmt: skip


def test_author_may_edit_and_delete() -> None:
    check_may_edit_card(AUTHOR, card())
    check_may_delete_card(AUTHOR, card())


def test_others_may_not_edit_even_facilitators() -> None:
    for who in (OTHER, FACILITATOR):
        with pytest.raises(Forbidden):
            check_may_edit_card(who, card())


def test_facilitator_may_delete_but_other_member_may_not() -> None:
    check_may_delete_card(FACILITATOR, card())
    with pytest.raises(Forbidden):
        check_may_delete_card(OTHER, card())


def test_a_guest_is_never_the_author_of_a_members_card_with_the_same_id() -> None:
    assert not is_author(GUEST_SAME_ID, card(user_id="u1"))
    assert is_author(GUEST_SAME_ID, card(user_id=None, guest_id="u1"))


def test_check_facilitator_names_the_action() -> None:
    with pytest.raises(Forbidden, match="add columns"):
        check_facilitator(OTHER, "add columns")


def test_polarity_defaults_to_the_columns_first_and_rejects_others() -> None:
    column = Column("col", "r", "Collaboration Improvements", 2, (Polarity.PROPOSAL,))
    assert resolve_polarity(column, None) is Polarity.PROPOSAL
    with pytest.raises(Invalid) as err:
        resolve_polarity(column, Polarity.WENT_WELL)
    assert err.value.details == [{"field": "polarity", "message": "Must be one of: proposal."}]
