"""Action items and what retros decided about them in their review phase.

Each stored item is handed out twice over: as the domain's `ActionItem` (what the lifecycle rules
work on) and as the `ActionView` the board and the API show, with the owners' names.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from twofold.domain.actions import (
    ACTIVE,
    ActionCategory,
    ActionItem,
    ActionStatus,
    JointOwner,
    PersonOwner,
    ReviewOutcome,
)
from twofold.domain.events import ActionView
from twofold.store.database import Tx
from twofold.store.queries import item_history as history_q
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import ActionItemRow, ActionReviewRow, UserRow

ACTIVE_STATUSES = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class ActionRecord:
    item: ActionItem
    view: ActionView


def _owner(row: ActionItemRow) -> PersonOwner | JointOwner | None:
    if row.owner_kind == "joint" and row.joint_pm_user_id and row.joint_tech_lead_user_id:
        return JointOwner(
            pm_user_id=row.joint_pm_user_id, tech_lead_user_id=row.joint_tech_lead_user_id
        )
    if row.owner_user_id:
        return PersonOwner(user_id=row.owner_user_id)
    return None


def _status(text: str) -> ActionStatus:
    try:
        return ActionStatus(text)
    except ValueError:
        # A status this version does not know: shown as open, so the item stays in view.
        return ActionStatus.OPEN


def _category(text: str | None) -> ActionCategory | None:
    try:
        return ActionCategory(text) if text else None
    except ValueError:
        return None


NO_REASON = "No reason was recorded."


def item_of(row: ActionItemRow) -> ActionItem:
    """The row as the lifecycle rules expect it, whatever an older version or a hand edit left
    in it: one inconsistent item must not fail the team's list, its agenda or its rates."""
    status = _status(row.status)
    due = row.due
    created_on = row.created_at.date()
    # Items agreed before due dates were checked may be due before they were created; reading
    # them as created on their due date keeps them valid without changing what they count as.
    if due is not None and due < created_on:
        created_on = due
    closed_on = row.closed_on if status not in ACTIVE else None
    if status not in ACTIVE and closed_on is None:
        closed_on = created_on  # closed without a date: read as closed the day it was agreed
    if closed_on is not None and closed_on < created_on:
        created_on = closed_on
    drop_reason = row.drop_reason if status == ActionStatus.DROPPED else None
    if status == ActionStatus.DROPPED and not drop_reason:
        drop_reason = NO_REASON
    return ActionItem(
        id=row.id,
        team_id=row.team_id,
        title=row.title,
        category=_category(row.category),
        owner=_owner(row),
        created_on=created_on,
        due=due,
        status=status,
        closed_on=closed_on,
        drop_reason=drop_reason,
        carry_count=max(0, row.carry_count or 0),
        source_retro_id=row.retro_id,
    )


def _names(tx: Tx, rows: Sequence[ActionItemRow]) -> dict[str, str]:
    ids = {
        i
        for r in rows
        for i in (r.owner_user_id, r.joint_pm_user_id, r.joint_tech_lead_user_id)
        if i is not None
    }
    if not ids:
        return {}
    found = tx.execute(select(UserRow.id, UserRow.display_name).where(UserRow.id.in_(ids)))
    return {str(i): str(n) for i, n in found}


def _last_reviews(tx: Tx, ids: Iterable[str]) -> dict[str, tuple[str, ReviewOutcome]]:
    wanted = list(ids)
    if not wanted:
        return {}
    rows = tx.execute(
        select(ActionReviewRow.action_id, ActionReviewRow.retro_id, ActionReviewRow.outcome)
        .where(ActionReviewRow.action_id.in_(wanted))
        .order_by(ActionReviewRow.at, ActionReviewRow.id)
    )
    # An outcome this version does not know is left out rather than failing the whole list.
    known = {o.value for o in ReviewOutcome}
    return {str(a): (str(r), ReviewOutcome(o)) for a, r, o in rows if o in known}


def _records(tx: Tx, rows: Sequence[ActionItemRow]) -> list[ActionRecord]:
    names = _names(tx, rows)
    reviews = _last_reviews(tx, (r.id for r in rows))
    out = []
    for row in rows:
        joint = row.owner_kind == "joint"
        pm_name = names.get(row.joint_pm_user_id or "") if joint else None
        lead_name = names.get(row.joint_tech_lead_user_id or "") if joint else None
        # A joint owner is two people, named apart below; how to put them together is the
        # reader's wording (`owner_kind` says it is joint), not the store's.
        owner_name = None if joint else row.owner_name
        if not joint and row.owner_user_id in names:
            owner_name = names[row.owner_user_id]
        review = reviews.get(row.id)
        item = item_of(row)
        view = ActionView(
            id=row.id,
            title=row.title,
            owner_user_id=row.owner_user_id,
            owner_name=owner_name,
            due=row.due,
            status=item.status.value,
            topic_id=row.topic_id,
            created_at=row.created_at,
            retro_id=row.retro_id,
            category=item.category,
            owner_kind="joint" if joint else ("person" if row.owner_kind == "person" else None),
            joint_pm_user_id=row.joint_pm_user_id if joint else None,
            joint_pm_name=pm_name,
            joint_tech_lead_user_id=row.joint_tech_lead_user_id if joint else None,
            joint_tech_lead_name=lead_name,
            carry_count=item.carry_count,
            drop_reason=item.drop_reason,
            closed_on=item.closed_on,
            source_card_id=row.source_card_id,
            last_review_retro_id=review[0] if review else None,
            last_review_outcome=review[1] if review else None,
        )
        out.append(ActionRecord(item, view))
    return out


def _one(tx: Tx, row: ActionItemRow) -> ActionRecord:
    [record] = _records(tx, [row])
    return record


def insert_action(
    tx: Tx,
    *,
    team_id: str,
    retro_id: str,
    topic_id: str | None,
    title: str,
    category: ActionCategory | None,
    owner: PersonOwner | JointOwner | None,
    owner_name: str | None,
    due: date | None,
    source_card_id: str | None,
    created_by: str,
) -> ActionRecord:
    at = now()
    row = ActionItemRow(
        id=new_id(),
        team_id=team_id,
        retro_id=retro_id,
        topic_id=topic_id,
        title=title,
        owner_name=owner_name,
        due=due,
        status=ActionStatus.OPEN.value,
        created_by=created_by,
        created_at=at,
        updated_at=at,
        category=category.value if category else None,
        carry_count=0,
        source_card_id=source_card_id,
    )
    _set_owner(row, owner)
    tx.add(row)
    tx.flush()
    rollup_q.changed(tx, retro_id)
    return _one(tx, row)


def _set_owner(row: ActionItemRow, owner: PersonOwner | JointOwner | None) -> None:
    row.owner_kind = owner.kind if owner is not None else None
    row.owner_user_id = owner.user_id if isinstance(owner, PersonOwner) else None
    row.joint_pm_user_id = owner.pm_user_id if isinstance(owner, JointOwner) else None
    row.joint_tech_lead_user_id = owner.tech_lead_user_id if isinstance(owner, JointOwner) else None
    if owner is not None:
        # The name is worked out from the people when read; a typed one belongs to no account.
        row.owner_name = None


# `save_item` leaves a typed owner name as it is unless told otherwise.
KEEP_NAME = object()


def save_item(
    tx: Tx, item: ActionItem, *, owner_name: str | object | None = KEEP_NAME
) -> ActionRecord:
    """Write back what the lifecycle rules changed: status, dates, reason, carry count, owner.
    `owner_name` sets the typed name of an owner without an account (say, a guest); it goes
    with no `owner` only."""
    row = tx.get(ActionItemRow, item.id, with_for_update=True)
    assert row is not None
    if item.owner != _owner(row):
        _set_owner(row, item.owner)
        if item.owner is None:
            row.owner_name = None
    if owner_name is not KEEP_NAME and item.owner is None:
        assert owner_name is None or isinstance(owner_name, str)
        row.owner_name = owner_name
    row.title = item.title
    row.category = item.category.value if item.category else None
    row.due = item.due
    row.status = item.status.value
    row.closed_on = item.closed_on
    row.drop_reason = item.drop_reason
    row.carry_count = item.carry_count
    row.updated_at = now()
    tx.flush()
    rollup_q.changed(tx, row.retro_id)
    return _one(tx, row)


def delete_item(tx: Tx, action_id: str) -> None:
    """Remove an item with what retros decided about it; a debt item's link to it stays,
    harmless (see `DebtLinkRow`)."""
    retro_id = tx.scalar(select(ActionItemRow.retro_id).where(ActionItemRow.id == action_id))
    tx.execute(delete(ActionReviewRow).where(ActionReviewRow.action_id == action_id))
    history_q.forget_item(tx, "action", action_id)
    tx.execute(delete(ActionItemRow).where(ActionItemRow.id == action_id))
    tx.flush()
    rollup_q.changed(tx, retro_id)


def action_by_id(tx: Tx, action_id: str, *, lock: bool = False) -> ActionRecord | None:
    row = tx.get(ActionItemRow, action_id, with_for_update=lock)
    return _one(tx, row) if row is not None else None


def actions_of_retro(tx: Tx, retro_id: str) -> list[ActionView]:
    rows = tx.scalars(
        select(ActionItemRow)
        .where(ActionItemRow.retro_id == retro_id)
        .order_by(ActionItemRow.created_at, ActionItemRow.id)
    ).all()
    return [r.view for r in _records(tx, rows)]


def actions_for_review(tx: Tx, team_id: str, retro_id: str) -> list[ActionView]:
    """The team's items from other retros that are still open, and those this retro already
    reviewed (so a decision stays on screen after a reload), oldest first."""
    reviewed_here = select(ActionReviewRow.action_id).where(ActionReviewRow.retro_id == retro_id)
    rows = tx.scalars(
        select(ActionItemRow)
        .where(
            ActionItemRow.team_id == team_id,
            (ActionItemRow.retro_id != retro_id) | ActionItemRow.retro_id.is_(None),
            ActionItemRow.status.in_(ACTIVE_STATUSES) | ActionItemRow.id.in_(reviewed_here),
        )
        .order_by(ActionItemRow.created_at, ActionItemRow.id)
        .limit(200)
    ).all()
    return [r.view for r in _records(tx, rows)]


def actions_of_team(
    tx: Tx,
    team_id: str,
    *,
    status: ActionStatus | None = None,
    category: ActionCategory | None = None,
) -> list[ActionRecord]:
    """Newest first."""
    query = select(ActionItemRow).where(ActionItemRow.team_id == team_id)
    if status is not None:
        query = query.where(ActionItemRow.status == status.value)
    if category is not None:
        query = query.where(ActionItemRow.category == category.value)
    rows = tx.scalars(
        query.order_by(ActionItemRow.created_at.desc(), ActionItemRow.id.desc())
    ).all()
    return _records(tx, rows)


def items_of_team(tx: Tx, team_id: str) -> list[ActionItem]:
    """Every item of the team as the rules see it, for follow-through and agendas."""
    rows = tx.scalars(select(ActionItemRow).where(ActionItemRow.team_id == team_id)).all()
    return [item_of(r) for r in rows]


def active_due_between(tx: Tx, first: date, last: date) -> list[ActionItem]:
    """Open or in-progress items of every team due from `first` to `last`, for reminders."""
    rows = tx.scalars(
        select(ActionItemRow)
        .where(
            ActionItemRow.due >= first,
            ActionItemRow.due <= last,
            ActionItemRow.status.in_([s.value for s in ACTIVE]),
        )
        .order_by(ActionItemRow.due, ActionItemRow.id)
    ).all()
    return [item_of(r) for r in rows]


def reviewed_in(tx: Tx, action_id: str, retro_id: str) -> ReviewOutcome | None:
    outcome = tx.scalar(
        select(ActionReviewRow.outcome).where(
            ActionReviewRow.action_id == action_id, ActionReviewRow.retro_id == retro_id
        )
    )
    return ReviewOutcome(outcome) if outcome is not None else None


def record_review(
    tx: Tx,
    *,
    action_id: str,
    retro_id: str,
    outcome: ReviewOutcome,
    reason: str | None,
    by: str,
) -> None:
    tx.add(
        ActionReviewRow(
            action_id=action_id,
            retro_id=retro_id,
            outcome=outcome.value,
            reason=reason,
            at=now(),
            by=by,
        )
    )
    tx.flush()
