"""The worker's part in the company view's rollups: recount what a change queued."""

from typing import Any

from twofold.services.context import Ctx
from twofold.services.rollups import do_refresh
from twofold.worker.runner import Handler


def rollup_handler(ctx: Ctx) -> Handler:
    """Recounting twice is harmless: each recount writes what it saw, at the version it saw."""

    def handle(payload: dict[str, Any]) -> None:
        do_refresh(ctx, payload)

    return handle
