"""Webhooks from GitHub. A repository webhook made with a secret carries
`X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body under that secret; a
request whose signature does not match is not from GitHub and changes nothing. Of the `issues`
events only closing and reopening change an item; `ping` (sent when the webhook is made) and
everything else are accepted and ignored."""

import json
from typing import Any

from twofold.domain.connections import RemoteStatus
from twofold.integrations.github.issues import remote_status
from twofold.integrations.signatures import signature, verified

__all__ = ["signature", "status_change", "verified"]

STATUS_ACTIONS = {"closed", "reopened"}


def status_change(event_name: str | None, body: bytes, repository: str) -> RemoteStatus | None:
    """The issue's state after a closing or reopening, with who did it. An event from another
    repository is ignored: issue numbers are only unique within one, and a webhook made with
    the same secret elsewhere must not move this repository's items."""
    if event_name != "issues":
        return None
    try:
        event: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("action") not in STATUS_ACTIONS:
        return None
    where = event.get("repository") or {}
    name = where.get("full_name") if isinstance(where, dict) else None
    if not isinstance(name, str) or name.casefold() != repository.casefold():
        return None
    issue = event.get("issue")
    if not isinstance(issue, dict) or "pull_request" in issue:
        return None
    sender = event.get("sender") or {}
    who = sender.get("login") if isinstance(sender, dict) else None
    return remote_status(issue, who if isinstance(who, str) else None)
