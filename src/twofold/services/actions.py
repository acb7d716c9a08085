"""A team's action items between retros: listing them, moving them along, and how well the team
follows through.

Action items belong to the team: any member may read and update them; guests (let into one
retro, not into the team's history) and outsiders get "not found". The lifecycle itself (which
status may follow which, when a reason is needed, what counts as due) is `domain.actions`; this
module only loads, checks who may act, and stores.
"""

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from twofold.domain import actions as rules
from twofold.domain.actions import (
    ActionCategory,
    ActionItem,
    ActionStatus,
    FollowThrough,
    JointOwner,
    PersonOwner,
)
from twofold.domain.entities import User
from twofold.domain.errors import Invalid, NotFound
from twofold.domain.events import ActionView
from twofold.domain.vocab import Role
from twofold.services import action_events
from twofold.services.context import Ctx
from twofold.services.teams import check_member
from twofold.store.database import Tx
from twofold.store.queries import actions as action_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.actions import ActionRecord
from twofold.store.queries.ids import now

# A value the caller left out, as opposed to an explicit null that clears a field.
UNSET: Any = object()


def today() -> date:
    """Dates of action items are days in UTC, the same clock the rows' timestamps use."""
    return now().date()


def _owner_error(field: str, message: str) -> Invalid:
    return Invalid(message, code="validation_error", details=[{"field": field, "message": message}])


def check_owner(
    tx: Tx, team_id: str, owner: PersonOwner | JointOwner | None, field: str = "owner"
) -> None:
    """Owners are members of the team; a joint owner is its PM together with its tech lead, so
    the pairing means what it says."""
    if owner is None:
        return
    roles = {m.membership.user_id: m.membership.role for m in team_q.members_of(tx, team_id)}
    if isinstance(owner, PersonOwner):
        if owner.user_id not in roles:
            raise _owner_error(field, "The owner must be a member of this team.")
        return
    for sub, user_id, role, name in (
        ("pm_user_id", owner.pm_user_id, Role.PM, "PM"),
        ("tech_lead_user_id", owner.tech_lead_user_id, Role.TECH_LEAD, "tech lead"),
    ):
        if user_id not in roles:
            raise _owner_error(f"{field}.{sub}", f"The {name} must be a member of this team.")
        if roles[user_id] != role:
            raise _owner_error(
                f"{field}.{sub}",
                f"A joint owner pairs the team's {name} with the other side; this member's "
                f"role is {roles[user_id].value.replace('_', ' ')}, not {name}.",
            )


def check_due_on_creation(due: date | None, field: str = "due") -> None:
    try:
        rules.check_due(today(), due)
    except Invalid as exc:
        raise Invalid(
            exc.message, code=exc.code, details=[{"field": field, "message": exc.message}]
        ) from None


def _record_in_team(tx: Tx, user: User, action_id: str, *, lock: bool = False) -> ActionRecord:
    record = action_q.action_by_id(tx, action_id, lock=lock)
    if record is None:
        raise NotFound("Action item not found.")
    try:
        check_member(tx, user, record.item.team_id)
    except NotFound:
        raise NotFound("Action item not found.") from None
    return record


def list_actions(
    ctx: Ctx,
    user: User,
    team_id: str,
    *,
    status: ActionStatus | None = None,
    category: ActionCategory | None = None,
) -> list[ActionView]:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return [
            r.view for r in action_q.actions_of_team(tx, team_id, status=status, category=category)
        ]


def do_update_action(
    ctx: Ctx,
    user: User,
    action_id: str,
    *,
    status: ActionStatus | None = None,
    reason: str | None = None,
    due: date | None = UNSET,
    owner: PersonOwner | JointOwner | None = UNSET,
    category: ActionCategory | None = UNSET,
) -> ActionView:
    """Change what was given. Owner, due date and category change first, so a status change in
    the same request is judged against the new due date."""
    with ctx.board_write() as (tx, events):
        # Boards first, then the item: the board writer locks in that order too (a review
        # locks its board, then the item), so the two never wait on each other in a circle.
        found = _record_in_team(tx, user, action_id)
        boards = {r.id for r in retro_q.open_retros_of_team(tx, found.item.team_id)}
        if found.item.source_retro_id is not None:
            boards.add(found.item.source_retro_id)
        locked = [r for r in (retro_q.lock_retro(tx, i) for i in sorted(boards)) if r]
        record = _record_in_team(tx, user, action_id, lock=True)
        item: ActionItem = record.item
        if owner is not UNSET:
            check_owner(tx, item.team_id, owner)
            item = replace(item, owner=owner)
        if category is not UNSET:
            item = replace(item, category=category)
        if due is not UNSET:
            try:
                item = replace(item, due=due)
            except Invalid as exc:
                raise Invalid(
                    exc.message, code=exc.code, details=[{"field": "due", "message": exc.message}]
                ) from None
        if status is not None:
            item = rules.transition(item, status, today(), reason)
        elif reason:
            raise _owner_error("reason", "A reason is only recorded when dropping an item.")
        view = action_q.save_item(tx, item).view
        # Its own retro lists it, and every board still running may list it in review; each
        # board's guests get it only if that retro reviews it.
        was_active = record.item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        action_events.record_changed(tx, events, view, locked, was_active=was_active)
        return view


@dataclass(frozen=True)
class FollowThroughReport:
    as_of: date
    overall: FollowThrough
    by_category: dict[ActionCategory, FollowThrough]


def follow_through(ctx: Ctx, user: User, team_id: str) -> FollowThroughReport:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        items = action_q.items_of_team(tx, team_id)
    as_of = today()
    return FollowThroughReport(
        as_of=as_of,
        overall=rules.follow_through(items, as_of),
        by_category=rules.follow_through_by_category(items, as_of),
    )
