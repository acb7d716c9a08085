"""The health radar's rules: which roles make a side, the three-answer floor, the gap, and
the ratings refused (docs/pm-engineering-retro.md#health-radar)."""

import pytest

from twofold.domain.errors import Invalid
from twofold.domain.radar import DIMENSIONS, HIDDEN, Tally, build_radar, check_scores
from twofold.domain.sides import Side, roles_of, side_of
from twofold.domain.vocab import Friction, Role

CLARITY = Friction.REQUIREMENTS_CLARITY


def test_sides_group_roles_and_leave_the_em_apart() -> None:
    assert {r: side_of(r) for r in Role} == {
        Role.PM: Side.PRODUCT,
        Role.DESIGN: Side.PRODUCT,
        Role.ENG: Side.ENGINEERING,
        Role.TECH_LEAD: Side.ENGINEERING,
        Role.QA: Side.ENGINEERING,
        Role.EM: None,
    }
    assert roles_of(Side.PRODUCT) == (Role.PM, Role.DESIGN)
    assert roles_of(Side.ENGINEERING) == (Role.ENG, Role.TECH_LEAD, Role.QA)


def test_a_side_is_shown_from_three_answers_and_the_gap_needs_both() -> None:
    radar = build_radar(
        [
            Tally(CLARITY, Side.PRODUCT, 4.2, 3),
            Tally(CLARITY, Side.ENGINEERING, 2.1333, 4),
            Tally(Friction.TECH_DEBT, Side.PRODUCT, 3.0, 3),
            Tally(Friction.TECH_DEBT, Side.ENGINEERING, 1.0, 2),
        ]
    )
    by = {d.dimension: d for d in radar.dimensions}
    assert [d.dimension for d in radar.dimensions] == list(DIMENSIONS)
    clarity = by[CLARITY]
    assert (clarity.product.average, clarity.product.count) == (4.2, 3)
    assert (clarity.engineering.average, clarity.engineering.count) == (2.1, 4)
    assert clarity.gap == 2.1
    debt = by[Friction.TECH_DEBT]
    assert debt.product.shown
    assert debt.product.average == 3.0
    # Two engineers: no average, no count, and so no gap.
    assert debt.engineering == HIDDEN
    assert (debt.engineering.average, debt.engineering.count) == (None, None)
    assert debt.gap is None
    assert by[Friction.COMMUNICATION].product == HIDDEN
    assert radar.has_shape


def test_nothing_to_draw_below_three_answers_on_every_side() -> None:
    radar = build_radar(
        [Tally(CLARITY, Side.PRODUCT, 5.0, 2), Tally(CLARITY, Side.ENGINEERING, 1.0, 1)]
    )
    assert not radar.has_shape
    assert all(d.gap is None for d in radar.dimensions)


def test_the_gap_is_taken_before_rounding() -> None:
    radar = build_radar(
        [Tally(CLARITY, Side.PRODUCT, 3.04, 3), Tally(CLARITY, Side.ENGINEERING, 2.96, 3)]
    )
    first = radar.dimensions[0]
    assert (first.product.average, first.engineering.average) == (3.0, 3.0)
    assert first.gap == 0.1


def test_good_scores_are_kept_as_given() -> None:
    assert check_scores({"tech_debt": 1, "communication": 5}) == {
        Friction.TECH_DEBT: 1,
        Friction.COMMUNICATION: 5,
    }


@pytest.mark.parametrize(
    ("scores", "field", "words"),
    [
        ({"tech_debt": 0}, "scores.tech_debt", "from 1 to 5 (got 0)"),
        ({"tech_debt": 6}, "scores.tech_debt", "from 1 to 5 (got 6)"),
        ({"tech_debt": 2.5}, "scores.tech_debt", "whole number from 1 to 5"),
        ({"tech_debt": True}, "scores.tech_debt", "whole number from 1 to 5"),
        ({"tech_debt": "3"}, "scores.tech_debt", "whole number from 1 to 5"),
        ({"morale": 3}, "scores.morale", "'morale' is not a dimension of this retro's radar"),
        ({}, "scores", "at least one"),
    ],
)
def test_bad_scores_are_refused_with_the_field_and_why(
    scores: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(Invalid) as refused:
        check_scores(scores)
    assert refused.value.code == "validation_error"
    assert refused.value.details == [{"field": field, "message": refused.value.message}]
    assert words in refused.value.message
