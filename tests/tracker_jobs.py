"""What every tracker's integration tests do the same way, whichever the vendor: settings with a
public address, a worker running the tracker jobs (and, for the full worker, what trackers do
on team events), running it until it is out of work, and reading tickets and items back
through the API."""

from pathlib import Path
from typing import Any

from tests.conftest import Client, World, command, settings_for
from twofold.domain.outbox import RetryPolicy
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.worker.runner import Worker
from twofold.worker.subscriptions import Subscriptions
from twofold.worker.trackers import tracker_handlers, tracker_subscriptions

PUBLIC = "https://retro.example.com"


def tracker_settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path).model_copy(
        update={"public_url": PUBLIC, "integrations_timeout_seconds": 2.0}
    )


def jobs_worker(ctx: Ctx, settings: Settings, attempts: int = 5) -> Worker:
    policy = RetryPolicy(max_attempts=attempts, first_delay=0)
    return Worker(ctx, tracker_handlers(ctx, settings), policy=policy)


def full_worker(ctx: Ctx, settings: Settings) -> Worker:
    """The worker as an instance runs it for trackers: their jobs, and what they do on team
    events (pushing new items, moving tickets)."""
    subscriptions = Subscriptions()
    tracker_subscriptions(ctx, settings, subscriptions)
    handlers = {**subscriptions.handlers(), **tracker_handlers(ctx, settings)}
    return Worker(ctx, handlers, policy=RetryPolicy(max_attempts=5, first_delay=0))


def drain(worker: Worker) -> None:
    for _ in range(20):
        if not worker.run_once().handled:
            return
    raise AssertionError("the worker never ran out of work")


def new_action(world: World, title: str = "Fix the flaky deploy", **fields: Any) -> str:
    """An action item made on the world's retro, moved to discuss first when it is not."""
    rid = str(world.retro["id"])
    if world.owner.ok("GET", f"/api/retros/{rid}")["phase"] != "discuss":
        command(world.owner, rid, "set_phase", phase="discuss")
    result = command(world.pm, rid, "create_action", title=title, **fields)
    return str(result["result"]["action_id"])


def tickets(c: Client, team_id: str) -> dict[str, dict[str, Any]]:
    return {t["item_id"]: t for t in c.ok("GET", f"/api/teams/{team_id}/tickets")}


def action_status(c: Client, team_id: str, action_id: str) -> str:
    found = [a for a in c.ok("GET", f"/api/teams/{team_id}/actions") if a["id"] == action_id]
    return str(found[0]["status"])
