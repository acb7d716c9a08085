"""Each team's friction model, refitted in the background while suggestions keep coming.

Refitting takes a second or more, and a suggestion has to arrive while a card is being typed:
a request never waits for one. It is answered from the last model fitted for its scope (a
team's, or one retro's for its guests), or from the shipped model before the scope's first fit,
and the refit it asked for runs on a single worker. One refit runs at a time, however many teams
tag cards at once, so refits never crowd out the requests being served; a scope asked for again
while its refit waits is refitted once, with the newest examples.

Importing this module loads no numeric library: a server that never suggests never pays for one.
"""

import hashlib
import logging
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from functools import partial
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from twofold.domain.vocab import Friction
from twofold.insights.friction.dataset import normalise

if TYPE_CHECKING:
    from twofold.insights.friction.suggester import Suggester

log = logging.getLogger("twofold.friction")

TEAM_EXAMPLES_MAX = 300
"""Only the most recent confirmations are used: old tags describe an old team, and the bound
keeps a refit's cost the same however long the team has used the product."""
SCOPES_KEPT = 32
"""Scopes whose model is kept in memory; each model is a few megabytes."""

Examples = Sequence[tuple[str, Friction]]
P = ParamSpec("P")
T = TypeVar("T")


def recent_examples(examples: Examples) -> tuple[tuple[str, Friction], ...]:
    """The examples a team's model learns from: the last `TEAM_EXAMPLES_MAX`, without blanks."""
    return tuple((text, Friction(f)) for text, f in examples[-TEAM_EXAMPLES_MAX:] if text)


def examples_key(examples: Examples) -> str:
    """What the examples say, as one string: a model fitted from them is reused until it
    changes, and case or spacing alone does not change it."""
    digest = hashlib.sha256()
    for text, friction in examples:
        digest.update(normalise(text).encode("utf-8"))
        digest.update(b"\x1f")
        digest.update(str(friction).encode("ascii"))
        digest.update(b"\x1e")
    return digest.hexdigest()


class RefitWorker(Executor):
    """One daemon thread that runs what it is given, in order.

    A thread pool's workers are joined when the interpreter exits, so a server asked to stop
    while it fits a model would wait for the fit (seconds). A refit's result lives only in
    memory, so there is nothing to finish: this thread is left behind instead.
    """

    def __init__(self, name: str = "friction-refit") -> None:
        self._name = name
        self._jobs: queue.SimpleQueue[Callable[[], None] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever holds the future, as a pool does
                future.set_exception(exc)
            else:
                future.set_result(result)

        with self._lock:
            if self._closed:
                raise RuntimeError("the refit worker is shut down")
            self._jobs.put(run)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
                self._thread.start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        self._jobs.put(None)
        if wait and thread is not None:
            thread.join()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            job()


class TeamModels:
    """The models of every scope this process answers for.

    `executor` runs the refits; it defaults to one `RefitWorker`, started on the first refit.
    Whatever runs them, a scope has at most one refit waiting at a time. `base` is the shipped
    model (`default_suggester()` unless given), fitted on first use.
    """

    def __init__(
        self,
        base: "Suggester | None" = None,
        *,
        executor: Executor | None = None,
        keep: int = SCOPES_KEPT,
    ) -> None:
        self._base = base
        self._executor = executor
        self._keep = keep
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._models: OrderedDict[str, tuple[str, Suggester]] = OrderedDict()
        self._wanted: dict[str, tuple[str, tuple[tuple[str, Friction], ...]]] = {}
        self._queued: set[str] = set()
        self._outstanding = 0
        self._base_queued = False

    def base(self) -> "Suggester":
        base = self._base
        if base is None:
            from twofold.insights.friction.suggester import default_suggester

            base = self._base = default_suggester()
        return base

    def ready(self, scope: str, examples: Examples) -> "Suggester | None":
        """`suggester`, or None while the shipped model is still being fitted: its first fit
        takes seconds, and a request must not wait for it. The fit is then started on the
        refit worker, once, and a later request gets an answer."""
        if self.base().fitted:
            return self.suggester(scope, examples)
        with self._lock:
            submit = not self._base_queued
            if submit:
                self._base_queued = True
                self._outstanding += 1
        if submit:
            self._queue(self._fit_base, self._base_withdrawn)
        return None

    def suggester(self, scope: str, examples: Examples) -> "Suggester":
        """The model to answer `scope` with now. When `examples` differ from what its model
        learnt, a refit is asked for and the answer still comes from the model it has."""
        recent = recent_examples(examples)
        if not recent:
            with self._lock:
                self._models.pop(scope, None)
                self._wanted.pop(scope, None)
            return self.base()
        key = examples_key(recent)
        with self._lock:
            current = self._models.get(scope)
            if current is not None:
                self._models.move_to_end(scope)
                if current[0] == key:
                    return current[1]
            self._wanted[scope] = (key, recent)
            submit = scope not in self._queued
            if submit:
                self._queued.add(scope)
                self._outstanding += 1
        if submit:
            self._queue(partial(self._refit, scope), partial(self._withdrawn, scope))
        return current[1] if current is not None else self.base()

    def wait_until_idle(self, timeout: float) -> bool:
        """Block until no refit is waiting or running; False if `timeout` seconds passed first.
        For start-up warming, benchmarks and tests: requests never wait."""
        with self._idle:
            return self._idle.wait_for(lambda: self._outstanding == 0, timeout=timeout)

    def _queue(self, job: Callable[[], None], withdraw: Callable[[], None]) -> None:
        """Run `job` on the refit worker. `withdraw` takes back what queueing it promised
        (a flag, a waiting scope) when the worker cannot take it."""
        executor = self._executor
        if executor is None:
            with self._lock:
                if self._executor is None:
                    # One worker: one refit at a time, across every team.
                    self._executor = RefitWorker()
                executor = self._executor
        try:
            executor.submit(self._run, job)
        except RuntimeError:
            # A shut-down executor: the scope keeps its model, and asks again next time.
            log.warning("could not queue a friction refit", exc_info=True)
            withdraw()
            self._finished()

    def _run(self, job: Callable[[], None]) -> None:
        try:
            job()
        finally:
            self._finished()

    def _refit(self, scope: str) -> None:
        try:
            with self._lock:
                # From here a new request queues another refit rather than joining this one.
                self._queued.discard(scope)
                wanted = self._wanted.pop(scope, None)
                current = self._models.get(scope)
            if wanted is None or (current is not None and current[0] == wanted[0]):
                return
            key, recent = wanted
            fitted = self.base().with_team_examples(recent)
            fitted.warm()
            with self._lock:
                self._models[scope] = (key, fitted)
                self._models.move_to_end(scope)
                while len(self._models) > self._keep:
                    self._models.popitem(last=False)
        except Exception:
            # A failed refit leaves the scope on the model it had; the next request asks again.
            log.exception("friction refit failed for %s", scope)

    def _fit_base(self) -> None:
        try:
            self.base().warm()
        except Exception:
            log.exception("the friction suggester could not be fitted")
        finally:
            # Fitted or failed, a later request may ask again (a failed fit is retried).
            self._base_withdrawn()

    def _base_withdrawn(self) -> None:
        with self._lock:
            self._base_queued = False

    def _withdrawn(self, scope: str) -> None:
        with self._lock:
            self._queued.discard(scope)
            self._wanted.pop(scope, None)

    def _finished(self) -> None:
        with self._idle:
            self._outstanding -= 1
            if self._outstanding == 0:
                self._idle.notify_all()
