"""Loading at start what the first person to ask would otherwise wait for.

The friction suggester fits its model on first use (seconds, on thousands of example cards),
and the same-situation odds count word frequencies over those cards on first use (half a
second). Done in a request, the first card typed gets no suggestion and the first *Suggest
groups* waits. Done here, in a thread beside the server, nobody waits; a failure is logged and
leaves both to load on first use as before.
"""

import logging
import threading
from collections.abc import Callable

from twofold.insights.situations import warm as warm_situations
from twofold.services.context import Ctx

log = logging.getLogger("twofold.warm_up")


def warm_up(ctx: Ctx) -> None:
    loads: list[tuple[str, Callable[[], None]]] = [("same-situation odds", warm_situations)]
    if ctx.friction_suggestions:
        loads.insert(0, ("friction suggester", ctx.friction.base().warm))
    for name, load in loads:
        try:
            load()
        except Exception:
            log.exception("The %s could not be loaded at start; it loads on first use.", name)
        else:
            log.info("The %s is loaded.", name)


def start_warm_up(ctx: Ctx) -> threading.Thread:
    """Starts `warm_up` in a daemon thread, so that stopping the server never waits for it."""
    thread = threading.Thread(target=warm_up, args=(ctx,), name="twofold-warm-up", daemon=True)
    thread.start()
    return thread
