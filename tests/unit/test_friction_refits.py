"""Team models refitted in the background: a suggestion never waits for a refit, one refit runs
at a time, and a scope asked for again while its refit waits is refitted once, with the newest
tags. The refits are held by an executor the test controls, never by timing."""

import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

import pytest

from twofold.domain.vocab import Friction
from twofold.insights.friction import Example, Suggester, TeamModels, load_examples
from twofold.insights.friction.refits import RefitWorker

PHRASE = "the quorvin handover was messy"


class HeldExecutor(Executor):
    """Queues what it is given and runs it only when the test says: a refit submitted here is
    in progress, as far as the suggester can tell, until `run_next`."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Future[Any]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.jobs.append((lambda: fn(*args, **kwargs), future))
        return future

    def run_next(self) -> None:
        job, future = self.jobs.pop(0)
        future.set_result(job())


@pytest.fixture(scope="module")
def small() -> Suggester:
    """A base model over 40 shipped cards per friction point: quick to refit, still sensible."""
    by_class: dict[Friction, list[Example]] = {f: [] for f in Friction}
    for example in load_examples():
        if example.friction is not None and len(by_class[example.friction]) < 40:
            by_class[example.friction].append(example)
    base = Suggester([e for examples in by_class.values() for e in examples])
    base.warm()
    return base


def _ranked(suggester: Suggester, text: str) -> list[Friction]:
    """The friction points in the model's order, whether or not it would abstain."""
    return [f for f, _ in suggester.rank(text) if f is not None]


def _top(suggester: Suggester, text: str) -> Friction:
    return _ranked(suggester, text)[0]


def _tags(small: Suggester, n: int = 3) -> tuple[list[tuple[str, Friction]], Friction]:
    """Cards with the phrase, tagged with the friction point the base model likes least."""
    target = _ranked(small, PHRASE)[-1]
    return [(f"{PHRASE} again, number {i}", target) for i in range(n)], target


def test_a_suggestion_is_answered_from_the_last_model_while_the_refit_is_held(
    small: Suggester,
) -> None:
    held = HeldExecutor()
    models = TeamModels(small, executor=held)
    tags, target = _tags(small)

    # The team's first model is the shipped one: answered at once, the refit queued.
    first = models.suggester("team:a", tags)
    assert first is small
    assert first.rank(PHRASE) == small.rank(PHRASE)
    assert len(held.jobs) == 1
    assert not models.wait_until_idle(0)

    # Asked again, and with a newer tag, while the refit waits: still answered, not queued
    # twice; the refit, when it runs, takes the newest tags.
    assert models.suggester("team:a", tags) is small
    newer = [*tags, (f"{PHRASE} once more", target)]
    assert models.suggester("team:a", newer) is small
    assert len(held.jobs) == 1

    held.run_next()
    assert models.wait_until_idle(0)
    fitted = models.suggester("team:a", newer)
    assert fitted is not small
    assert _top(fitted, PHRASE) is target
    assert held.jobs == []

    # A later change asks for another refit and is answered by this model meanwhile.
    changed = [*newer, ("Standups ran long all week", Friction.COMMUNICATION)]
    assert models.suggester("team:a", changed) is fitted
    assert len(held.jobs) == 1


def test_each_scope_has_its_own_model_and_its_own_queued_refit(small: Suggester) -> None:
    held = HeldExecutor()
    models = TeamModels(small, executor=held)
    tags, target = _tags(small)
    models.suggester("team:a", tags)
    models.suggester("retro:r", tags[:1])
    assert len(held.jobs) == 2

    held.run_next()
    assert _top(models.suggester("team:a", tags), PHRASE) is target
    # The other scope's refit has not run: it is still answered by the shipped model.
    assert models.suggester("retro:r", tags[:1]) is small
    held.run_next()
    assert models.suggester("retro:r", tags[:1]) is not small


def test_no_tags_means_the_shipped_model_and_no_refit(small: Suggester) -> None:
    held = HeldExecutor()
    models = TeamModels(small, executor=held)
    assert models.suggester("team:a", []) is small
    assert models.suggester("team:a", [("", Friction.TECH_DEBT)]) is small
    assert held.jobs == []
    assert models.wait_until_idle(0)


def test_models_beyond_the_limit_are_forgotten_and_refitted(small: Suggester) -> None:
    held = HeldExecutor()
    models = TeamModels(small, executor=held, keep=1)
    tags, _ = _tags(small, 1)
    models.suggester("team:a", tags)
    models.suggester("team:b", tags)
    held.run_next()
    held.run_next()
    assert models.suggester("team:b", tags) is not small
    assert models.suggester("team:a", tags) is small
    assert len(held.jobs) == 1


def test_a_refit_that_cannot_be_queued_leaves_the_model_as_it_was(small: Suggester) -> None:
    gone = RefitWorker()
    gone.shutdown()
    models = TeamModels(small, executor=gone)
    tags, _ = _tags(small, 1)
    assert models.suggester("team:a", tags) is small
    # Nothing is left waiting, so nobody waits for it; the next request asks again.
    assert models.wait_until_idle(0)
    assert models.suggester("team:a", tags) is small


def test_the_default_worker_refits_in_the_background(small: Suggester) -> None:
    models = TeamModels(small)
    tags, target = _tags(small)
    assert models.suggester("team:a", tags) is small
    assert models.wait_until_idle(120)
    assert _top(models.suggester("team:a", tags), PHRASE) is target
    # The worker's thread does not hold up a stopping process: a refit lives only in memory.
    workers = [t for t in threading.enumerate() if t.name == "friction-refit"]
    assert workers
    assert all(t.daemon for t in workers)


def test_the_worker_runs_jobs_in_order_and_hands_back_their_failures() -> None:
    worker = RefitWorker("test-worker")
    seen: list[int] = []
    gate = threading.Event()
    first = worker.submit(gate.wait, 60)
    later = [worker.submit(seen.append, i) for i in range(3)]

    def fail() -> None:
        raise ValueError("no model")

    failed = worker.submit(fail)
    # Nothing after the first job starts before it ends: one job at a time.
    assert seen == []
    gate.set()
    assert first.result(60) is True
    assert [f.result(60) for f in later] == [None, None, None]
    assert seen == [0, 1, 2]
    with pytest.raises(ValueError, match="no model"):
        failed.result(60)

    worker.shutdown()
    with pytest.raises(RuntimeError):
        worker.submit(seen.append, 4)
    assert seen == [0, 1, 2]


_STOPS_MID_FIT = """
import subprocess
import sys
import threading
from twofold.insights.friction import TeamModels

class EndlessFit:
    fitted = False
    def warm(self):
        threading.Event().wait()

models = TeamModels(EndlessFit())
assert models.ready("team:a", []) is None
assert not models.wait_until_idle(0.2)
print("stopping")
"""


def test_a_process_stops_while_its_model_is_being_fitted() -> None:
    # A fit that never ends stands for a long one: the worker's thread must not hold the
    # process (a thread pool's would, until the fit ended).
    done = subprocess.run(
        [sys.executable, "-c", _STOPS_MID_FIT],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopping"
