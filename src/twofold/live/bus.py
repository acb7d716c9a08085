"""The fan-out bus: services publish recorded board events after commit, and whoever serves
live connections for that board subscribes. `MemoryBus` serves one process; a Redis-backed bus
with the same interface serves several."""

from collections.abc import Callable
from threading import Lock
from typing import Protocol

from twofold.domain.events import RecordedEvent

Listener = Callable[[RecordedEvent], None]


class Bus(Protocol):
    def publish(self, events: list[RecordedEvent]) -> None: ...

    def subscribe_all(self, listener: Listener) -> Callable[[], None]: ...


class MemoryBus:
    def __init__(self) -> None:
        self._everything: list[Listener] = []
        self._lock = Lock()

    def publish(self, events: list[RecordedEvent]) -> None:
        for event in events:
            with self._lock:
                listeners = list(self._everything)
            for listener in listeners:
                listener(event)

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._everything.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                self._everything.remove(listener)

        return unsubscribe
