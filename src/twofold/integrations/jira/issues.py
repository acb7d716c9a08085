"""What Twofold sends Jira for an item, and what it reads back of an issue.

A description is an Atlassian Document Format document (Jira's v3 API takes no plain text):
the item's own text, then a paragraph linking back to the item in Twofold.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from twofold.domain.connections import SYNC_LABEL, JiraSettings, Outgoing, RemoteStatus

STATUS_FIELDS = ["status", "updated"]


def paragraph(*content: dict[str, Any]) -> dict[str, Any]:
    return {"type": "paragraph", "content": list(content)}


def text(value: str, href: str | None = None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "text", "text": value}
    if href:
        node["marks"] = [{"type": "link", "attrs": {"href": href}}]
    return node


def description(item: Outgoing) -> dict[str, Any]:
    blocks = [paragraph(text(line)) for line in item.text.splitlines() if line.strip()]
    blocks.append(paragraph(text("From Twofold: "), text(item.link, item.link)))
    return {"type": "doc", "version": 1, "content": blocks}


def label(value: str) -> str:
    """Jira labels are one word: spaces become hyphens."""
    return "-".join(value.split())[:255]


def fields(settings: JiraSettings, item: Outgoing, marker: str) -> dict[str, Any]:
    labels = [SYNC_LABEL, marker, *(label(v) for v in item.labels)]
    out: dict[str, Any] = {
        "project": {"key": settings.project_key},
        "issuetype": {"name": settings.issue_type},
        "summary": item.title[:255],
        "description": description(item),
        "labels": list(dict.fromkeys(labels)),
    }
    if item.due is not None:
        out["duedate"] = item.due.isoformat()
    return out


def by_marker(settings: JiraSettings, marker: str) -> str:
    return f'project = "{settings.project_key}" AND labels = "{marker}"'


def changed_since(settings: JiraSettings, minutes: int) -> str:
    """Twofold's tickets updated in the last `minutes`; relative, so the site's time zone
    (which JQL dates are read in) does not matter."""
    return (
        f'project = "{settings.project_key}" AND labels = "{SYNC_LABEL}" '
        f"AND updated >= -{max(1, minutes)}m ORDER BY updated ASC"
    )


@dataclass(frozen=True)
class IssueStatus:
    key: str
    status: str
    category: str | None
    by: str | None
    at: datetime | None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None


def issue_status(issue: dict[str, Any], by: str | None = None) -> IssueStatus | None:
    """The status of an issue as search results and webhooks both carry it."""
    key = issue.get("key")
    found = (issue.get("fields") or {}).get("status") or {}
    name = found.get("name")
    if not isinstance(key, str) or not isinstance(name, str):
        return None
    category = (found.get("statusCategory") or {}).get("key")
    updated = _when((issue.get("fields") or {}).get("updated"))
    return IssueStatus(key, name, category if isinstance(category, str) else None, by, updated)


def remote_status(settings: JiraSettings, found: IssueStatus) -> RemoteStatus:
    done = settings.is_done(found.status, found.category)
    return RemoteStatus(found.key, found.status, done, found.by, found.at)
