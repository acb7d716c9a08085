"""Errors raised by rules and use cases; the API turns each kind into one HTTP status.

A "not found" is also what someone gets for a thing they may not see, so that ids of other
teams' data cannot be probed.
"""

from typing import Any


class DomainError(Exception):
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details


class Invalid(DomainError):
    code = "bad_request"


class Unauthenticated(DomainError):
    code = "unauthenticated"


class Forbidden(DomainError):
    code = "forbidden"


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class Gone(DomainError):
    code = "gone"


class RateLimited(DomainError):
    code = "rate_limited"


class StorageUnavailable(DomainError):
    """The database cannot take this now (locked, out of space, read-only, unreachable); nothing
    was changed and the same request may simply be sent again after `retry_after` seconds.

    Kept apart from other errors so the API can answer 503 with `Retry-After` and the board
    socket can keep the command in the client's outbox instead of dropping the connection."""

    code = "storage_unavailable"

    def __init__(self, message: str, *, reason: str, retry_after: int, transient: bool) -> None:
        super().__init__(message, details={"reason": reason, "retry_after": retry_after})
        self.reason = reason
        self.retry_after = retry_after
        self.transient = transient
        """A dropped connection: a fresh one may well work at once, so a read is tried again."""
        self.cause = ""
        """What the database driver said, in one line, for the operator's log."""


def invalid_at(field: str, message: str) -> Invalid:
    """One field's problem, with the message exactly as worded (no field name in front)."""
    return Invalid(message, code="validation_error", details=[{"field": field, "message": message}])
