"""Which changes of an item its history keeps, and how values are written down."""

from datetime import UTC, date, datetime

from twofold.domain.actions import ActionCategory
from twofold.domain.debt import DebtStatus
from twofold.domain.events import ActionView
from twofold.domain.item_history import Change, action_changes, debt_changes, owner_text


def _view(**changes: object) -> ActionView:
    base = ActionView(
        id="a1",
        title="Write the edge cases down",
        owner_user_id="u1",
        owner_name="Priya",
        due=None,
        status="open",
        topic_id=None,
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
        category=ActionCategory.REQUIREMENTS_CLARITY,
        owner_kind="person",
    )
    return base.model_copy(update=changes)


def test_only_the_fields_that_differ_are_kept_with_codes_and_iso_days() -> None:
    before = _view()
    after = _view(
        status="done", due=date(2026, 12, 24), category=ActionCategory.TECH_DEBT, carry_count=2
    )
    assert action_changes(before, after) == [
        Change("status", "open", "done"),
        Change("due", None, "2026-12-24"),
        Change("category", "requirements_clarity", "tech_debt"),
    ]
    assert action_changes(before, before) == []


def test_a_joint_owner_is_both_names_pm_first() -> None:
    joint = _view(
        owner_kind="joint",
        owner_user_id=None,
        owner_name=None,
        joint_pm_name="Priya",
        joint_tech_lead_name="Sam",
    )
    assert owner_text(joint) == "Priya + Sam"
    assert action_changes(_view(), joint) == [Change("owner", "Priya", "Priya + Sam")]
    assert owner_text(_view(owner_kind=None, owner_user_id=None, owner_name=None)) is None


def test_a_debt_items_history_keeps_its_status_and_title_only() -> None:
    before = {"title": "Flaky tests", "status": DebtStatus.OPEN, "impact": 2}
    after = {"title": "Flaky tests", "status": DebtStatus.DONE, "impact": 5}
    assert debt_changes(before, after) == [Change("status", "open", "done")]
