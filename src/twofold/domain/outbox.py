"""Work handed from a request to the worker: what one outbox item is, when a failed one is
tried again, and what is left of its payload once it is over."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

SENSITIVE = "sensitive"
"""Payload key listing the keys whose values must not outlive the work (one-time links)."""
REMOVED = "(removed once the work was over)"

State = Literal["pending", "failed", "done"]


@dataclass(frozen=True)
class OutboxItem:
    id: str
    kind: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    available_at: datetime
    done_at: datetime | None = None
    failed_at: datetime | None = None
    last_error: str | None = None
    team_id: str | None = None
    claimed_by: str | None = None
    claim_expires_at: datetime | None = None

    @property
    def state(self) -> State:
        """`done`, `failed` (every attempt used), or `pending` (new, being worked on, or
        waiting to be tried again)."""
        if self.done_at is not None:
            return "done"
        return "failed" if self.failed_at is not None else "pending"


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: float = 30.0
    longest_delay: float = 3600.0

    def delay_after(self, attempts: int, at_least: float | None = None) -> float:
        """Seconds before the next try once `attempts` tries have failed: doubling each time,
        so a mail server down for a minute costs a minute, and one down for hours is not
        hammered. `at_least`: what the far end asked us to wait (Retry-After), when longer."""
        doublings = min(max(attempts - 1, 0), 32)
        own = self.first_delay * 2.0**doublings
        return min(self.longest_delay, max(own, at_least or 0.0))

    def gives_up_after(self, attempts: int) -> bool:
        return attempts >= self.max_attempts


def redacted(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as it may stay in the database once the work is done or abandoned: the
    values of its sensitive keys replaced, so no one-time secret lingers in the table."""
    keys = payload.get(SENSITIVE)
    if not isinstance(keys, list) or not keys:
        return payload
    kept = {k: (REMOVED if k in keys else v) for k, v in payload.items() if k != SENSITIVE}
    kept["redacted"] = True
    return kept


def error_text(exc: BaseException, limit: int = 500) -> str:
    """What is kept of a failure: its kind and message, short enough for a table cell."""
    text = f"{type(exc).__name__}: {exc}".strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


class GiveUp(Exception):
    """Raised by a handler whose far end refused in a way trying again cannot mend (a revoked
    token, a project that is gone, a ticket that does not exist): the row is given up at once,
    its error kept for people to read, rather than failing the same way until the attempts run
    out. A `TryLater` that is also a `GiveUp` is tried again."""


class TryLater(Exception):
    """Raised by a handler whose far end asked to be left alone for a while (HTTP 429 or 503
    with Retry-After): the next try waits at least `after_seconds`, longer if the retry
    policy's own delay is longer."""

    after_seconds: float | None = None
