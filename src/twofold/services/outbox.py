"""The worker's side of the outbox: claiming due work, and recording how it went.

Each step is its own short transaction; the work itself (a mail sent, a vendor called) runs
between them with no transaction open, so a slow mail server holds no lock.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from twofold.domain.entities import User
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.outbox import OutboxItem, RetryPolicy, redacted
from twofold.services.access import check_team_facilitator
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import outbox as outbox_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.ids import now

Completion = Callable[[Tx], None]
"""What a handler hands back to be written in the transaction that marks its row done, so the
outcome of work done outside (a ticket's key) is stored exactly when the row is finished: a
worker that dies before that commit leaves the row to be tried again, and nothing half-kept."""

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


def do_finish(ctx: Ctx, item: OutboxItem, worker: str, then: Completion | None = None) -> bool:
    """False when the claim had run out and another worker holds the row now (`then` is not
    run: that worker does the work again and records its own outcome)."""
    with ctx.db.write() as tx:
        finished = outbox_q.finish(tx, item.id, worker, now(), redacted(item.payload))
        if finished and then is not None:
            then(tx)
        return finished


def do_release(ctx: Ctx, items: Iterable[OutboxItem], worker: str) -> None:
    """A worker told to stop hands back what it claimed and has not begun, so the next worker
    takes it at once instead of after the claim runs out."""
    with ctx.db.write() as tx:
        for item in items:
            outbox_q.release(tx, item.id, worker)


def do_fail(
    ctx: Ctx,
    item: OutboxItem,
    worker: str,
    error: str,
    policy: RetryPolicy,
    at_least: float | None = None,
    *,
    final: bool = False,
) -> bool:
    """Try again later, or give up once the attempts are used up (or at once, `final`). A row
    given up on stays, with its error, for people to see; its secrets do not. `at_least`:
    seconds the far end asked us to wait (Retry-After), when longer than the policy's
    delay."""
    at = now()
    with ctx.db.write() as tx:
        if final or policy.gives_up_after(item.attempts):
            return outbox_q.give_up(tx, item.id, worker, at, error, redacted(item.payload))
        later = at + timedelta(seconds=policy.delay_after(item.attempts, at_least))
        return outbox_q.retry_later(tx, item.id, worker, later, error)


def items_by_id(tx: Tx, ids: Iterable[str]) -> dict[str, OutboxItem]:
    """Rows by id, for a service that shows how its work is going (missing: purged)."""
    found = {}
    for item_id in set(ids):
        item = outbox_q.item_by_id(tx, item_id)
        if item is not None:
            found[item_id] = item
    return found


def do_purge(ctx: Ctx) -> None:
    """Finished work is kept a week, abandoned work a month, then forgotten."""
    at = now()
    with ctx.db.write() as tx:
        outbox_q.purge(tx, at - DONE_KEPT, at - FAILED_KEPT)


def counts(ctx: Ctx) -> tuple[int, int]:
    """(open, given up) across every kind."""
    with ctx.db.read() as tx:
        return outbox_q.count_open(tx), outbox_q.count_failed(tx)


@dataclass(frozen=True)
class Backlog:
    """What an operator watches of the worker: work open, work given up, and how long the
    oldest due row has waited (0 when the workers keep up)."""

    open: int
    failed: int
    lag_seconds: float


def backlog(ctx: Ctx) -> Backlog:
    at = now()
    with ctx.db.read() as tx:
        oldest = outbox_q.oldest_due(tx, at)
        lag = 0.0 if oldest is None else max(0.0, (at - _aware(oldest)).total_seconds())
        return Backlog(outbox_q.count_open(tx), outbox_q.count_failed(tx), lag)


def _aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time the store writes is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


SHOWN = 100
"""Rows listed at most, failures first; the counts cover them all."""


@dataclass(frozen=True)
class Deliveries:
    items: list[OutboxItem]
    pending: int
    failed: int


def unfinished(
    ctx: Ctx, *, team_id: str | None = None, failed: bool | None = None, limit: int = SHOWN
) -> list[OutboxItem]:
    with ctx.db.read() as tx:
        return outbox_q.unfinished(tx, team_id, failed=failed, limit=limit)


def counts_by_kind(ctx: Ctx, team_id: str | None = None) -> dict[str, tuple[int, int]]:
    """(still to do, given up on) per kind."""
    with ctx.db.read() as tx:
        return outbox_q.counts_by_kind(tx, team_id)


def do_retry(ctx: Ctx, item_id: str, *, team_id: str | None = None) -> OutboxItem:
    """Try a row again at once, with every attempt again: one given up on, or one waiting for
    its next try. Refused for a row that is done or in a worker's hands right now."""
    with ctx.db.write() as tx:
        item = outbox_q.item_by_id(tx, item_id)
        if item is None or (team_id is not None and item.team_id != team_id):
            raise NotFound("No delivery has that id.")
        if item.done_at is not None:
            raise Conflict("That delivery is done already.", code="delivery_done")
        if not outbox_q.retry_now(tx, now(), item_id=item_id):
            raise Conflict(
                "A worker is handling that delivery right now; see how it went in a moment.",
                code="delivery_in_progress",
            )
        retried = outbox_q.item_by_id(tx, item_id)
        assert retried is not None
        return retried


def do_retry_failed(ctx: Ctx, *, team_id: str | None = None) -> int:
    """Try every row given up on again (of one team, or all); how many."""
    with ctx.db.write() as tx:
        return outbox_q.retry_now(tx, now(), team_id=team_id)


def _check_team_admin(ctx: Ctx, user: User, team_id: str) -> None:
    """A team's deliveries are for its facilitators, and for the instance owner, who looks
    after the instance as a whole; other members are told "not allowed", outsiders "not
    found"."""
    with ctx.db.read() as tx:
        if user.is_owner:
            if team_q.team_by_id(tx, team_id) is None:
                raise NotFound("Team not found.")
            return
        check_team_facilitator(tx, user, team_id, "see and retry its deliveries")


def team_deliveries(ctx: Ctx, user: User, team_id: str) -> Deliveries:
    _check_team_admin(ctx, user, team_id)
    with ctx.db.read() as tx:
        counts = outbox_q.counts_by_kind(tx, team_id).values()
        return Deliveries(
            outbox_q.unfinished(tx, team_id, failed=None, limit=SHOWN),
            sum(pending for pending, _ in counts),
            sum(failed for _, failed in counts),
        )


def do_retry_team_delivery(ctx: Ctx, user: User, team_id: str, item_id: str) -> OutboxItem:
    _check_team_admin(ctx, user, team_id)
    return do_retry(ctx, item_id, team_id=team_id)


def do_retry_team_failed(ctx: Ctx, user: User, team_id: str) -> int:
    _check_team_admin(ctx, user, team_id)
    return do_retry_failed(ctx, team_id=team_id)


def given_up_last(
    tx: Tx, kind: str, team_ids: Iterable[str], since: datetime, key: str
) -> set[str]:
    """Of the work of `kind` for these teams written since `since`, the values of its
    payload's `key` whose latest row was given up on: a service tells from it which of its
    things the worker stopped trying (a newer row, tried again, clears an older one)."""
    latest: dict[str, bool] = {}
    for item in outbox_q.of_kind_since(tx, kind, team_ids, since):
        value = item.payload.get(key)
        if isinstance(value, str):
            latest[value] = item.failed_at is not None
    return {value for value, given_up in latest.items() if given_up}
