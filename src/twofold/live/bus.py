"""The fan-out bus: services publish recorded board events after commit, and whoever serves
live connections for that board subscribes. `MemoryBus` serves one process; a Redis-backed bus
with the same interface serves several.

Listeners take events in batches (what one commit recorded, or what one read from Redis
brought), so a hub wakes its event loop once per batch rather than once per event.

The same bus carries team notices: word that a team's page changed (see `TeamNotice`), for the
team pages people have open."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from threading import Lock
from typing import Literal, Protocol

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

TeamChange = Literal["team", "members", "retros"]


@dataclass(frozen=True, slots=True)
class TeamNotice:
    """Something on a team's page changed: the team itself (its name), its members (someone
    joined, left or changed role) or its list of retros. It carries nothing else: a page that
    hears it fetches what its reader may see, so the notice tells no one more than that the
    page changed, and only current members of the team are sent it (see `team_hub.py`)."""

    team_id: str
    what: TeamChange


TeamListener = Callable[[Sequence[TeamNotice]], None]


class Bus(Protocol):
    def publish(self, events: list[RecordedEvent]) -> None: ...

    def subscribe_all(self, listener: Listener) -> Callable[[], None]: ...

    def publish_team(self, notices: Sequence[TeamNotice]) -> None: ...

    def subscribe_team(self, listener: TeamListener) -> Callable[[], None]: ...


class MemoryBus:
    def __init__(self) -> None:
        self._everything: list[Listener] = []
        self._teams: list[TeamListener] = []
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

    def publish_team(self, notices: Sequence[TeamNotice]) -> None:
        if not notices:
            return
        with self._lock:
            listeners = list(self._teams)
        for listener in listeners:
            listener(notices)

    def subscribe_team(self, listener: TeamListener) -> Callable[[], None]:
        with self._lock:
            self._teams.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                self._teams.remove(listener)

        return unsubscribe
