"""Action items: owners, status rules, review in the next retro and follow-through."""

from dataclasses import replace
from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from twofold.domain.actions import (
    ActionCategory,
    ActionItem,
    ActionStatus,
    FollowThrough,
    JointOwner,
    NewActionItem,
    Owner,
    PersonOwner,
    ReviewOutcome,
    follow_through,
    follow_through_by_category,
    is_overdue,
    overdue_first,
    owner_ids,
    review,
    transition,
)
from twofold.domain.errors import Invalid

D = date(2024, 3, 1)
ANA = PersonOwner(user_id="ana")


def _item(
    item_id: str = "a1",
    *,
    due: date | None = date(2024, 3, 10),
    status: ActionStatus = ActionStatus.OPEN,
    closed_on: date | None = None,
    category: ActionCategory = ActionCategory.COMMUNICATION_RITUALS,
    team_id: str = "t1",
    created_on: date = D,
) -> ActionItem:
    return ActionItem(
        id=item_id,
        team_id=team_id,
        title=f"Item {item_id}",
        category=category,
        owner=ANA,
        created_on=created_on,
        due=due,
        status=status,
        closed_on=closed_on,
        drop_reason="No longer relevant" if status == ActionStatus.DROPPED else None,
    )


def test_owners_are_one_person_or_the_pm_and_tech_lead_together() -> None:
    adapter: TypeAdapter[PersonOwner | JointOwner] = TypeAdapter(Owner)
    joint = adapter.validate_python({"kind": "joint", "pm_user_id": "p", "tech_lead_user_id": "t"})
    assert isinstance(joint, JointOwner)
    assert owner_ids(joint) == ("p", "t")
    assert owner_ids(adapter.validate_python({"kind": "person", "user_id": "u"})) == ("u",)
    with pytest.raises(ValidationError, match="two different people"):
        JointOwner(pm_user_id="same", tech_lead_user_id="same")
    with pytest.raises(ValidationError, match="union_tag_invalid"):
        adapter.validate_python({"kind": "team", "user_id": "u"})


def test_a_new_item_cannot_be_due_before_it_was_created() -> None:
    item = NewActionItem(
        title=" Write the edge cases down ",
        category="requirements_clarity",
        owner={"kind": "person", "user_id": "u"},
        created_on=D,
        due=D,
    )
    assert item.title == "Write the edge cases down"
    with pytest.raises(ValidationError) as caught:
        NewActionItem(
            title="x", category="tech_debt", owner=ANA, created_on=D, due=date(2024, 2, 28)
        )
    assert "The due date (Feb 28, 2024) cannot be before the day the action item was created " in (
        str(caught.value)
    )
    with pytest.raises(Invalid, match=r"due date \(Feb 28, 2024\) cannot be before"):
        _item(due=date(2024, 2, 28))


def test_an_item_is_consistent_about_being_closed() -> None:
    with pytest.raises(Invalid, match="closing date exactly when it is done or dropped"):
        _item(status=ActionStatus.DONE)
    with pytest.raises(Invalid, match="needs its reason"):
        replace(_item(), status=ActionStatus.DROPPED, closed_on=D, drop_reason=None)


def test_status_moves_forward_and_can_be_reopened() -> None:
    started = transition(_item(), ActionStatus.IN_PROGRESS, date(2024, 3, 2))
    done = transition(started, ActionStatus.DONE, date(2024, 3, 5))
    assert (done.status, done.closed_on) == (ActionStatus.DONE, date(2024, 3, 5))
    reopened = transition(done, ActionStatus.OPEN, date(2024, 3, 6))
    assert (reopened.status, reopened.closed_on) == (ActionStatus.OPEN, None)


def test_forbidden_moves_say_what_to_do() -> None:
    done = transition(_item(), ActionStatus.DONE, D)
    with pytest.raises(Invalid, match="done cannot become in_progress; reopen it first") as caught:
        transition(done, ActionStatus.IN_PROGRESS, D)
    assert caught.value.code == "bad_transition"
    with pytest.raises(Invalid, match="already open"):
        transition(_item(), ActionStatus.OPEN, D)
    with pytest.raises(Invalid, match="before it was created"):
        transition(_item(), ActionStatus.DONE, date(2024, 2, 1))
    with pytest.raises(Invalid, match="only recorded when dropping"):
        transition(_item(), ActionStatus.DONE, D, reason="because")


def test_dropping_needs_a_reason() -> None:
    for reason in (None, "   "):
        with pytest.raises(Invalid, match="Say why the action item is dropped") as caught:
            transition(_item(), ActionStatus.DROPPED, D, reason)
        assert caught.value.code == "reason_required"
    dropped = transition(_item(), ActionStatus.DROPPED, D, "  Superseded by the new flow ")
    assert dropped.drop_reason == "Superseded by the new flow"
    assert transition(dropped, ActionStatus.OPEN, D).drop_reason is None


def test_review_outcomes() -> None:
    on = date(2024, 3, 15)
    assert review(_item(), ReviewOutcome.DONE, on).status is ActionStatus.DONE
    dropped = review(_item(), ReviewOutcome.DROP, on, reason="Customer churned")
    assert (dropped.status, dropped.drop_reason) == (ActionStatus.DROPPED, "Customer churned")
    once = review(_item(), ReviewOutcome.CARRY_OVER, on, new_due=date(2024, 3, 29))
    twice = review(once, ReviewOutcome.CARRY_OVER, date(2024, 3, 29))
    assert (once.carry_count, once.due, once.status) == (1, date(2024, 3, 29), ActionStatus.OPEN)
    assert (twice.carry_count, twice.due) == (2, date(2024, 3, 29))
    assert not once.needs_rethink
    assert twice.needs_rethink


def test_review_refuses_what_does_not_apply() -> None:
    on = date(2024, 3, 15)
    with pytest.raises(Invalid, match="Say why"):
        review(_item(), ReviewOutcome.DROP, on)
    with pytest.raises(Invalid, match="Only open action items are reviewed; this one is done"):
        review(_item(status=ActionStatus.DONE, closed_on=D), ReviewOutcome.CARRY_OVER, on)
    with pytest.raises(Invalid, match=r"new due date \(Mar 14, 2024\) cannot be before the review"):
        review(_item(), ReviewOutcome.CARRY_OVER, on, new_due=date(2024, 3, 14))
    with pytest.raises(Invalid, match="only applies when carrying"):
        review(_item(), ReviewOutcome.DONE, on, new_due=date(2024, 4, 1))
    with pytest.raises(Invalid, match="only recorded when dropping"):
        review(_item(), ReviewOutcome.CARRY_OVER, on, reason="busy")


AS_OF = date(2024, 3, 31)


def test_follow_through_counts_done_over_due() -> None:
    items = [
        # Due and done: counts on both sides.
        _item("done", due=date(2024, 3, 10), status=ActionStatus.DONE, closed_on=date(2024, 3, 9)),
        # Due and still open: a miss.
        _item("missed", due=date(2024, 3, 20)),
        # Due on the as-of day itself is due.
        _item("due_today", due=AS_OF),
        # Not due yet and open: not counted.
        _item("later", due=date(2024, 4, 10)),
        # Done early, before its due date: counted as due and done.
        _item(
            "early", due=date(2024, 4, 10), status=ActionStatus.DONE, closed_on=date(2024, 3, 20)
        ),
        # No due date: counts only once done.
        _item("undated_open", due=None),
        _item("undated_done", due=None, status=ActionStatus.DONE, closed_on=date(2024, 3, 3)),
    ]
    result = follow_through(items, AS_OF)
    assert result == FollowThrough(due=5, done=3, excluded_drops=0)
    assert result.rate == pytest.approx(3 / 5)


def test_dropping_before_the_due_date_is_a_decision_after_it_a_miss() -> None:
    on_time = _item(
        "a", due=date(2024, 3, 20), status=ActionStatus.DROPPED, closed_on=date(2024, 3, 15)
    )
    late = _item(
        "b", due=date(2024, 3, 10), status=ActionStatus.DROPPED, closed_on=date(2024, 3, 15)
    )
    undated = _item("c", due=None, status=ActionStatus.DROPPED, closed_on=date(2024, 3, 15))
    assert follow_through([on_time, undated], AS_OF) == FollowThrough(0, 0, 2)
    assert follow_through([on_time, late], AS_OF) == FollowThrough(1, 0, 1)


def test_follow_through_looks_at_the_state_on_the_as_of_date() -> None:
    finished_later = _item(
        "x", due=date(2024, 3, 10), status=ActionStatus.DONE, closed_on=date(2024, 4, 2)
    )
    not_yet_created = _item("y", due=date(2024, 4, 3), created_on=date(2024, 4, 1))
    assert follow_through([finished_later, not_yet_created], AS_OF) == FollowThrough(1, 0, 0)
    assert follow_through([finished_later], date(2024, 4, 5)).rate == 1.0


def test_nothing_due_gives_no_rate_rather_than_zero() -> None:
    assert follow_through([_item(due=date(2024, 5, 1))], AS_OF).rate is None
    assert follow_through([], AS_OF).rate is None


def test_follow_through_per_team_and_per_category() -> None:
    items = [
        _item("1", category=ActionCategory.TECH_DEBT, due=date(2024, 3, 5)),
        _item(
            "2",
            category=ActionCategory.TECH_DEBT,
            due=date(2024, 3, 5),
            status=ActionStatus.DONE,
            closed_on=date(2024, 3, 4),
        ),
        _item("3", category=ActionCategory.VELOCITY_QUALITY, due=date(2024, 3, 5), team_id="t2"),
    ]
    by_category = follow_through_by_category(items, AS_OF)
    assert set(by_category) == set(ActionCategory)
    assert by_category[ActionCategory.TECH_DEBT].rate == 0.5
    assert by_category[ActionCategory.VELOCITY_QUALITY].rate == 0.0
    assert by_category[ActionCategory.REQUIREMENTS_CLARITY].rate is None


def test_overdue_items_come_first_for_review() -> None:
    as_of = date(2024, 3, 20)
    items = [
        _item("undated", due=None),
        _item("soon", due=date(2024, 3, 25)),
        _item("late", due=date(2024, 3, 12)),
        _item("later_late", due=date(2024, 3, 15)),
        _item("due_today", due=as_of),
        _item("closed", due=date(2024, 3, 2), status=ActionStatus.DONE, closed_on=D),
    ]
    assert is_overdue(items[2], as_of)
    assert not is_overdue(items[4], as_of)
    assert [i.id for i in overdue_first(items, as_of)] == [
        "late",
        "later_late",
        "due_today",
        "soon",
        "undated",
    ]
