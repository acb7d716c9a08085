"""A team's action items between retros: listing them, moving them along, and how well the team
follows through.

Action items belong to the team: any member may read, correct, move along and delete them.
Guests are let into one retro, not into the team's history: they may correct (title, owner, due
date, category) or delete the items of their own retro while that retro is agreeing them (its
discuss and actions phases), because a retro's own people must be able to fix what they just
agreed; they never change an item's status, and anything else is "not found" to them, as it is
to outsiders. The lifecycle itself (which status may follow which, when a reason is needed, what
counts as due) is `domain.actions`; this module only loads, checks who may act, and stores.
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
from twofold.domain.entities import Retro, User
from twofold.domain.errors import Invalid, NotFound, invalid_at
from twofold.domain.events import ActionView
from twofold.domain.item_history import HistoryEntry, Source
from twofold.domain.team_events import action_changed
from twofold.domain.vocab import Role
from twofold.services import action_events, item_history
from twofold.services.access import (
    Actor,
    check_action_owner,
    check_in_team,
    check_may_correct_action,
    check_member,
    check_participant,
)
from twofold.services.context import Ctx
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
    check_in_team(tx, user, record.item.team_id, "Action item not found.")
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


def _record_for(tx: Tx, actor: Actor | None, action_id: str, *, lock: bool = False) -> ActionRecord:
    """The item if this person may see it: a member of its team, or a guest of the retro that
    agreed it. No actor: the item as it is, for a change Twofold makes itself."""
    if actor is None:
        found = action_q.action_by_id(tx, action_id, lock=lock)
        if found is None:
            raise NotFound("Action item not found.")
        return found
    if isinstance(actor, User):
        return _record_in_team(tx, actor, action_id, lock=lock)
    record = action_q.action_by_id(tx, action_id, lock=lock)
    if record is None or record.item.source_retro_id != actor.retro_id:
        raise NotFound("Action item not found.")
    return record


def _lock_item(
    tx: Tx, actor: Actor | None, action_id: str
) -> tuple[ActionRecord, list[str], dict[str, Retro]]:
    """The item locked for a change, with the boards that show it (locked too, and first: the
    board writer locks in that order as well, a review locking its board and then the item, so
    the two never wait on each other in a circle). No actor: a change Twofold makes itself
    (a tracker said the ticket is done), checked by whoever calls."""
    found = _record_for(tx, actor, action_id)
    boards = {r.id for r in retro_q.open_retros_of_team(tx, found.item.team_id)}
    if found.item.source_retro_id is not None:
        boards.add(found.item.source_retro_id)
    ordered = sorted(boards)
    locked = {r.id: r for r in retro_q.lock_retros(tx, ordered)} if ordered else {}
    return _record_for(tx, actor, action_id, lock=True), ordered, locked


def do_update_action(
    ctx: Ctx,
    actor: Actor,
    action_id: str,
    *,
    status: ActionStatus | None = None,
    reason: str | None = None,
    title: str | None = None,
    due: date | None = UNSET,
    owner: PersonOwner | JointOwner | None = UNSET,
    owner_name: str | None = UNSET,
    category: ActionCategory | None = UNSET,
) -> ActionView:
    """Change what was given. Owner, due date and category change first, so a status change in
    the same request is judged against the new due date. `owner_name` names an owner without
    an account (a guest of the retro, say) and replaces any member owner."""
    with ctx.recording() as rec:
        tx = rec.tx
        record, boards, locked = _lock_item(tx, actor, action_id)
        check_may_correct_action(
            actor, locked.get(record.item.source_retro_id or ""), status=status is not None
        )
        item: ActionItem = record.item
        if title is not None:
            item = replace(item, title=title)
        if owner not in (UNSET, None) and owner_name not in (UNSET, None, ""):
            raise invalid_at("owner_name", "Give either a member as owner or a name, not both.")
        if owner is not UNSET:
            check_action_owner(tx, item.team_id, owner)
            item = replace(item, owner=owner)
        if owner_name is not UNSET and owner_name:
            item = replace(item, owner=None)
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
            raise invalid_at("reason", "A reason is only recorded when dropping an item.")
        if owner_name is not UNSET:
            saved = action_q.save_item(tx, item, owner_name=owner_name or None)
        else:
            saved = action_q.save_item(tx, item)
        view = saved.view
        item_history.record_action(tx, item.team_id, record.view, view, item_history.by(actor))
        rec.team(action_changed(record.item, item))
        # Its own retro lists it, and every board still running may list it in review; each
        # board's guests get it only if that retro reviews it.
        was_active = record.item.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        shown_on = [locked[r] for r in boards if r in locked]
        action_events.record_changed(rec, view, shown_on, was_active=was_active)
        return view


def do_follow_tracker(
    ctx: Ctx,
    action_id: str,
    done: bool,
    source: Source | None = None,
) -> ActionView | None:
    """The item's ticket was done, or reopened, in the team's tracker: the item follows, told
    to every board that shows it like any other change. None when it already agrees, or the
    lifecycle does not allow the move (a dropped item is not made done by its ticket).
    `source` (the ticket, and who the tracker says moved it) goes into the item's history."""
    with ctx.recording() as rec:
        tx = rec.tx
        record, boards, locked = _lock_item(tx, None, action_id)
        before = record.item
        active = before.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        if done and active:
            target = ActionStatus.DONE
        elif not done and before.status == ActionStatus.DONE:
            target = ActionStatus.OPEN
        else:
            return None
        try:
            item = rules.transition(before, target, max(today(), before.created_on))
        except Invalid:
            return None
        view = action_q.save_item(tx, item).view
        if source is not None:
            item_history.record_action(tx, item.team_id, record.view, view, source)
        rec.team(action_changed(before, item, by_tracker=True))
        shown_on = [locked[r] for r in boards if r in locked]
        action_events.record_changed(rec, view, shown_on, was_active=active)
        return view


def do_delete_action(ctx: Ctx, actor: Actor, action_id: str) -> None:
    """Remove an item agreed by mistake (or twice), with what retros decided about it. Every
    board that may list it is told, so it disappears for everyone at once."""
    with ctx.recording() as rec:
        tx = rec.tx
        record, boards, locked = _lock_item(tx, actor, action_id)
        check_may_correct_action(actor, locked.get(record.item.source_retro_id or ""))
        # Told before the item and its reviews go, while who may see it can still be worked out.
        shown_on = [locked[r] for r in boards if r in locked]
        action_events.record_removed(rec, record.view, shown_on)
        action_q.delete_item(tx, record.item.id)


@dataclass(frozen=True)
class OwnerChoice:
    user_id: str
    display_name: str
    role: Role


def owner_choices(ctx: Ctx, actor: Actor, retro_id: str) -> list[OwnerChoice]:
    """The members who may own this retro's action items, for everyone in the retro: a guest
    agreeing an item picks the member rather than typing a name that belongs to no account.
    Names and roles only; nothing else about the team."""
    with ctx.db.read() as tx:
        retro, _ = check_participant(tx, actor, retro_id)
        members = team_q.members_of(tx, retro.team_id)
    return [
        OwnerChoice(m.membership.user_id, m.display_name, m.membership.role)
        for m in sorted(members, key=lambda m: m.display_name.casefold())
    ]


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


def action_history(ctx: Ctx, user: User, action_id: str) -> list[HistoryEntry]:
    """What became of the item, newest first, for members of its team."""
    with ctx.db.read() as tx:
        _record_in_team(tx, user, action_id)
        return item_history.entries(tx, "action", action_id)
