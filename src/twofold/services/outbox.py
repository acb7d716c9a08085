"""The worker's side of the outbox: claiming due work, and recording how it went.

Each step is its own short transaction; the work itself (a mail sent, a vendor called) runs
between them with no transaction open, so a slow mail server holds no lock.
"""

from datetime import timedelta
from typing import Any

from twofold.domain.outbox import OutboxItem, RetryPolicy, redacted
from twofold.services.context import Ctx
from twofold.store.queries import outbox as outbox_q
from twofold.store.queries.ids import now

DONE_KEPT = timedelta(days=7)
FAILED_KEPT = timedelta(days=30)


def enqueue(ctx: Ctx, kind: str, payload: dict[str, Any]) -> str:
    """Work that is not part of another change (services with a change at hand write theirs
    in its transaction with `store.queries.outbox.insert`)."""
    with ctx.db.write() as tx:
        return outbox_q.insert(tx, kind, payload)


def claim_due(
    ctx: Ctx, worker: str, kinds: list[str], limit: int, lease: timedelta
) -> list[OutboxItem]:
    # Looked for in a read first: an idle worker polling every second must not take SQLite's
    # one write lock (which board commands wait on) each time. The claims themselves re-check
    # every condition, so a row taken meanwhile by another worker is simply skipped.
    with ctx.db.read() as tx:
        due = outbox_q.due_ids(tx, kinds, now(), limit)
    if not due:
        return []
    with ctx.db.write() as tx:
        at = now()
        claimed = []
        for item_id in due:
            item = outbox_q.claim(tx, item_id, worker, at, lease)
            if item is not None:
                claimed.append(item)
        return claimed


def do_finish(ctx: Ctx, item: OutboxItem, worker: str) -> bool:
    """False when the claim had run out and another worker holds the row now."""
    with ctx.db.write() as tx:
        return outbox_q.finish(tx, item.id, worker, now(), redacted(item.payload))


def do_fail(ctx: Ctx, item: OutboxItem, worker: str, error: str, policy: RetryPolicy) -> bool:
    """Try again later, or give up once the attempts are used up. A row given up on stays,
    with its error, for people to see; its secrets do not."""
    at = now()
    with ctx.db.write() as tx:
        if policy.gives_up_after(item.attempts):
            return outbox_q.give_up(tx, item.id, worker, at, error, redacted(item.payload))
        later = at + timedelta(seconds=policy.delay_after(item.attempts))
        return outbox_q.retry_later(tx, item.id, worker, later, error)


def do_purge(ctx: Ctx) -> None:
    """Finished work is kept a week, abandoned work a month, then forgotten."""
    at = now()
    with ctx.db.write() as tx:
        outbox_q.purge(tx, at - DONE_KEPT, at - FAILED_KEPT)


def counts(ctx: Ctx) -> tuple[int, int]:
    """(open, given up) across every kind."""
    with ctx.db.read() as tx:
        return outbox_q.count_open(tx), outbox_q.count_failed(tx)
