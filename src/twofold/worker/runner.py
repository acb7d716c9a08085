"""The outbox worker loop.

Each pass first, about once a minute, enqueues the work that has fallen due with time (the
scheduler: reminders, agendas), then claims a batch of due rows (a conditional update, so two
workers never take the same row), runs the handler registered for each row's kind with no transaction open, and records
the outcome: done, tried again later with a doubling delay, or given up on once the attempts
are used up (the row stays, with its error, and is logged). A claim lasts `lease`; should a
worker die half-way, the row becomes due again when the claim runs out, so nothing is lost,
though a handler may then run twice for one row: handlers must tolerate that (a mail sent
twice at worst).
"""

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from time import monotonic
from typing import Any

from twofold.domain.errors import StorageUnavailable
from twofold.domain.outbox import GiveUp, OutboxItem, RetryPolicy, TryLater, error_text
from twofold.services import outbox
from twofold.services.context import Ctx

log = logging.getLogger("twofold.worker")

Handler = Callable[[dict[str, Any]], outbox.Completion | None]
"""Does one row's work from its payload; raises to have it tried again. What it may return is
written in the transaction that marks the row done (see `services.outbox.Completion`)."""

PURGE_EVERY = 600.0


@dataclass
class Report:
    done: int = 0
    retrying: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.done + self.retrying + self.failed


class Worker:
    def __init__(
        self,
        ctx: Ctx,
        handlers: Mapping[str, Handler],
        *,
        policy: RetryPolicy | None = None,
        poll_seconds: float = 1.0,
        batch: int = 10,
        lease: timedelta = timedelta(minutes=5),
        name: str | None = None,
        scheduler: Callable[[Ctx], int] | None = None,
        schedule_seconds: float = 60.0,
    ) -> None:
        self.ctx = ctx
        self.handlers = dict(handlers)
        self.policy = policy or RetryPolicy()
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.lease = lease
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_purge = 0.0
        self.scheduler = scheduler
        self.schedule_seconds = schedule_seconds
        self._last_schedule: float | None = None

    def schedule(self) -> int:
        """Enqueue the work that has fallen due with time (reminders, agendas); every worker
        does it, and the outbox keeps one row per happening however many do."""
        self._last_schedule = monotonic()
        return self.scheduler(self.ctx) if self.scheduler is not None else 0

    def run_once(self) -> Report:
        """One pass: claim up to `batch` due rows and handle each once."""
        report = Report()
        if not self.handlers:
            return report
        items = outbox.claim_due(self.ctx, self.name, list(self.handlers), self.batch, self.lease)
        for n, item in enumerate(items):
            if self._stop.is_set():
                outbox.do_release(self.ctx, items[n:], self.name)
                break
            self._handle(item, report)
        return report

    def _handle(self, item: OutboxItem, report: Report) -> None:
        try:
            then = self.handlers[item.kind](item.payload)
        except Exception as exc:
            error = error_text(exc)
            wait = exc.after_seconds if isinstance(exc, TryLater) else None
            final = isinstance(exc, GiveUp) and not isinstance(exc, TryLater)
            if not outbox.do_fail(self.ctx, item, self.name, error, self.policy, wait, final=final):
                log.warning("outbox %s: the claim ran out before the failure was recorded", item.id)
            elif final or self.policy.gives_up_after(item.attempts):
                report.failed += 1
                log.error(
                    "outbox %s (%s) given up after %d attempts: %s",
                    item.id,
                    item.kind,
                    item.attempts,
                    error,
                )
            else:
                report.retrying += 1
                log.warning(
                    "outbox %s (%s) attempt %d of %d failed, trying again in %.0f s: %s",
                    item.id,
                    item.kind,
                    item.attempts,
                    self.policy.max_attempts,
                    self.policy.delay_after(item.attempts, wait),
                    error,
                )
            return
        if not outbox.do_finish(self.ctx, item, self.name, then):
            log.warning("outbox %s: done, but the claim had run out meanwhile", item.id)
        report.done += 1

    def run_until_stopped(self) -> None:
        """Pass after pass until `stop()`; a full batch is followed at once by the next one."""
        while not self._stop.is_set():
            handled = 0
            try:
                last = self._last_schedule
                if last is None or monotonic() - last > self.schedule_seconds:
                    self.schedule()
                handled = self.run_once().handled
                if monotonic() - self._last_purge > PURGE_EVERY:
                    self._last_purge = monotonic()
                    outbox.do_purge(self.ctx)
            except StorageUnavailable as exc:  # the database away for a moment: next pass
                log.warning(
                    "worker pass skipped, storage unavailable (%s): %s", exc.reason, exc.cause
                )
            except Exception:
                log.exception("worker pass failed")
            if handled < self.batch:
                self._stop.wait(self.poll_seconds)

    def start(self) -> "Worker":
        self._thread = threading.Thread(
            target=self.run_until_stopped, name="twofold-worker", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the row at hand (a mail half-sent is not cut off) and stop."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
