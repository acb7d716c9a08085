"""The health radar across sprints: each sprint keeps the rule that a side needs three answers,
and a team's widest gap per dimension is taken only from sprints that showed both sides."""

import pytest

from twofold.domain.radar import SHOWN_MIN, Radar, Tally, build_radar, widest_gaps
from twofold.domain.sides import Side
from twofold.domain.trends import mean_known
from twofold.domain.vocab import Friction

CLARITY, DEBT = Friction.REQUIREMENTS_CLARITY, Friction.TECH_DEBT


def _sprint(*tallies: tuple[Friction, Side, float, int]) -> Radar:
    return build_radar(Tally(d, side, average, count) for d, side, average, count in tallies)


def test_each_sprint_hides_a_side_with_fewer_than_three_answers() -> None:
    sprints = [
        _sprint((CLARITY, Side.PRODUCT, 4.0, SHOWN_MIN), (CLARITY, Side.ENGINEERING, 2.0, 2)),
        _sprint((CLARITY, Side.PRODUCT, 4.0, 2), (CLARITY, Side.ENGINEERING, 2.0, SHOWN_MIN)),
    ]
    first, second = (next(d for d in r.dimensions if d.dimension == CLARITY) for r in sprints)
    assert (first.product.shown, first.engineering.shown) == (True, False)
    assert (second.product.shown, second.engineering.shown) == (False, True)
    assert first.engineering.average is None
    assert first.engineering.count is None
    # Neither sprint showed both sides, so no gap is known, however far apart the hidden
    # averages were.
    assert widest_gaps(sprints)[CLARITY] is None


def test_the_widest_gap_is_the_one_farthest_from_zero_on_either_side() -> None:
    sprints = [
        _sprint((CLARITY, Side.PRODUCT, 4.0, 3), (CLARITY, Side.ENGINEERING, 3.0, 3)),
        _sprint((CLARITY, Side.PRODUCT, 1.5, 5), (CLARITY, Side.ENGINEERING, 4.0, 4)),
        _sprint((CLARITY, Side.PRODUCT, 5.0, 3), (CLARITY, Side.ENGINEERING, 3.0, 3)),
        # A wider gap, but engineering had only two answers: it does not count.
        _sprint((CLARITY, Side.PRODUCT, 5.0, 3), (CLARITY, Side.ENGINEERING, 1.0, 2)),
        _sprint((DEBT, Side.PRODUCT, 2.0, 3), (DEBT, Side.ENGINEERING, 4.0, 3)),
    ]
    gaps = widest_gaps(sprints)
    assert gaps[CLARITY] == pytest.approx(-2.5)
    assert gaps[DEBT] == pytest.approx(-2.0)
    assert gaps[Friction.COMMUNICATION] is None
    assert set(gaps) == set(Friction)


def test_of_two_equally_wide_gaps_the_later_is_kept() -> None:
    sprints = [
        _sprint((DEBT, Side.PRODUCT, 4.0, 3), (DEBT, Side.ENGINEERING, 2.0, 3)),
        _sprint((DEBT, Side.PRODUCT, 2.0, 3), (DEBT, Side.ENGINEERING, 4.0, 3)),
    ]
    assert widest_gaps(sprints)[DEBT] == pytest.approx(-2.0)


def test_no_sprints_make_no_gaps() -> None:
    assert widest_gaps([]) == dict.fromkeys(Friction)


def test_a_period_mean_leaves_unknown_sprints_out() -> None:
    assert mean_known([10.0, None, 30.0]) == pytest.approx(20.0)
    assert mean_known([None, None]) is None
    assert mean_known([]) is None
