"""Keeping and reading the history of action items and debt items (`domain.item_history`).

Every path that changes an item records its changes in the change's own transaction: a person
on the item's page, a retro's review, and the team's tracker. Only the item's team reads it: a
guest of one retro sees the item, never who in the team moved it before.
"""

from twofold.domain.access import Participant
from twofold.domain.connections import ItemKind
from twofold.domain.entities import User
from twofold.domain.events import ActionView
from twofold.domain.item_history import (
    ChangedBy,
    HistoryEntry,
    Source,
    action_changes,
)
from twofold.services.access import Actor
from twofold.store.database import Tx
from twofold.store.queries import item_history as history_q

SHOWN = 200
"""Changes an item's history shows, newest first; older ones are kept."""


def by(who: Actor | Participant, via: ChangedBy = ChangedBy.PERSON) -> Source:
    """A change made by a person (or, `via` review, by a retro's facilitator); guests are
    named but have no account to find them by."""
    member = isinstance(who, User) or (isinstance(who, Participant) and who.kind == "member")
    return Source(via, who.id if member else None, who.display_name)


def from_tracker(tracker: str | None, ticket: str, moved_by: str | None) -> Source:
    return Source(ChangedBy.TRACKER, None, moved_by, tracker, ticket)


def record_action(
    tx: Tx, team_id: str, before: ActionView, after: ActionView, source: Source
) -> None:
    dropped = after.status == "dropped" and before.status != "dropped"
    note = after.drop_reason if dropped else None
    history_q.add(tx, team_id, "action", after.id, action_changes(before, after), source, note)


def entries(tx: Tx, kind: ItemKind, item_id: str) -> list[HistoryEntry]:
    return history_q.of_item(tx, kind, item_id, SHOWN)
