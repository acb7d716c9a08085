"""The outbox under several workers: claims never shared, each message sent once, work of a
dead worker taken over, on both databases (two workers are two database engines, as two
processes would be)."""

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import update

from tests.integration.test_mail import mail_settings, outbox_rows
from tests.mail_server import mail_server
from tests.ports import free_port
from twofold.domain.mail import Mail
from twofold.domain.outbox import GiveUp, RetryPolicy, TryLater
from twofold.services import mail_queue, outbox
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.store.queries import outbox as outbox_q
from twofold.store.tables import OutboxRow
from twofold.worker.runner import Handler, Worker
from twofold.worker.setup import handlers_for


@pytest.fixture
def engines(settings: Settings) -> Iterator[list[Ctx]]:
    """Eight separate connections to the test's database, like eight worker processes."""
    dbs = [Database(settings.database_url, secret=settings.secret_key) for _ in range(8)]
    yield [Ctx(db) for db in dbs]
    for db in dbs:
        db.dispose()


def together(work: list[Any]) -> None:
    """Run the callables in threads released at the same moment."""
    start = threading.Barrier(len(work))
    errors: list[BaseException] = []

    def run(fn: Any) -> None:
        start.wait()
        try:
            fn()
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(fn,)) for fn in work]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors


def test_concurrent_claims_never_share_a_row(ctx: Ctx, engines: list[Ctx]) -> None:
    ids = {outbox.enqueue(ctx, "job", {"n": n}) for n in range(40)}
    claimed: dict[str, list[str]] = {}

    def claim(i: int) -> None:
        items = outbox.claim_due(engines[i], f"w{i}", ["job"], 40, timedelta(minutes=5))
        claimed[f"w{i}"] = [item.id for item in items]

    together([lambda i=i: claim(i) for i in range(len(engines))])
    every = [item for items in claimed.values() for item in items]
    assert len(every) == len(set(every)) == 40
    assert set(every) == ids
    holders = {row.id: row.claimed_by for row in outbox_rows(ctx)}
    for worker, items in claimed.items():
        assert all(holders[item] == worker for item in items)
    assert {row.attempts for row in outbox_rows(ctx)} == {1}
    # Claimed rows are not due to anyone else while their claims last.
    assert outbox.claim_due(ctx, "late", ["job"], 40, timedelta(minutes=5)) == []


def test_two_workers_send_each_message_exactly_once(
    ctx: Ctx, settings: Settings, engines: list[Ctx]
) -> None:
    port = free_port()
    configured = mail_settings(settings, port)
    with ctx.db.write() as tx:
        for n in range(30):
            mail_queue.queue(tx, Mail(f"person{n}@example.com", f"Message {n}", "Hello"))
    workers = [
        Worker(engines[i], handlers_for(configured), batch=3, name=f"worker-{i}") for i in (0, 1)
    ]

    def drain(worker: Worker) -> None:
        while True:
            if worker.run_once().handled == 0:
                waiting, _ = outbox.counts(worker.ctx)
                if waiting == 0:
                    return
                time.sleep(0.01)  # the other worker holds what is left

    with mail_server(port=port) as server:
        together([lambda w=w: drain(w) for w in workers])
        received = server.wait_for(30)
        assert len(server.received) == 30
    subjects = sorted(r.message["Subject"] for r in received)
    assert subjects == sorted(f"Message {n}" for n in range(30))
    for r in received:
        assert r.rcpt_tos == [f"person{r.message['Subject'].split()[1]}@example.com"]
    rows = outbox_rows(ctx)
    assert all(row.done_at is not None and row.attempts == 1 for row in rows)


def test_work_of_a_worker_that_died_is_taken_over_once_its_claim_runs_out(ctx: Ctx) -> None:
    outbox.enqueue(ctx, "job", {"n": 1})
    [item] = outbox.claim_due(ctx, "dead", ["job"], 10, timedelta(minutes=5))
    done: list[dict[str, Any]] = []
    rescuer = Worker(ctx, {"job": done.append}, name="rescuer")
    assert rescuer.run_once().handled == 0  # still claimed
    with ctx.db.engine.begin() as conn:
        conn.execute(
            update(OutboxRow).values(claim_expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert rescuer.run_once().done == 1
    assert done == [{"n": 1}]
    [row] = outbox_rows(ctx)
    assert (row.attempts, row.claimed_by) == (2, None)
    assert row.done_at is not None
    # The dead worker, coming back late, cannot record anything over it.
    assert outbox.do_finish(ctx, item, "dead") is False
    assert outbox.do_fail(ctx, item, "dead", "late", RetryPolicy()) is False
    [after] = outbox_rows(ctx)
    assert (after.done_at, after.last_error) == (row.done_at, None)


def test_a_handler_that_raises_is_retried_later_with_a_growing_delay(ctx: Ctx) -> None:
    outbox.enqueue(ctx, "job", {"n": 1})
    calls: list[int] = []

    def flaky(payload: dict[str, Any]) -> None:
        calls.append(payload["n"])
        raise RuntimeError("vendor said no")

    worker = Worker(ctx, {"job": flaky}, policy=RetryPolicy(max_attempts=5, first_delay=60))
    assert worker.run_once().retrying == 1
    [row] = outbox_rows(ctx)
    assert row.last_error == "RuntimeError: vendor said no"
    first_wait = (row.available_at - datetime.now(UTC)).total_seconds()
    assert 0 < first_wait <= 60
    assert worker.run_once().handled == 0  # not due yet
    with ctx.db.engine.begin() as conn:
        conn.execute(update(OutboxRow).values(available_at=datetime.now(UTC)))
    assert worker.run_once().retrying == 1
    [row] = outbox_rows(ctx)
    assert 60 < (row.available_at - datetime.now(UTC)).total_seconds() <= 120
    assert calls == [1, 1]


def test_old_work_is_forgotten_failures_last_longer(ctx: Ctx) -> None:
    done_id = outbox.enqueue(ctx, "job", {})
    failed_id = outbox.enqueue(ctx, "job", {})
    Worker(ctx, {"job": lambda p: None}).run_once()
    with ctx.db.engine.begin() as conn:
        old = datetime.now(UTC) - timedelta(days=8)
        conn.execute(update(OutboxRow).where(OutboxRow.id == done_id).values(done_at=old))
        conn.execute(
            update(OutboxRow)
            .where(OutboxRow.id == failed_id)
            .values(done_at=None, failed_at=old, last_error="x")
        )
    outbox.do_purge(ctx)
    assert [row.id for row in outbox_rows(ctx)] == [failed_id]
    with ctx.db.engine.begin() as conn:
        conn.execute(update(OutboxRow).values(failed_at=datetime.now(UTC) - timedelta(days=31)))
    outbox.do_purge(ctx)
    assert outbox_rows(ctx) == []


def test_a_refusal_trying_again_cannot_mend_is_given_up_at_once(ctx: Ctx) -> None:
    """A handler raising `GiveUp` fails its row on the first try, its error kept; a `GiveUp`
    that is also a `TryLater` (a vendor down) is tried again like any other failure."""

    class Refused(GiveUp):
        pass

    class Busy(GiveUp, TryLater):
        pass

    raised: list[Exception] = [Refused("the token was revoked"), Busy("down for a minute")]
    kinds = ["test.refused", "test.busy"]
    with ctx.db.write() as tx:
        ids = {kind: outbox_q.insert(tx, kind, {"n": 1}) for kind in kinds}

    def handler_for(error: Exception) -> Handler:
        def handle(payload: dict[str, Any]) -> None:
            raise error

        return handle

    worker = Worker(
        ctx,
        {kind: handler_for(error) for kind, error in zip(kinds, raised, strict=True)},
        policy=RetryPolicy(max_attempts=5, first_delay=0),
    )
    worker.run_once()
    with ctx.db.read() as tx:
        rows = {kind: outbox_q.item_by_id(tx, ids[kind]) for kind in kinds}
    assert rows["test.refused"] is not None
    assert rows["test.busy"] is not None
    assert (rows["test.refused"].state, rows["test.refused"].attempts) == ("failed", 1)
    assert "the token was revoked" in (rows["test.refused"].last_error or "")
    assert (rows["test.busy"].state, rows["test.busy"].attempts) == ("pending", 1)


def test_a_worker_told_to_stop_finishes_the_row_at_hand_and_hands_back_the_rest(
    ctx: Ctx,
) -> None:
    for n in range(4):
        outbox.enqueue(ctx, "job", {"n": n})
    done: list[int] = []

    def job(payload: dict[str, Any]) -> None:
        done.append(payload["n"])
        worker.stop(timeout=0)  # as SIGTERM does, in the middle of a batch

    worker = Worker(ctx, {"job": job}, batch=4, name="leaving")
    assert worker.run_once().done == 1
    assert done == [0]
    rows = sorted(outbox_rows(ctx), key=lambda r: r.payload["n"])
    assert rows[0].done_at is not None
    # Untouched rows are free at once and keep every attempt they are allowed.
    assert [(r.claimed_by, r.claim_expires_at, r.attempts) for r in rows[1:]] == [
        (None, None, 0)
    ] * 3
    taker = Worker(ctx, {"job": lambda p: done.append(p["n"])}, batch=4, name="taker")
    assert taker.run_once().done == 3
    assert sorted(done) == [0, 1, 2, 3]
