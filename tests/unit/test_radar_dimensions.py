"""A team's own radar dimensions: what a label may be, how many a team keeps, and which
dimensions a retro asks by when it started (docs/pm-engineering-retro.md#the-teams-own-dimensions)."""

from datetime import UTC, datetime, timedelta

import pytest

from twofold.domain.errors import Invalid
from twofold.domain.radar import BUILT_IN, Tally, build_radar, check_scores
from twofold.domain.radar_dimensions import (
    LABEL_MAX,
    TEAM_DIMENSIONS_MAX,
    TeamDimension,
    asked_at,
    check_label,
    check_room,
)
from twofold.domain.sides import Side

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _refused(raw: str, others: tuple[str, ...] = ()) -> Invalid:
    with pytest.raises(Invalid) as refused:
        check_label(raw, others)
    assert refused.value.details == [{"field": "label", "message": refused.value.message}]
    return refused.value


def test_a_label_is_kept_as_one_tidy_line() -> None:
    assert check_label("  On-call   load ", ()) == "On-call load"
    assert check_label("Å" * LABEL_MAX, ()) == "Å" * LABEL_MAX
    assert check_label("Design hand-off 🎨", ("On-call load",)) == "Design hand-off 🎨"


@pytest.mark.parametrize(
    "raw",
    ["On-call\nload", "On\tcall", "On\x00call", "On\x07call", "Up\u202etxet", "a\u2028b"],
)
def test_control_and_reordering_characters_are_refused(raw: str) -> None:
    assert _refused(raw).code == "dimension_label_characters"


@pytest.mark.parametrize("raw", ["", "   ", "x", " y ", "z" * (LABEL_MAX + 1)])
def test_a_label_too_short_or_too_long_is_refused_with_the_limits(raw: str) -> None:
    refused = _refused(raw)
    assert refused.code == "dimension_label_length"
    assert refused.params == {"min": 2, "max": LABEL_MAX}


@pytest.mark.parametrize(
    ("raw", "taken"),
    [
        ("Tech debt", "Tech debt"),
        ("  TECH   DEBT ", "Tech debt"),
        ("communication", "Communication"),
        ("Estimation & Predictability", "Estimation & predictability"),
        ("on-call load", "On-call load"),
        ("\uff2f\uff4e-call load", "On-call load"),  # written full-width
    ],
)
def test_a_label_like_one_of_the_five_or_another_of_the_team_is_refused(
    raw: str, taken: str
) -> None:
    refused = _refused(raw, ("On-call load",))
    assert refused.code == "dimension_label_taken"
    assert refused.params == {"label": taken}


def test_a_team_keeps_at_most_three_in_use() -> None:
    for in_use in range(TEAM_DIMENSIONS_MAX):
        check_room(in_use)
    with pytest.raises(Invalid) as refused:
        check_room(TEAM_DIMENSIONS_MAX)
    assert refused.value.code == "too_many_dimensions"
    assert refused.value.params == {"limit": 3}


def _dim(key: str, added: int, retired: int | None = None) -> TeamDimension:
    return TeamDimension(
        key,
        "team",
        f"Label {key}",
        T0 + timedelta(days=added),
        None if retired is None else T0 + timedelta(days=retired),
    )


def test_a_retro_asks_the_five_and_the_dimensions_in_use_when_it_started() -> None:
    dims = [_dim("b", 2), _dim("a", 1, retired=3), _dim("c", 5)]

    def keys(started: int) -> list[str]:
        return [d.key for d in asked_at(dims, T0 + timedelta(days=started))]

    five = [d.key for d in BUILT_IN]
    assert keys(0) == five
    assert keys(1) == [*five, "a"]
    assert keys(2) == [*five, "a", "b"]
    assert keys(4) == [*five, "b"]
    assert keys(6) == [*five, "b", "c"]
    [own] = asked_at(dims, T0 + timedelta(days=4))[len(BUILT_IN) :]
    assert (own.label, own.team_defined) == ("Label b", True)


def test_a_team_dimension_is_answered_and_hidden_below_three_like_the_five() -> None:
    asked = asked_at([_dim("oncall", 0)], T0)
    assert check_scores({"oncall": 4, "tech_debt": 2}, asked) == {"oncall": 4, "tech_debt": 2}
    with pytest.raises(Invalid) as refused:
        check_scores({"oncall": 4}, BUILT_IN)
    assert refused.value.details[0]["field"] == "scores.oncall"
    radar = build_radar(
        [
            Tally("oncall", Side.PRODUCT, 4.0, 3),
            Tally("oncall", Side.ENGINEERING, 2.0, 2),
            Tally("retired-elsewhere", Side.PRODUCT, 1.0, 9),
        ],
        asked,
    )
    row = radar.dimensions[-1]
    assert (row.dimension, row.label, row.team_defined) == ("oncall", "Label oncall", True)
    assert (row.product.shown, row.product.average) == (True, 4.0)
    assert (row.engineering.shown, row.engineering.count) == (False, None)
    assert row.gap is None
    assert [d.dimension for d in radar.dimensions] == [d.key for d in asked]
