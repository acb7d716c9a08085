"""board events already logged get the forms the server now records: who reacted in an anonymous
retro goes to the reactor alone, and other retros' action items no longer replay to guests

Revision ID: 0012
Revises: 0011

Only data changes. A client that reconnects with `since` is replayed events from the log, so
events recorded before these rules existed would otherwise still name reactors in anonymous
retros and hand guests other retros' action items. They are rewritten as the rules now say
(`domain/visibility.py`, copied here so this revision keeps meaning what it meant); where the
log no longer tells (whether an item closed on the team's page had been open), the guest gets
`withheld`.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = ("open", "in_progress")
ANONYMOUS = "anonymous"
MEMBERS = "members"
WITHHELD = {"type": "withheld"}
# The ids a guest of one retro is not given for another retro's action item.
OTHER_RETRO_FIELDS = ("retro_id", "topic_id", "source_card_id")

events = sa.table(
    "board_events",
    sa.column("id", sa.Integer),
    sa.column("retro_id", sa.String),
    sa.column("type", sa.String),
    sa.column("payload", sa.JSON),
    sa.column("visibility", sa.String),
    sa.column("public_payload", sa.JSON),
)
retros = sa.table(
    "retros",
    sa.column("id", sa.String),
    sa.column("settings", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
reviews = sa.table(
    "action_reviews", sa.column("action_id", sa.String), sa.column("retro_id", sa.String)
)


def _utc(value: datetime | str) -> datetime:
    when = datetime.fromisoformat(value) if isinstance(value, str) else value
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


class Boards:
    """What the rules need to know of the boards: which are anonymous, when each was held, and
    which retro reviewed which item."""

    def __init__(self, bind: sa.Connection) -> None:
        rows = bind.execute(sa.select(retros.c.id, retros.c.settings, retros.c.created_at))
        self.anonymous: set[str] = set()
        self.held: dict[str, datetime] = {}
        for retro_id, settings, created_at in rows:
            if (settings or {}).get("anonymous"):
                self.anonymous.add(str(retro_id))
            self.held[str(retro_id)] = _utc(created_at)
        self.reviewed = {
            (str(a), str(r))
            for a, r in bind.execute(sa.select(reviews.c.action_id, reviews.c.retro_id))
        }

    def guest_sees(self, action: dict[str, Any], retro_id: str) -> bool:
        """An item of another retro that this (then open) retro reviewed or was to review."""
        if (str(action.get("id")), retro_id) in self.reviewed:
            return True
        held = self.held.get(retro_id)
        created = action.get("created_at")
        return (
            held is not None
            and created is not None
            and _utc(created) < held
            and action.get("status") in ACTIVE
        )


def _guest_action(action: dict[str, Any], retro_id: str) -> dict[str, Any]:
    shown = {**action, **dict.fromkeys(OTHER_RETRO_FIELDS)}
    if action.get("last_review_retro_id") != retro_id:
        shown.update(last_review_retro_id=None, last_review_outcome=None)
    return shown


def _new_forms(
    kind: str, retro_id: str, payload: dict[str, Any], boards: Boards
) -> tuple[str, dict[str, Any]] | None:
    """(visibility, public payload) for an event logged for everyone, or None to leave it."""
    if kind == "reaction_toggled":
        if retro_id not in boards.anonymous or payload.get("participant") == ANONYMOUS:
            return None
        return str(payload["participant"]), {**payload, "participant": ANONYMOUS}
    action = payload.get("action") or {}
    if action.get("retro_id") == retro_id:
        return None
    if kind == "action_reviewed" or boards.guest_sees(action, retro_id):
        return MEMBERS, {**payload, "action": _guest_action(action, retro_id)}
    return MEMBERS, WITHHELD


def upgrade() -> None:
    bind = op.get_bind()
    boards = Boards(bind)
    rows = bind.execute(
        sa.select(events.c.id, events.c.retro_id, events.c.type, events.c.payload).where(
            events.c.visibility == "all",
            events.c.type.in_(("reaction_toggled", "action_reviewed", "action_changed")),
        )
    ).all()
    for event_id, retro_id, kind, payload in rows:
        forms = _new_forms(str(kind), str(retro_id), dict(payload or {}), boards)
        if forms is None:
            continue
        visibility, public = forms
        bind.execute(
            sa.update(events)
            .where(events.c.id == event_id)
            .values(visibility=visibility, public_payload=public)
        )


def downgrade() -> None:
    """Back to what earlier versions read: they know no members-only audience and no
    `backlog_changed` or `withheld`, and would fail on a board whose log holds them. Members-only
    events go back to everyone (the leak this revision closed comes back with the old code), and
    backlog events become `signals_changed`, which carries nothing and only makes a board fetch
    its signals again."""
    bind = op.get_bind()
    bind.execute(
        sa.update(events)
        .where(events.c.type.in_(("backlog_changed", "withheld")))
        .values(type="signals_changed", payload={"type": "signals_changed"})
    )
    bind.execute(
        sa.update(events)
        .where(events.c.visibility == MEMBERS)
        .values(visibility="all", public_payload=sa.null())
    )
