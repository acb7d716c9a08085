"""Jira as a `Tracker`: the protocol's steps in Jira's terms (JQL searches, transitions,
Atlassian accounts)."""

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from twofold.domain.connections import (
    CheckStatus,
    JiraSettings,
    Outgoing,
    RemoteStatus,
    Ticket,
    VendorSettings,
)
from twofold.integrations.jira import client as jira
from twofold.integrations.jira import issues
from twofold.integrations.trackers import ClientTracker
from twofold.integrations.vendor_http import VendorError

ISSUE_KEY = re.compile(r"\b([A-Z][A-Z0-9_]{0,19}-\d{1,9})\b")
# Jira's status categories a reopened ticket may move to, most wanted first.
REOPEN_CATEGORIES = ("indeterminate", "new")


def issue_key(ref: str) -> str | None:
    """The issue key in what someone pasted: the key itself or a browse/board address."""
    found = ISSUE_KEY.findall(ref.strip().upper())
    return found[-1] if found else None


class JiraTracker(ClientTracker[jira.JiraClient]):
    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, JiraSettings)
        self.settings = settings
        self.client = jira.JiraClient(
            jira.Account(settings.site_url, settings.email, token), timeout
        )

    def _ticket(self, issue: dict[str, Any]) -> Ticket:
        key = str(issue["key"])
        seen = issues.issue_status(issue)
        done = self.settings.is_done(seen.status, seen.category) if seen else None
        return Ticket(key, self.client.browse_url(key), seen.status if seen else None, done)

    def check(self) -> tuple[CheckStatus, str]:
        return jira.check(self.client, self.settings.project_key)

    def find_marked(self, marker: str) -> Ticket | None:
        query = issues.by_marker(self.settings, marker)
        earlier = next(self.client.search(query, issues.STATUS_FIELDS), None)
        return self._ticket(earlier) if earlier is not None else None

    def create(self, item: Outgoing, marker: str) -> Ticket:
        fields = issues.fields(self.settings, item, marker)
        if item.assignee_email:
            account = self.client.user_by_email(item.assignee_email)
            if account is not None:
                fields["assignee"] = {"id": account}
        created = self.client.create_issue(fields)
        return Ticket(created.key, created.url)

    def changed_since(self, since: datetime) -> Iterator[RemoteStatus]:
        minutes = int((datetime.now(UTC) - since).total_seconds() // 60) + 1
        for issue in self.client.search(
            issues.changed_since(self.settings, minutes), issues.STATUS_FIELDS
        ):
            seen = issues.issue_status(issue)
            if seen is not None:
                yield issues.remote_status(self.settings, seen)

    def ticket(self, ref: str) -> Ticket:
        key = issue_key(ref)
        if key is None:
            raise VendorError(f"{ref!r} names no Jira issue (such as OPS-12).", "error", 400)
        try:
            found = self.client.issue(key, issues.STATUS_FIELDS)
        except VendorError as exc:
            if exc.http_status == 404:
                raise VendorError(
                    f"Jira has no issue {key}, or {self.settings.email} may not see it (404).",
                    "error",
                    404,
                ) from None
            raise
        return self._ticket(found)

    def move(self, key: str, done: bool) -> RemoteStatus | None:
        """The first transition into a done status (one the team named, or Jira's Done
        category); reopening takes one out of it, to "in progress" rather than "to do" when
        both are offered. A ticket already where it should be is left alone: an item moved
        from open to in progress does not send a ticket in progress back to "to do"."""
        if self.ticket(key).done is done:
            return None
        offered = self.client.transitions(key)

        def target(t: dict[str, object]) -> tuple[str, str | None]:
            to = t.get("to") if isinstance(t.get("to"), dict) else {}
            assert isinstance(to, dict)
            category = (to.get("statusCategory") or {}).get("key")
            return str(to.get("name", "")), category if isinstance(category, str) else None

        chosen: dict[str, object] | None = None
        if done:
            chosen = next((t for t in offered if self.settings.is_done(*target(t))), None)
        else:
            for wanted in REOPEN_CATEGORIES:
                chosen = next(
                    (
                        t
                        for t in offered
                        if target(t)[1] == wanted and not self.settings.is_done(*target(t))
                    ),
                    None,
                )
                if chosen is not None:
                    break
        if chosen is None:
            return None
        self.client.transition(key, str(chosen["id"]))
        name, _ = target(chosen)
        return RemoteStatus(key, name, done, None, datetime.now(UTC))
