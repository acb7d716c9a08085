"""Webhooks from Linear. A webhook carries `Linear-Signature: <hex>`, the HMAC-SHA256 of the
raw body under the webhook's signing secret; a request whose signature does not match is not
from Linear and changes nothing. Only Issue events are read: the issue's state after the
change, who made it, and when Linear sent it."""

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from twofold.integrations.linear.issues import IssueState, issue_state

ISSUE_ACTIONS = {"create", "update"}


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verified(secret: str, body: bytes, header: str | None) -> bool:
    if not header or not secret:
        return False
    return hmac.compare_digest(signature(secret, body), header.strip().lower())


def state_change(body: bytes) -> IssueState | None:
    """The issue's state after the event, with who made the change; None for events that
    are not about an issue."""
    try:
        event: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(event, dict) or event.get("type") != "Issue":
        return None
    if event.get("action") not in ISSUE_ACTIONS:
        return None
    actor = event.get("actor") or {}
    who = actor.get("name") if isinstance(actor, dict) else None
    seen = issue_state(event.get("data"), who if isinstance(who, str) else None)
    stamp = event.get("webhookTimestamp")
    if seen is not None and seen.at is None and isinstance(stamp, int):
        # The issue's own `updatedAt` dates the change; a retried delivery is sent later than
        # the change it carries, so its send time stands in only when that is missing.
        return replace(seen, at=datetime.fromtimestamp(stamp / 1000, UTC))
    return seen
