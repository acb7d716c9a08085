"""Steps the sprint-signal tests share, whichever tracker they read: a worker with the tracker
and sprint handlers, run until it runs out of work, and the retro's sprint page asked for,
listed and picked through the API."""

from typing import Any

from tests.conftest import World
from twofold.domain.outbox import RetryPolicy
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.worker.runner import Worker
from twofold.worker.sprint_reads import sprint_handlers
from twofold.worker.trackers import tracker_handlers


def worker(ctx: Ctx, settings: Settings, attempts: int = 5) -> Worker:
    """As `worker.setup.worker_for` makes it, for trackers and sprints only."""
    handlers = {**tracker_handlers(ctx, settings), **sprint_handlers(ctx, settings)}
    return Worker(ctx, handlers, policy=RetryPolicy(max_attempts=attempts, first_delay=0))


def drain(w: Worker) -> None:
    for _ in range(20):
        if not w.run_once().handled:
            return
    raise AssertionError("the worker never ran out of work")


def connect(world: World, ctx: Ctx, settings: Settings, vendor: str, body: dict[str, Any]) -> None:
    payload = {"vendor": vendor, **body}
    world.pm.ok("POST", f"/api/teams/{world.team_id}/connections", 201, json=payload)
    drain(worker(ctx, settings))


def url(world: World) -> str:
    return f"/api/retros/{world.retro['id']}/tracker-sprint"


def listed(world: World, ctx: Ctx, settings: Settings) -> dict[str, Any]:
    asked = world.pm.ok("POST", url(world) + "/sprints", 202)
    assert (asked["stage"], asked["state"]) == ("sprints", "pending")
    drain(worker(ctx, settings))
    found: dict[str, Any] = world.pm.ok("GET", url(world))
    return found


def picked(world: World, ctx: Ctx, settings: Settings, sprint_id: str) -> dict[str, Any]:
    asked = world.pm.ok("POST", url(world), 202, json={"sprint_id": sprint_id})
    assert (asked["stage"], asked["state"]) == ("signals", "pending")
    drain(worker(ctx, settings))
    found: dict[str, Any] = world.eng.ok("GET", url(world))
    return found


def figures(page: dict[str, Any]) -> dict[str, Any]:
    """Each figure as read from the tracker."""
    return {f["field"]: f["from_tracker"] for f in page["figures"]}
