"""Identifiers and clock for new rows, in one place so tests and the demo get the same kind."""

import secrets
import uuid
from datetime import UTC, datetime


def new_id() -> str:
    return uuid.uuid4().hex


def new_secret() -> str:
    """An unguessable token for links, cookies and API tokens (256 bits)."""
    return secrets.token_urlsafe(32)


def now() -> datetime:
    return datetime.now(UTC)
