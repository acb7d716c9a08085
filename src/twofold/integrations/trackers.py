"""What Twofold asks of a tracker (Jira, Linear, GitHub), whichever it is, and which client
speaks to each.

The worker holds a `Tracker` only, so pushing, polling, moving and linking are written once;
each vendor's package implements the protocol against its own API. A vendor's failures come
out as `VendorError` / `VendorUnavailable` (integrations/vendor_http.py).
"""

from collections.abc import Callable, Iterator
from datetime import datetime
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar

from twofold.domain.connections import (
    CheckStatus,
    Outgoing,
    RemoteStatus,
    Ticket,
    Vendor,
    VendorSettings,
)


class Tracker(Protocol):
    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def check(self) -> tuple[CheckStatus, str]:
        """Whether the connection can do what Twofold needs, in a sentence."""
        ...

    def find_marked(self, marker: str) -> Ticket | None:
        """The ticket an earlier push made for the item, found by its marker."""
        ...

    def create(self, item: Outgoing, marker: str) -> Ticket:
        """A new ticket carrying the marker, assigned to `item.assignee_email`'s person when
        the tracker knows that email."""
        ...

    def changed_since(self, since: datetime) -> Iterator[RemoteStatus]:
        """Twofold's tickets changed since then, for the polling fallback."""
        ...

    def ticket(self, ref: str) -> Ticket:
        """An existing ticket by its key or address, to link an item to; a ticket the tracker
        does not have is a `VendorError` with `http_status` 404."""
        ...

    def move(self, key: str, done: bool) -> RemoteStatus | None:
        """Close or reopen the ticket after its item changed in Twofold; None when the
        tracker's workflow offers no such step from where the ticket is."""
        ...


class Closable(Protocol):
    def __exit__(self, *exc: object) -> None: ...


C = TypeVar("C", bound=Closable)


class ClientTracker(Generic[C]):
    """A tracker holding one vendor client, closed when the tracker is left."""

    client: C

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.client.__exit__()


TrackerOpener = Callable[[VendorSettings, str, float], Tracker]
"""A vendor's client, from its settings, its opened token and a timeout in seconds."""


def _jira(settings: VendorSettings, token: str, timeout: float) -> Tracker:
    from twofold.integrations.jira.tracker import JiraTracker

    return JiraTracker(settings, token, timeout)


def _github(settings: VendorSettings, token: str, timeout: float) -> Tracker:
    from twofold.integrations.github.tracker import GitHubTracker

    return GitHubTracker(settings, token, timeout)


def _linear(settings: VendorSettings, token: str, timeout: float) -> Tracker:
    from twofold.integrations.linear.tracker import LinearTracker

    return LinearTracker(settings, token, timeout)


TRACKERS: dict[Vendor, TrackerOpener] = {"jira": _jira, "linear": _linear, "github": _github}


def open_tracker(vendor: Vendor, settings: VendorSettings, token: str, timeout: float) -> Tracker:
    return TRACKERS[vendor](settings, token, timeout)
