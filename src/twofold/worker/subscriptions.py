"""Who acts on team events: handlers subscribed per kind, where integrations plug in.

Every kind of team event gets an outbox handler, subscribed to or not: a kind nobody acts on
yet is marked done at once rather than left waiting for ever. A kind with several subscribers
runs them in turn for each row; should one raise, the row is tried again and all of them run
again, so a subscriber must tolerate being told twice (as every outbox handler must).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from twofold.domain.team_events import TEAM_EVENTS, TeamEvent, parse
from twofold.worker.runner import Handler

E = TypeVar("E", bound=TeamEvent)


class Subscriptions:
    def __init__(self) -> None:
        self._by_kind: dict[str, list[Callable[[Any], None]]] = {}

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> None:
        self._by_kind.setdefault(event_type.kind, []).append(handler)

    def subscribed(self, kind: str) -> int:
        return len(self._by_kind.get(kind, ()))

    def handlers(self) -> dict[str, Handler]:
        """An outbox handler for every kind of team event."""
        return {kind: self._handler(kind) for kind in TEAM_EVENTS}

    def _handler(self, kind: str) -> Handler:
        subscribers = tuple(self._by_kind.get(kind, ()))

        def handle(payload: dict[str, Any]) -> None:
            if not subscribers:
                return
            event = parse(kind, payload)
            for subscriber in subscribers:
                subscriber(event)

        return handle
