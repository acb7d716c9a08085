"""What Twofold sends GitHub for an item, and what it reads back of an issue.

An issue's body is Markdown: the item's own text, its due date (GitHub issues have no due date
field of their own), then a line linking back to the item in Twofold. Labels are what the
polling and the retried push find Twofold's issues by; GitHub creates a label the first time
an issue carries it.
"""

import re
from datetime import datetime
from typing import Any

from twofold.domain.connections import SYNC_LABEL, Outgoing, RemoteStatus, Ticket
from twofold.domain.github import is_done, status_name

LABEL_MAX = 50
TITLE_MAX = 256
BODY_MAX = 60_000
"""GitHub refuses a body longer than 65,536 characters; an item's text is far shorter."""

# `#12`, `12`, `owner/repo#12`, or an issue's (or pull request's) address.
NUMBER_REF = re.compile(r"^#?(\d{1,9})$")
REPO_REF = re.compile(r"^([\w.-]+/[\w.-]+)#(\d{1,9})$")
URL_REF = re.compile(r"^https?://[^/\s]+/([\w.-]+/[\w.-]+)/(issues|pull)/(\d{1,9})(?:[/?#].*)?$")


class BadRef(ValueError):
    """What someone pasted names no issue of this repository; the message says why."""


def parse_ref(ref: str, repository: str) -> int:
    """The issue number in what someone pasted, when it names an issue of `repository`."""
    text = ref.strip()
    found = NUMBER_REF.match(text)
    if found:
        return int(found.group(1))
    repo, number, kind = "", "", "issues"
    if found := REPO_REF.match(text):
        repo, number = found.group(1), found.group(2)
    elif found := URL_REF.match(text):
        repo, kind, number = found.group(1), found.group(2), found.group(3)
    else:
        raise BadRef(f"{ref!r} names no GitHub issue (such as #12 or {repository}#12).")
    if repo.casefold() != repository.casefold():
        raise BadRef(f"{ref!r} is in {repo}; this team's issues are in {repository}.")
    if kind != "issues":
        raise BadRef(f"{ref!r} is a pull request; link an issue instead.")
    return int(number)


def label(value: str) -> str:
    """GitHub labels take spaces, but at most 50 characters."""
    return " ".join(value.split())[:LABEL_MAX]


def body(item: Outgoing) -> str:
    parts = [item.text.strip()] if item.text.strip() else []
    if item.due is not None:
        parts.append(f"Due {item.due.isoformat()}.")
    parts.append(f"From Twofold: {item.link}")
    return "\n\n".join(parts)[:BODY_MAX]


def new_issue(item: Outgoing, marker: str) -> dict[str, Any]:
    labels = [SYNC_LABEL, marker, *(label(v) for v in item.labels if v.strip())]
    return {
        "title": item.title[:TITLE_MAX],
        "body": body(item),
        "labels": list(dict.fromkeys(labels)),
    }


def key(number: int) -> str:
    return f"#{number}"


def number_of(key: str) -> int:
    return int(key.lstrip("#"))


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def remote_status(issue: dict[str, Any], by: str | None = None) -> RemoteStatus | None:
    """An issue's state as listings, single issues and webhooks all carry it."""
    number = issue.get("number")
    state = issue.get("state")
    if not isinstance(number, int) or state not in ("open", "closed"):
        return None
    reason = issue.get("state_reason")
    reason = reason if isinstance(reason, str) else None
    at = _when(issue.get("updated_at"))
    return RemoteStatus(key(number), status_name(state, reason), is_done(state, reason), by, at)


def ticket(issue: dict[str, Any]) -> Ticket:
    seen = remote_status(issue)
    return Ticket(
        key(int(issue["number"])),
        str(issue.get("html_url") or ""),
        seen.status if seen else None,
        seen.done if seen else None,
    )
