"""The audit log's vocabulary: which security-relevant things are recorded, and the shape of a
recorded one. The set of kinds is closed, so the owner's filters, the exports and the tests all
know every kind there can be."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class AuditKind(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SSO_SIGN_IN = "sso_sign_in"
    SSO_LINKED = "sso_linked"
    PASSWORD_RESET_LINK = "password_reset_link"  # noqa: S105 - a kind, not a secret
    PASSWORD_RESET = "password_reset"  # noqa: S105 - a kind, not a secret
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a kind, not a secret
    EMAIL_CHANGED = "email_changed"
    OWNER_CHANGED = "owner_changed"
    MEMBER_CHANGED = "member_changed"
    MEMBER_REMOVED = "member_removed"
    INVITE_CREATED = "invite_created"
    INVITE_REVOKED = "invite_revoked"
    SHARE_CREATED = "share_created"
    SHARE_REVOKED = "share_revoked"
    EXPORT_DOWNLOADED = "export_downloaded"
    CONNECTION_CREATED = "connection_created"
    CONNECTION_CHANGED = "connection_changed"
    CONNECTION_REMOVED = "connection_removed"
    INTEGRATION_KEY_ROTATED = "integration_key_rotated"
    RETRO_DELETED = "retro_deleted"
    DATA_EXPORTED = "data_exported"
    ACCOUNT_DELETED = "account_deleted"


UNKNOWN_ACCOUNT = "unknown account"
"""What a failed sign-in records for an address no account has: what was typed there is not
kept, as it may be a password typed into the wrong field, or someone else's address."""

FORMER_MEMBER = "a former member"
"""How a deleted account is named wherever something of theirs stays (cards, the audit log)."""

DETAIL_MAX_CHARS = 2000
"""An event's detail is a few facts (a role, a vendor, a format), never content."""


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: datetime
    kind: AuditKind
    actor_id: str | None
    actor_label: str
    team_id: str | None
    target: str | None
    ip: str | None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditFilter:
    kinds: tuple[AuditKind, ...] = ()
    actor: str | None = None
    """An account id, or text found in the label kept for display."""
    since: datetime | None = None
    until: datetime | None = None
