"""The phase state machine."""

import pytest

from twofold.domain.errors import Invalid
from twofold.domain.phases import (
    Phase,
    cards_hidden,
    check_skip_setting,
    check_transition,
    may_add_cards,
    next_phase,
)


def test_order_and_skips() -> None:
    skipped = frozenset({Phase.REVIEW, Phase.GROUP})
    assert next_phase(Phase.CHECK_IN, skipped) is Phase.REFLECT
    assert next_phase(Phase.REVEAL, skipped) is Phase.VOTE
    assert next_phase(Phase.CLOSED, frozenset()) is None


def test_transitions_back_and_forth_but_not_to_skipped_or_same() -> None:
    check_transition(Phase.VOTE, Phase.REFLECT, frozenset())
    check_transition(Phase.CLOSED, Phase.DISCUSS, frozenset())
    with pytest.raises(Invalid, match="skips"):
        check_transition(Phase.REFLECT, Phase.GROUP, frozenset({Phase.GROUP}))
    with pytest.raises(Invalid):
        check_transition(Phase.VOTE, Phase.VOTE, frozenset())


def test_reflect_and_closed_cannot_be_skipped() -> None:
    check_skip_setting(frozenset({Phase.CHECK_IN, Phase.ACTIONS}))
    for spine in (Phase.REFLECT, Phase.CLOSED):
        with pytest.raises(Invalid):
            check_skip_setting(frozenset({spine}))


def test_cards_are_hidden_until_the_reveal() -> None:
    hidden = [p for p in Phase if cards_hidden(p)]
    assert hidden == [Phase.CHECK_IN, Phase.REVIEW, Phase.REFLECT]


def test_cards_are_written_in_reflect_or_early_when_collecting() -> None:
    assert may_add_cards(Phase.REFLECT, collecting_early=False)
    assert not may_add_cards(Phase.CHECK_IN, collecting_early=False)
    assert may_add_cards(Phase.CHECK_IN, collecting_early=True)
    assert not may_add_cards(Phase.REVEAL, collecting_early=True)
