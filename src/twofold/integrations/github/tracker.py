"""GitHub Issues as a `Tracker`: the protocol's steps in GitHub's terms (labels, the `since`
listing, open and closed with a reason).

Owners are not assigned: GitHub finds no one by an email address the person has not made
public, so an issue is left for the team to assign.
"""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from twofold.domain.connections import (
    SYNC_LABEL,
    CheckStatus,
    Outgoing,
    RemoteStatus,
    Ticket,
    VendorSettings,
)
from twofold.domain.github import GitHubSettings
from twofold.integrations.github import issues
from twofold.integrations.github.client import GitHubClient
from twofold.integrations.trackers import ClientTracker
from twofold.integrations.vendor_http import VendorError


class GitHubTracker(ClientTracker[GitHubClient]):
    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, GitHubSettings)
        self.settings = settings
        self.client = GitHubClient(settings.api_url, settings.repository, token, timeout)

    def check(self) -> tuple[CheckStatus, str]:
        """The token works, the repository is there and visible to it, issues are turned on,
        and the account may write there (GitHub drops the labels of an issue made by someone
        without write access, and Twofold finds its issues by them)."""
        repository = self.settings.repository
        try:
            found = self.client.repo()
        except VendorError as exc:
            return exc.status, exc.message
        if found.get("has_issues") is False:
            return "error", (
                f"Issues are turned off in {repository}: turn them on under the repository's "
                "Settings → General → Features."
            )
        permissions = found.get("permissions")
        if isinstance(permissions, dict) and not permissions.get("push"):
            return "forbidden", (
                f"The token's account has no write access to {repository}: GitHub would drop "
                "the labels Twofold finds its issues by. Give the account write access."
            )
        name = found.get("full_name") or repository
        return "ok", f"Connected to {name}: issues are on and the account may write there."

    def find_marked(self, marker: str) -> Ticket | None:
        earlier = next(self.client.issues({"labels": marker, "state": "all"}), None)
        return issues.ticket(earlier) if earlier is not None else None

    def create(self, item: Outgoing, marker: str) -> Ticket:
        return issues.ticket(self.client.create_issue(issues.new_issue(item, marker)))

    def changed_since(self, since: datetime) -> Iterator[RemoteStatus]:
        stamp = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        query = {"labels": SYNC_LABEL, "state": "all", "since": stamp}
        for issue in self.client.issues(query):
            seen = issues.remote_status(issue)
            if seen is not None:
                yield seen

    def _issue(self, number: int) -> dict[str, Any]:
        found = self.client.issue(number)
        if "pull_request" in found:
            raise VendorError(
                f"#{number} in {self.settings.repository} is a pull request; link an issue "
                "instead.",
                "error",
                400,
            )
        return found

    def ticket(self, ref: str) -> Ticket:
        try:
            number = issues.parse_ref(ref, self.settings.repository)
        except issues.BadRef as exc:
            raise VendorError(str(exc), "error", 400) from None
        return issues.ticket(self._issue(number))

    def move(self, key: str, done: bool) -> RemoteStatus | None:
        """Closed as completed, or reopened. An issue already where it should be is left
        alone, and so is one closed as not planned when its item is done here: someone
        decided that in GitHub, and GitHub keeps no other reason without reopening it."""
        number = issues.number_of(key)
        now = issues.remote_status(self._issue(number))
        if now is None or now.done is done:
            return None
        closed = now.status != "Open"
        if done and closed:
            return None
        change = (
            {"state": "closed", "state_reason": "completed"}
            if done
            else {"state": "open", "state_reason": "reopened"}
        )
        moved = issues.remote_status(self.client.update_issue(number, change))
        if moved is None:
            return None
        return RemoteStatus(moved.key, moved.status, moved.done, None, datetime.now(UTC))
