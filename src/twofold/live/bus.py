"""The fan-out bus: services publish recorded board events after commit, and whoever serves
live connections for that board subscribes. `MemoryBus` serves one process; a Redis-backed bus
with the same interface serves several.

Listeners take events in batches (what one commit recorded, or what one read from Redis
brought), so a hub wakes its event loop once per batch rather than once per event.

The same bus carries team notices: word that a team's page changed (see `TeamNotice`), for the
team pages people have open.

A bus shared between processes can be cut off (Redis down or not answering). Whoever serves
sockets can `watch` it: it is told when the link goes and comes back, so people can be told
their board may lag, and when to read what it missed from the log (see `LinkWatcher`)."""

from collections.abc import Callable, Mapping, Sequence
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

TeamChange = Literal["team", "members", "retros", "actions"]


@dataclass(frozen=True, slots=True)
class TeamNotice:
    """Something on a team's page changed: the team itself (its name), its members (someone
    joined, left or changed role), its list of retros, or an action item that moved without
    anyone in Twofold moving it (its ticket was done in the team's tracker). It carries nothing else: a page that
    hears it fetches what its reader may see, so the notice tells no one more than that the
    page changed, and only current members of the team are sent it (see `team_hub.py`)."""

    team_id: str
    what: TeamChange


TeamListener = Callable[[Sequence[TeamNotice]], None]


class LinkWatcher(Protocol):
    """Whoever serves live sockets, told how the bus to the other processes is doing. Both
    methods are called from the bus's own threads and must not block."""

    def link_changed(self, delayed: bool) -> None:
        """True once this process knows it is cut off from the other processes' events (their
        changes reach its sockets late); False once it hears them again."""
        ...

    def catch_up(self, heads: Mapping[str, int] | None) -> None:
        """Events may have been missed: read them from the log. `heads` names the boards
        (and the seq each has reached) another process could not announce; None means every
        board this process serves, after its own link to the bus came back."""
        ...


class Bus(Protocol):
    def publish(self, events: list[RecordedEvent]) -> None: ...

    def subscribe_all(self, listener: Listener) -> Callable[[], None]: ...

    def publish_team(self, notices: Sequence[TeamNotice]) -> None: ...

    def subscribe_team(self, listener: TeamListener) -> Callable[[], None]: ...

    def watch(self, watcher: LinkWatcher) -> Callable[[], None]: ...


def _nothing() -> None:
    return None


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

    def watch(self, watcher: LinkWatcher) -> Callable[[], None]:
        """One process is never cut off from itself: nothing to tell."""
        return _nothing
