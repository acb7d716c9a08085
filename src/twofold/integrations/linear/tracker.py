"""Linear as a `Tracker`: the protocol's steps in Linear's terms (a team found by its key, its
workflow states, labels, issues named by identifiers such as ENG-12)."""

import re
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
from twofold.domain.linear import LinearSettings
from twofold.integrations.linear import issues
from twofold.integrations.linear.client import LinearClient
from twofold.integrations.trackers import ClientTracker
from twofold.integrations.vendor_http import VendorError

IDENTIFIER = re.compile(r"\b([A-Z][A-Z0-9]{0,19}-\d{1,9})\b")
IN_URL = re.compile(r"/issue/([A-Za-z][A-Za-z0-9]{0,19}-\d{1,9})(?:[/?#]|$)")
# Linear's state types a reopened issue may move to, most wanted first.
REOPEN_TYPES = ("started", "unstarted")


def identifier(ref: str) -> str | None:
    """The issue identifier in what someone pasted: the identifier itself or an issue's
    address (linear.app/<workspace>/issue/ENG-12/<title>, whose title may hold digits)."""
    text = ref.strip()
    in_url = IN_URL.search(text)
    if in_url:
        return in_url.group(1).upper()
    found = IDENTIFIER.findall(text.upper())
    return found[-1] if len(found) == 1 else None


class LinearTracker(ClientTracker[LinearClient]):
    def __init__(self, settings: VendorSettings, token: str, timeout: float) -> None:
        assert isinstance(settings, LinearSettings)
        self.settings = settings
        self.client = LinearClient(settings.api_url, token, timeout)
        self._team: dict[str, Any] | None = None

    def _no_team(self) -> VendorError:
        key = self.settings.team_key
        return VendorError(
            f"Linear has no team {key}, or the API key's member is not in it.",
            "unknown_project",
            404,
        )

    def team(self) -> dict[str, Any]:
        """The team with its workflow states, asked for once per use of the tracker."""
        if self._team is None:
            found = self.client.call(issues.TEAM, {"key": self.settings.team_key})
            nodes = (found.get("teams") or {}).get("nodes") or []
            if not nodes:
                raise self._no_team()
            self._team = dict(nodes[0])
        return self._team

    def _ticket(self, issue: Any) -> Ticket:
        seen = issues.issue_state(issue)
        if seen is None:
            raise VendorError("Linear answered with an issue Twofold cannot read.", "error")
        done = self.settings.is_done(seen.state, seen.state_type)
        return Ticket(seen.key, seen.url, seen.state, done)

    def check(self) -> tuple[CheckStatus, str]:
        """The key works and the team is there. Linear cannot be asked whether the key may
        create issues without creating one, so a read-only key shows at the first push."""
        try:
            found = self.client.call(issues.CHECK, {"key": self.settings.team_key})
        except VendorError as exc:
            return exc.status, exc.message
        teams = (found.get("teams") or {}).get("nodes") or []
        if not teams:
            return "unknown_project", self._no_team().message
        viewer = found.get("viewer") or {}
        who = viewer.get("name") or viewer.get("email") or "the key's member"
        team = teams[0]
        return "ok", f"Connected as {who} to {team.get('name') or team['key']} ({team['key']})."

    def find_marked(self, marker: str) -> Ticket | None:
        found = self.client.call(issues.MARKED, {"key": self.settings.team_key, "marker": marker})
        nodes = (found.get("issues") or {}).get("nodes") or []
        return self._ticket(nodes[0]) if nodes else None

    def _label_ids(self, names: list[str]) -> list[str]:
        """The ids of labels by these names that the team may use (its own, or the
        workspace's), each created on the team when missing."""
        team_id = str(self.team()["id"])
        wanted = list(dict.fromkeys(n.strip()[:80] for n in names if n.strip()))
        have: dict[str, str] = {}
        for label in self.client.pages(issues.LABELS, {"names": wanted}, "issueLabels"):
            owner = (label.get("team") or {}).get("id")
            if owner in (None, team_id):
                have.setdefault(str(label["name"]).casefold(), str(label["id"]))
        ids = []
        for name in wanted:
            found = have.get(name.casefold())
            if found is None:
                made = self.client.call(
                    issues.LABEL_CREATE, {"input": {"name": name, "teamId": team_id}}
                )
                found = str(((made.get("issueLabelCreate") or {}).get("issueLabel") or {})["id"])
            ids.append(found)
        return ids

    def _user(self, email: str) -> str | None:
        found = self.client.call(issues.USER_BY_EMAIL, {"email": email.strip()})
        for user in (found.get("users") or {}).get("nodes") or []:
            if user.get("active", True) and user.get("id"):
                return str(user["id"])
        return None

    def create(self, item: Outgoing, marker: str) -> Ticket:
        team_id = str(self.team()["id"])
        labels = self._label_ids([SYNC_LABEL, *item.labels])
        assignee = self._user(item.assignee_email) if item.assignee_email else None
        made = self.client.call(
            issues.CREATE,
            {"input": issues.create_input(team_id, item, marker, labels, assignee)},
        )
        created = made.get("issueCreate") or {}
        if not created.get("success") or not isinstance(created.get("issue"), dict):
            raise VendorError("Linear did not create the issue.", "error")
        return self._ticket(created["issue"])

    def changed_since(self, since: datetime) -> Iterator[RemoteStatus]:
        where = issues.changed_filter(self.settings, SYNC_LABEL, since)
        for issue in self.client.pages(issues.CHANGED, {"filter": where}, "issues"):
            seen = issues.issue_state(issue)
            if seen is not None:
                yield issues.remote_status(self.settings, seen)

    def ticket(self, ref: str) -> Ticket:
        key = identifier(ref)
        if key is None:
            raise VendorError(
                f"{ref!r} names no Linear issue (such as {self.settings.team_key}-12).",
                "error",
                400,
            )
        try:
            found = self.client.call(issues.ONE, {"id": key})
        except VendorError as exc:
            if exc.http_status == 404:
                raise self._no_issue(key) from None
            raise
        if not isinstance(found.get("issue"), dict):
            raise self._no_issue(key)
        return self._ticket(found["issue"])

    def _no_issue(self, key: str) -> VendorError:
        return VendorError(
            f"Linear has no issue {key}, or the API key's member may not see it (404).",
            "error",
            404,
        )

    def _state_for(self, done: bool) -> dict[str, Any] | None:
        """The team's state an item's change leads to: the first done one (a state the team
        named, or of the Completed type); for a reopen, the first started one, else the first
        not yet started."""
        states: list[dict[str, Any]] = sorted(
            ((self.team().get("states") or {}).get("nodes") or []),
            key=lambda s: float(s.get("position") or 0),
        )

        def is_done(s: dict[str, Any]) -> bool:
            return self.settings.is_done(str(s.get("name", "")), s.get("type"))

        if done:
            return next((s for s in states if is_done(s)), None)
        for wanted in REOPEN_TYPES:
            found = next((s for s in states if s.get("type") == wanted and not is_done(s)), None)
            if found is not None:
                return found
        return None

    def move(self, key: str, done: bool) -> RemoteStatus | None:
        """A ticket already where it should be is left alone: an item moved from open to in
        progress does not send an issue in progress back to "Todo"."""
        if self.ticket(key).done is done:
            return None
        state = self._state_for(done)
        if state is None:
            return None
        moved = self.client.call(issues.UPDATE, {"id": key, "input": {"stateId": state["id"]}})
        if not (moved.get("issueUpdate") or {}).get("success"):
            raise VendorError(f"Linear did not move {key}.", "error")
        return RemoteStatus(key, str(state["name"]), done, None, datetime.now(UTC))
