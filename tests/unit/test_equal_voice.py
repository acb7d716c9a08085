"""Equal voice: roles folded into sides, shares, flags, and the anonymity floor."""

import pytest

from twofold.domain.equal_voice import (
    ANONYMOUS_SIDE_MIN,
    CARD_SHARE_MIN,
    DEFAULT_SIDES,
    JOINT,
    EqualVoice,
    Side,
    Tally,
    VoiceFlag,
    flags_for,
    measure,
    tally,
)
from twofold.domain.vocab import Role

DEFAULTS = DEFAULT_SIDES
BALANCED = {"pm": 3, "design": 1, "eng": 3, "tech_lead": 1}


def test_the_default_grouping_is_the_documented_one() -> None:
    assert {r for r, s in DEFAULTS.items() if s is Side.PRODUCT} == {Role.PM, Role.DESIGN}
    assert {r for r, s in DEFAULTS.items() if s is Side.ENGINEERING} == {
        Role.ENG,
        Role.TECH_LEAD,
        Role.QA,
    }
    assert DEFAULTS[Role.EM] is Side.APART
    assert set(DEFAULTS) == set(Role)


def test_roles_fold_into_sides_with_em_apart_and_unknown_roles_apart() -> None:
    t = tally({"pm": 2, "design": 1, "eng": 4, "qa": 1, "tech_lead": 1, "em": 2, "cto": 1})
    assert (t.product, t.engineering, t.apart, t.joint) == (3, 6, 3, 0)
    assert t.product_share == pytest.approx(3 / 9)
    assert t.engineering_share == pytest.approx(6 / 9)


def test_a_team_may_group_roles_its_own_way() -> None:
    sides = {**DEFAULT_SIDES, Role.EM: Side.ENGINEERING}
    assert tally({"em": 2, "pm": 2}, sides).engineering == 2


def test_shares_are_unknown_when_nobody_counted() -> None:
    t = tally({"em": 4})
    assert (t.product_share, t.engineering_share) == (None, None)


def test_joint_action_items_count_for_both_sides() -> None:
    t = tally({JOINT: 2, "pm": 1})
    assert (t.product, t.engineering, t.joint) == (1, 0, 2)
    assert t.product_share == pytest.approx(3 / 5)
    assert t.engineering_share == pytest.approx(2 / 5)
    assert flags_for(tally(BALANCED), t) == ()


@pytest.mark.parametrize(
    ("product", "engineering", "flagged"),
    [
        (3, 7, ()),  # exactly 30 %: not under it
        (29, 71, (VoiceFlag.PRODUCT_FEW_CARDS,)),
        (71, 29, (VoiceFlag.ENGINEERING_FEW_CARDS,)),
        (0, 5, (VoiceFlag.PRODUCT_FEW_CARDS,)),
        (0, 0, ()),  # no cards: nothing to weigh
    ],
)
def test_a_side_under_30_percent_of_the_cards_is_flagged(
    product: int, engineering: int, flagged: tuple[VoiceFlag, ...]
) -> None:
    assert CARD_SHARE_MIN == 0.30
    assert flags_for(Tally(product, engineering, apart=10), Tally(1, 1)) == flagged


def test_a_side_owning_no_action_item_is_flagged_once_items_were_agreed() -> None:
    cards = Tally(5, 5)
    assert flags_for(cards, Tally(0, 2)) == (VoiceFlag.NO_PRODUCT_ACTION,)
    assert flags_for(cards, Tally(2, 0)) == (VoiceFlag.NO_ENGINEERING_ACTION,)
    # Only the EM owns anything: neither side does.
    assert flags_for(cards, Tally(0, 0, apart=1)) == (
        VoiceFlag.NO_PRODUCT_ACTION,
        VoiceFlag.NO_ENGINEERING_ACTION,
    )
    assert flags_for(cards, Tally(0, 0)) == ()


def _measured(people: dict[str, int], anonymous: bool) -> EqualVoice:
    return measure(
        people=people,
        cards={"pm": 1, "eng": 9},
        votes={"pm": 3, "eng": 3},
        notes={"tech_lead": 2},
        actions={"eng": 2},
        anonymous=anonymous,
    )


def test_anonymous_retros_show_nothing_with_fewer_than_three_people_on_a_side() -> None:
    assert ANONYMOUS_SIDE_MIN == 3
    few = {"pm": 2, "design": 0, "eng": 5, "em": 3}
    result = _measured(few, anonymous=True)
    assert result == measure(people=few, cards={}, votes={}, notes={}, actions={}, anonymous=True)
    assert result.shown is False
    assert result.cards is None
    assert result.flags == ()
    # The same people in an ordinary retro: everything is shown.
    shown = _measured(few, anonymous=False)
    assert shown.shown is True


def test_anonymous_retros_with_three_a_side_show_the_figures_and_flags() -> None:
    result = measure(
        people={"pm": 2, "design": 1, "eng": 2, "qa": 1},
        cards={"pm": 1, "eng": 9},
        votes={"pm": 3, "eng": 3, "em": 1},
        notes={"tech_lead": 2},
        actions={"eng": 2},
        anonymous=True,
    )
    assert result.shown
    assert result.people == Tally(3, 3)
    assert result.votes == Tally(3, 3, apart=1)
    assert result.notes == Tally(0, 2)
    assert result.flags == (VoiceFlag.PRODUCT_FEW_CARDS, VoiceFlag.NO_PRODUCT_ACTION)
