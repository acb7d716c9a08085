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
