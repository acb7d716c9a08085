"""The fan-out bus: services publish recorded board events after commit, and whoever serves
live connections for that board subscribes. `MemoryBus` serves one process; a Redis-backed bus
with the same interface serves several.

Listeners take events in batches (what one commit recorded, or what one read from Redis
brought), so a hub wakes its event loop once per batch rather than once per event."""

from collections.abc import Callable, Sequence
from threading import Lock
from typing import Protocol

from twofold.domain.events import RecordedEvent


class LiveEvent(Protocol):
    """What fan-out needs of an event: where it belongs, its place in the board's sequence, who
    gets its full form, and the JSON a given viewer may see. A `RecordedEvent` is one; so is an
    event relayed between processes as already-serialised bodies."""

    @property
    def retro_id(self) -> str: ...

    @property
    def seq(self) -> int: ...

    @property
    def audience(self) -> str: ...

    def body(self, viewer: str) -> str: ...


Listener = Callable[[Sequence[LiveEvent]], None]


class Bus(Protocol):
    def publish(self, events: list[RecordedEvent]) -> None: ...

    def subscribe_all(self, listener: Listener) -> Callable[[], None]: ...


class MemoryBus:
    def __init__(self) -> None:
        self._everything: list[Listener] = []
        self._lock = Lock()

    def publish(self, events: Sequence[LiveEvent]) -> None:
        if not events:
            return
        with self._lock:
            listeners = list(self._everything)
        for listener in listeners:
            listener(events)

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._everything.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                self._everything.remove(listener)

        return unsubscribe
