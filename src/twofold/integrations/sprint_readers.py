"""What Twofold asks of a tracker to fill a retro's sprint signals: the sprints it plans in (a
Jira sprint, a Linear cycle, a GitHub milestone or project iteration) and the history of one of them, in
`domain.sprint_history`'s shapes. The worker holds a `SprintReader` only, so listing, reading
and working out the figures are written once; each vendor's package maps its own API.

A vendor's failures come out as `VendorError` / `VendorUnavailable`
(integrations/vendor_http.py), as for `Tracker`.
"""

from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, Self

from twofold.domain.connections import Vendor, VendorSettings
from twofold.domain.sprint_figures import Rules
from twofold.domain.sprint_history import Issue, Sprint


class SprintReader(Protocol):
    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def rules(self) -> Rules:
        """What the team's settings say its figures mean."""
        ...

    def list_sprints(self) -> list[dict[str, Any]]:
        """The started sprints to pick from, newest first: `id`, `name`, `state`, `board`
        (where they belong: a Jira board, a Linear team, a repository), `start`, `end`."""
        ...

    def read_sprint(self, sprint_id: str) -> tuple[Sprint, list[Issue]]:
        """The sprint, and every issue that was in it at any time since it started."""
        ...


SprintReaderOpener = Callable[[VendorSettings, str, float], SprintReader]


def _jira(settings: VendorSettings, token: str, timeout: float) -> SprintReader:
    from twofold.integrations.jira.sprints import JiraSprints

    return JiraSprints(settings, token, timeout)


def _linear(settings: VendorSettings, token: str, timeout: float) -> SprintReader:
    from twofold.integrations.linear.cycles import LinearCycles

    return LinearCycles(settings, token, timeout)


def _github(settings: VendorSettings, token: str, timeout: float) -> SprintReader:
    from twofold.domain.github import GitHubSettings
    from twofold.integrations.github.iterations import GitHubIterations
    from twofold.integrations.github.milestones import GitHubMilestones

    if isinstance(settings, GitHubSettings) and settings.project:
        return GitHubIterations(settings, token, timeout)
    return GitHubMilestones(settings, token, timeout)


SPRINT_READERS: dict[Vendor, SprintReaderOpener] = {
    "jira": _jira,
    "linear": _linear,
    "github": _github,
}


def open_sprint_reader(
    vendor: Vendor, settings: VendorSettings, token: str, timeout: float
) -> SprintReader:
    return SPRINT_READERS[vendor](settings, token, timeout)
