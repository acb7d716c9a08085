"""The tech-debt backlog: joint priority, missing scores and capacity against the target."""

import math
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from twofold.domain.debt import (
    CapacityStatus,
    DebtItem,
    DebtStatus,
    MissingScore,
    NewDebtItem,
    SprintPoints,
    capacity,
    drag_score,
    priority,
    rank,
    value,
)
from twofold.domain.errors import Invalid

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def _debt(
    item_id: str,
    drag: float | None = 10,
    impact: int | None = 3,
    effort: int | None = 3,
    status: DebtStatus = DebtStatus.OPEN,
) -> DebtItem:
    return DebtItem(
        id=item_id,
        team_id="t1",
        title=f"Debt {item_id}",
        created_at=T0,
        drag_hours=drag,
        impact=impact,
        effort=effort,
        status=status,
    )


def test_drag_score_spans_one_to_five_on_a_log_scale() -> None:
    assert drag_score(0) == 1
    assert drag_score(200) == pytest.approx(5)
    assert drag_score(10) == pytest.approx(1 + 4 * math.log(11) / math.log(201))
    # The first hours lost weigh more than the same hours on top of many.
    assert drag_score(10) - drag_score(0) > drag_score(160) - drag_score(150)
    with pytest.raises(Invalid, match="between 0 and 200 hours"):
        drag_score(201)


def test_priority_is_value_over_effort_with_equal_weights() -> None:
    expected_value = 0.5 * drag_score(10) + 0.5 * 4
    assert value(10, 4) == pytest.approx(expected_value)
    assert priority(10, 4, 2) == pytest.approx(expected_value / 2)
    with pytest.raises(Invalid, match="1 to 5"):
        value(10, 6)
    with pytest.raises(Invalid, match="1, 2, 3, 5, 8, 13"):
        priority(10, 4, 4)


def test_rank_orders_by_priority() -> None:
    cheap_fix = _debt("cheap", drag=20, impact=3, effort=1)
    costly = _debt("costly", drag=80, impact=5, effort=13)
    painful = _debt("painful", drag=120, impact=5, effort=3)
    ranking = rank([costly, cheap_fix, painful])
    assert [r.item.id for r in ranking.ranked] == ["cheap", "painful", "costly"]
    top = ranking.ranked[0]
    assert top.priority == pytest.approx(priority(20, 3, 1))
    assert top.value == pytest.approx(value(20, 3))
    assert top.drag_score == pytest.approx(drag_score(20))


def test_ties_go_to_the_bigger_value_then_keep_the_given_order() -> None:
    small = _debt("small", drag=0, impact=1, effort=1)  # value 1, priority 1
    big = _debt("big", drag=0, impact=5, effort=5)  # value 3, priority 0.6
    twin_a = _debt("twin_a", drag=0, impact=5, effort=3)  # value 3, priority 1
    twin_b = _debt("twin_b", drag=0, impact=5, effort=3)
    ranked = [r.item.id for r in rank([small, twin_b, big, twin_a]).ranked]
    assert ranked == ["twin_b", "twin_a", "small", "big"]
    assert [r.item.id for r in rank([twin_a, twin_b]).ranked] == ["twin_a", "twin_b"]


def test_items_without_both_sides_scores_are_listed_not_ranked() -> None:
    no_pm = _debt("no_pm", impact=None)
    no_eng = _debt("no_eng", drag=None, effort=None)
    no_effort = _debt("no_effort", effort=None)
    nothing = _debt("nothing", drag=None, impact=None, effort=None)
    ranking = rank([no_pm, _debt("full"), no_eng, no_effort, nothing])
    assert [r.item.id for r in ranking.ranked] == ["full"]
    missing = {u.item.id: u.missing for u in ranking.unscored}
    assert missing == {
        "no_pm": (MissingScore.PM_IMPACT,),
        "no_eng": (MissingScore.ENG_DRAG, MissingScore.ENG_EFFORT),
        "no_effort": (MissingScore.ENG_EFFORT,),
        "nothing": (MissingScore.PM_IMPACT, MissingScore.ENG_DRAG, MissingScore.ENG_EFFORT),
    }
    assert [i.id for i in ranking.awaiting_pm] == ["no_pm", "nothing"]
    assert [i.id for i in ranking.awaiting_eng] == ["no_eng", "no_effort", "nothing"]


def test_finished_and_rejected_debt_leaves_the_ranking() -> None:
    items = [
        _debt("open"),
        _debt("planned", status=DebtStatus.PLANNED),
        _debt("doing", status=DebtStatus.IN_PROGRESS),
        _debt("done", status=DebtStatus.DONE),
        _debt("wont", status=DebtStatus.WONT_FIX, impact=None),
    ]
    ranking = rank(items)
    assert [r.item.id for r in ranking.ranked] == ["open", "planned", "doing"]
    assert ranking.unscored == ()


def test_new_debt_items_are_validated() -> None:
    item = NewDebtItem(title=" Flaky checkout tests ", drag_hours=6, effort=5)
    assert item.title == "Flaky checkout tests"
    assert item.impact is None
    assert item.status is DebtStatus.OPEN
    with pytest.raises(ValidationError, match="one of 1, 2, 3, 5, 8, 13; got 4"):
        NewDebtItem(title="x", effort=4)
    with pytest.raises(ValidationError, match=r"drag_hours\n.*less than or equal to 200"):
        NewDebtItem(title="x", drag_hours=250)
    with pytest.raises(ValidationError, match=r"impact\n.*greater than or equal to 1"):
        NewDebtItem(title="x", impact=0)
    with pytest.raises(ValidationError, match="at least 1 character"):
        NewDebtItem(title="  ")


@pytest.mark.parametrize(
    ("debt", "total", "status"),
    [
        (20, 100, CapacityStatus.AT),
        (18, 100, CapacityStatus.AT),
        (22, 100, CapacityStatus.AT),
        (17.9, 100, CapacityStatus.UNDER),
        (0, 40, CapacityStatus.UNDER),
        (22.1, 100, CapacityStatus.OVER),
        (40, 40, CapacityStatus.OVER),
    ],
)
def test_capacity_against_the_twenty_percent_target(
    debt: float, total: float, status: CapacityStatus
) -> None:
    result = capacity(SprintPoints(sprint_id="s", debt_points=debt, total_points=total))
    assert result.status is status
    assert result.share == pytest.approx(100 * debt / total)


def test_capacity_target_and_band_are_adjustable_and_checked() -> None:
    sprint = SprintPoints(sprint_id="s", debt_points=10, total_points=50)
    assert capacity(sprint, target=30, band=0).status is CapacityStatus.UNDER
    assert capacity(sprint, target=15, band=5).status is CapacityStatus.AT
    with pytest.raises(Invalid, match="between 0 and 100"):
        capacity(sprint, target=120)
    with pytest.raises(Invalid, match="band"):
        capacity(sprint, band=-1)


def test_a_sprint_without_points_has_no_share() -> None:
    result = capacity(SprintPoints(sprint_id="empty", debt_points=0, total_points=0))
    assert (result.share, result.status) == (None, None)


def test_debt_points_cannot_exceed_the_sprint() -> None:
    with pytest.raises(
        ValidationError,
        match=r"debt_points \(30\) cannot be more than the sprint's total_points \(20\)",
    ):
        SprintPoints(sprint_id="s", debt_points=30, total_points=20)
