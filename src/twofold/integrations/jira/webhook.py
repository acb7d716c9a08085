"""Webhooks from Jira Cloud. An admin webhook registered with a secret carries
`X-Hub-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw body under that secret; a request
whose signature does not match is not from Jira and changes nothing."""

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from twofold.integrations.jira.issues import IssueStatus, issue_status
from twofold.integrations.signatures import signature, verified

__all__ = ["signature", "status_change", "verified"]

ISSUE_EVENTS = {"jira:issue_updated", "jira:issue_created"}


def status_change(body: bytes) -> IssueStatus | None:
    """The issue's status after the event, with who made the change; None for events that
    are not about an issue."""
    try:
        event: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("webhookEvent") not in ISSUE_EVENTS:
        return None
    issue = event.get("issue")
    if not isinstance(issue, dict):
        return None
    user = event.get("user") or {}
    who = user.get("displayName") if isinstance(user, dict) else None
    seen = issue_status(issue, who if isinstance(who, str) else None)
    stamp = event.get("timestamp")
    if seen is not None and isinstance(stamp, int):
        # When the change happened, to the millisecond, rather than the issue's `updated`.
        return replace(seen, at=datetime.fromtimestamp(stamp / 1000, UTC))
    return seen
