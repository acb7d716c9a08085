"""Work that falls due with time rather than with a request: an action item reaching its due
date or becoming overdue, a ritual whose agenda should go out before it starts.

Every worker looks for it every minute or so; each happening has a key (the item and its due
date, the ritual and its start), and the outbox takes one row per key, so however many workers
look, and however often, each is enqueued once. The windows looked at are shorter than the
week finished rows are kept, so a key is still there for as long as it could be found again.
"""

from datetime import UTC, datetime, timedelta

from twofold.domain import rituals as ritual_rules
from twofold.domain.team_events import ActionDue, ActionOverdue, RitualAgendaDue, TeamEvent
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import actions as action_q
from twofold.store.queries import outbox as outbox_q
from twofold.store.queries import rituals as ritual_q
from twofold.store.queries.ids import now

OVERDUE_CATCH_UP = timedelta(days=3)
"""An item that became overdue while no worker ran is still reported, this far back."""
AGENDA_LEAD = timedelta(hours=24)
"""A ritual's agenda is due this long before it starts."""


def _due_now(tx: Tx, at: datetime) -> list[TeamEvent]:
    today = at.astimezone(UTC).date()
    found: list[TeamEvent] = []
    for item in action_q.active_due_between(tx, today - OVERDUE_CATCH_UP, today):
        assert item.due is not None
        kind = ActionDue if item.due == today else ActionOverdue
        found.append(kind(item.team_id, item.id, item.due))
    for record in ritual_q.all_rituals(tx):
        ritual = record.ritual
        if ritual is None or ritual_rules.schedule_problem(ritual.recurrence) is not None:
            continue
        starts = ritual_rules.next_occurrences(ritual, at, 1)
        if starts and starts[0] - at <= AGENDA_LEAD:
            start = starts[0].astimezone(UTC)
            found.append(RitualAgendaDue(record.team_id, record.id, start))
    return found


def enqueue_due(ctx: Ctx, at: datetime | None = None) -> int:
    """Enqueue what has fallen due and is not in the outbox yet; how many rows were added."""
    at = at or now()
    # Looked for in a read first, so a pass with nothing new takes no write lock.
    with ctx.db.read() as tx:
        keyed = {e.dedupe_key: e for e in _due_now(tx, at) if e.dedupe_key is not None}
        present = outbox_q.keys_present(tx, keyed)
    fresh = [(key, e) for key, e in keyed.items() if key not in present]
    if not fresh:
        return 0
    with ctx.recording() as rec:
        return sum(rec.team(e) for _, e in fresh)
