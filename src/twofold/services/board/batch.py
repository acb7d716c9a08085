"""Board commands from sockets, applied in batches: everything that queued up while the previous
transaction ran goes into the next one.

Under load most of a command's cost is the transaction around it (begin, commit, handing the
work to a thread and back) and its bookkeeping (event, seq, command id). Sharing one
transaction between the commands that arrived together pays that once per batch (see
`writes.py`). Commands are checked before they write, so a refused command has nothing to undo
and does not sink its neighbours; should one be refused after writing, or should anything fail
(a clash, the commit itself), every command of the batch is tried again on its own. With no
load a batch is one command, applied at once.

Commands of one board always go to the same writer thread, in arrival order. A batch locks all
its boards at once, in id order, so two processes batching the same boards on PostgreSQL cannot
deadlock each other.
"""

import asyncio
import contextlib
import logging
import queue
import threading
from contextlib import nullcontext
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from twofold.domain.commands import AddCard, EditCard
from twofold.domain.errors import DomainError, StorageUnavailable
from twofold.services.board.execute import PLAIN, Ack, Job, apply, command_key, execute
from twofold.services.board.writes import BoardWrites
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.rawsql import Raw

log = logging.getLogger("twofold.live")

MAX_BATCH = 64
IDLE_SECONDS = 10.0
"""A writer thread with nothing to do for this long ends; the next command starts another."""

Outcome = Ack | BaseException


@dataclass
class _Pending:
    job: Job
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[Ack]"


@dataclass
class _Shard:
    jobs: "queue.SimpleQueue[_Pending]" = field(default_factory=queue.SimpleQueue)
    thread: threading.Thread | None = None


class CommandQueue:
    def __init__(self, ctx: Ctx, *, shards: int | None = None) -> None:
        self._ctx = ctx
        # One writer thread per process by default: batches only grow (and pay) when commands
        # queue behind one writer. Measured on PostgreSQL, four writers per process held less
        # than half the rate of one. Several processes still write at once through row locks.
        count = shards if shards is not None else 1
        self._shards = [_Shard() for _ in range(count)]
        self._lock = threading.Lock()

    async def submit(self, job: Job) -> Ack:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Ack] = loop.create_future()
        shard = self._shards[hash(job.retro_id) % len(self._shards)]
        shard.jobs.put(_Pending(job, loop, future))
        self._ensure_running(shard)
        return await future

    def _ensure_running(self, shard: _Shard) -> None:
        running = shard.thread
        if running is not None and running.is_alive():
            # The job was queued before this look, and a writer lets go of `shard.thread`
            # before its last look at the queue (see `_run`): it will take the job.
            return
        with self._lock:
            if shard.thread is None or not shard.thread.is_alive():
                shard.thread = threading.Thread(
                    target=self._run, args=(shard,), name="twofold-board-writer", daemon=True
                )
                shard.thread.start()

    def _run(self, shard: _Shard) -> None:
        while True:
            try:
                first = shard.jobs.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                with self._lock:
                    # Let go first, then look: a job queued before the look is taken here; one
                    # queued after it finds no writer and starts another (`_ensure_running`).
                    shard.thread = None
                    if shard.jobs.empty():
                        return
                    shard.thread = threading.current_thread()
                continue
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    batch.append(shard.jobs.get_nowait())
                except queue.Empty:
                    break
            outcomes: list[Outcome]
            try:
                outcomes = self.apply_batch([p.job for p in batch])
            except BaseException as exc:  # nobody is left waiting, whatever happened
                outcomes = [exc] * len(batch)
            for pending, outcome in zip(batch, outcomes, strict=True):
                # A socket whose loop has closed (the server stopping) has nobody to tell.
                with contextlib.suppress(RuntimeError):
                    pending.loop.call_soon_threadsafe(_settle, pending.future, outcome)

    def apply_batch(self, jobs: list[Job]) -> list[Outcome]:
        """Each job's ack, or the error that refused it, in the order given."""
        if len(jobs) == 1:
            return [self._alone(jobs[0])]
        try:
            return self._together(jobs, look_up=False)
        except StorageUnavailable as exc:
            # Locked, full or unreachable: trying each command on its own would only wait on
            # the same fault once per command. Nothing was committed; every sender is told to
            # send again later.
            return [exc] * len(jobs)
        except Exception:
            # Most likely a command sent again after a dropped socket, which clashed with its
            # first record: once more together, this time looking the command ids up first.
            log.debug("a batch of %d board commands failed; again, ids looked up", len(jobs))
        try:
            return self._together(jobs, look_up=True)
        except StorageUnavailable as exc:
            return [exc] * len(jobs)
        except Exception:
            log.warning("a batch of %d board commands failed to commit; retrying each", len(jobs))
            return [self._alone(job) for job in jobs]

    def _alone(self, job: Job) -> Outcome:
        try:
            return execute(
                self._ctx, job.actor, job.retro_id, job.command, job.command_id, checked=job.checked
            )
        except BaseException as exc:  # handed to the waiting socket, which decides
            return exc

    def _together(self, jobs: list[Job], *, look_up: bool) -> list[Outcome]:
        """Apply the jobs in one transaction, whose events go out once it has committed.
        Without `look_up`, their command ids are taken as new (see `BoardWrites.expect_new`)."""
        outcomes: list[Outcome] = []
        with self._ctx.recording(BoardWrites) as writes:
            tx = writes.tx
            keys = [k for job in jobs if job.checked and (k := command_key(job, job.checked))]
            if look_up:
                writes.look_up(keys)
            else:
                writes.expect_new(keys)
            writes.lock(
                [job.retro_id for job in jobs],
                columns_of=[
                    job.retro_id for job in jobs if isinstance(job.command, AddCard | EditCard)
                ],
            )
            raw = Raw.of(tx)
            for plain, run in groupby(jobs, key=_plain):
                with raw.together() if plain else nullcontext():
                    for job in run:
                        outcomes.append(self._one(tx, writes, job))
        return outcomes

    @staticmethod
    def _one(tx: Tx, writes: BoardWrites, job: Job) -> Outcome:
        if not isinstance(job.command, AddCard):
            # This one may read cards; those added before it are written first.
            writes.write_cards()
        key = command_key(job, job.checked) if job.checked else None
        mark = writes.mark(job.retro_id)
        raw = Raw.of(tx)
        before = raw.writes_so_far()
        outcome: Outcome
        try:
            outcome = apply(writes, job)
            tx.flush()
        except DomainError as exc:
            if raw.writes_so_far() != before:
                # Refused after writing: only a transaction of its own undoes that.
                raise _WroteThenRefused from exc
            writes.undo(mark)
            # A command taken as new may be one applied before and sent again, now refused
            # (its card already deleted, say): it is answered as the repeat it is.
            earlier = writes.applied_before(key) if key is not None else None
            outcome = Ack(earlier[0], duplicate=True, result=earlier[1]) if earlier else exc
        # Later commands read rows afresh, not what this one left in the session (a refused
        # command's unsaved changes go with it).
        tx.expunge_all()
        return outcome


def _plain(job: Job) -> bool:
    # Checking who sends a command reads through the ORM; a socket's jobs come checked.
    return job.checked is not None and isinstance(job.command, PLAIN)


class _WroteThenRefused(Exception):
    """A command of a batch was refused after it had written: the batch is applied again one
    command per transaction."""


def _settle(future: "asyncio.Future[Any]", outcome: Outcome) -> None:
    if future.done():  # the socket went away while its command was being applied
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
