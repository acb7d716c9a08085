"""A team's grouping of roles into sides: what is refused, and that equal voice and the radar
count by the grouping given."""

import pytest

from twofold.domain.equal_voice import DEFAULT_SIDES, tally, voice_sides
from twofold.domain.equal_voice import Side as VoiceSide
from twofold.domain.errors import Invalid
from twofold.domain.radar import RoleTally, build_radar, side_tallies
from twofold.domain.sides import (
    DEFAULT_GROUPING,
    Side,
    check_grouping,
    read_grouping,
    roles_in,
    written,
)
from twofold.domain.vocab import Friction, Role

DEFAULT = written(DEFAULT_GROUPING)
CLARITY = Friction.REQUIREMENTS_CLARITY


def test_the_default_is_written_with_the_em_apart() -> None:
    assert DEFAULT == {
        "pm": "product",
        "eng": "engineering",
        "tech_lead": "engineering",
        "design": "product",
        "qa": "engineering",
        "em": "apart",
    }
    assert check_grouping(DEFAULT) == dict(DEFAULT_GROUPING)
    assert voice_sides(DEFAULT_GROUPING) == DEFAULT_SIDES


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        ({**DEFAULT, "cto": "product"}, "side_role_unknown", "sides.cto"),
        ({k: v for k, v in DEFAULT.items() if k != "em"}, "side_role_missing", "sides.em"),
        ({**DEFAULT, "qa": "Product"}, "side_unknown", "sides.qa"),
        ({**DEFAULT, "qa": None}, "side_unknown", "sides.qa"),
        ({**DEFAULT, "pm": "engineering", "design": "apart"}, "side_empty", "sides.product"),
        (
            {**DEFAULT, "eng": "apart", "tech_lead": "apart", "qa": "apart"},
            "side_empty",
            "sides.engineering",
        ),
    ],
)
def test_a_bad_grouping_is_refused_naming_the_field(
    raw: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(Invalid) as caught:
        check_grouping(raw)
    assert caught.value.code == code
    assert caught.value.details == [{"field": field, "message": caught.value.message}]


def test_a_moved_role_counts_on_its_new_side() -> None:
    grouping = check_grouping({**DEFAULT, "qa": "product", "design": "apart"})
    assert roles_in(Side.PRODUCT, grouping) == (Role.PM, Role.QA)
    assert roles_in(Side.ENGINEERING, grouping) == (Role.ENG, Role.TECH_LEAD)
    by_role = {"pm": 2, "qa": 3, "design": 1, "eng": 4, "em": 1, "joint": 1}
    assert tally(by_role) == tally(by_role, DEFAULT_SIDES)
    default, moved = tally(by_role), tally(by_role, voice_sides(grouping))
    assert (default.product, default.engineering, default.apart) == (3, 7, 1)
    assert (moved.product, moved.engineering, moved.apart, moved.joint) == (5, 4, 2, 1)
    assert voice_sides(grouping)[Role.DESIGN] == VoiceSide.APART


def test_the_radar_folds_roles_into_the_grouping_given() -> None:
    answers = [
        RoleTally(CLARITY, "pm", 12.0, 3),
        RoleTally(CLARITY, "qa", 3.0, 3),
        RoleTally(CLARITY, "eng", 6.0, 3),
        RoleTally(CLARITY, "em", 6.0, 1),
        RoleTally(CLARITY, "cto", 5.0, 1),
    ]
    default = build_radar(side_tallies(answers)).dimensions[0]
    assert (default.product.average, default.engineering.average) == (4.0, 1.5)
    assert (default.product.count, default.engineering.count) == (3, 6)
    moved = check_grouping({**DEFAULT, "qa": "product", "em": "engineering"})
    row = build_radar(side_tallies(answers, moved)).dimensions[0]
    assert (row.product.average, row.product.count) == (2.5, 6)
    # The EM's one answer now counts with engineering; the unknown role still does not.
    assert (row.engineering.average, row.engineering.count) == (3.0, 4)
    assert row.gap == -0.5


def test_a_stored_grouping_that_no_longer_checks_reads_as_the_default() -> None:
    assert read_grouping(None) is DEFAULT_GROUPING
    assert read_grouping({}) is DEFAULT_GROUPING
    assert read_grouping({**DEFAULT, "qa": "nowhere"}) is DEFAULT_GROUPING
    assert read_grouping({**DEFAULT, "qa": "product"})[Role.QA] == Side.PRODUCT
