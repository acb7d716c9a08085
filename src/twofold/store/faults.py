"""Which database errors mean "the storage cannot take this now" rather than a bug.

A locked SQLite file, a full disk, a read-only write-ahead log or a PostgreSQL backend that was
terminated all surface as driver errors deep inside a query. Left alone they become a 500 and a
traceback, although nothing is wrong with the request: it can be sent again once the fault
passes. Here they are recognised (by SQLite's error name and PostgreSQL's SQLSTATE, never by
parsing prose where a code exists) and turned into `StorageUnavailable`, which the API answers
with 503 and the board socket with `retry_later`.
"""

import sqlite3

import psycopg
from sqlalchemy import exc as sa

from twofold.domain.errors import StorageUnavailable

RETRY_AFTER = {"locked": 2, "unreachable": 1, "disk": 10, "read_only": 10}
"""Seconds to suggest before trying again, by reason: a lock or a dropped connection passes
quickly; a full disk or a read-only file needs someone to act."""

_STATE = {
    "locked": "busy with other work",
    "unreachable": "not reachable",
    "disk": "unable to write to its disk",
    "read_only": "read-only",
}

_SQLITE = (
    ("SQLITE_BUSY", "locked"),
    ("SQLITE_LOCKED", "locked"),
    ("SQLITE_PROTOCOL", "locked"),
    ("SQLITE_FULL", "disk"),
    ("SQLITE_IOERR", "disk"),
    ("SQLITE_READONLY", "read_only"),
    ("SQLITE_CANTOPEN", "unreachable"),
)

_PG_LOCKED = frozenset({"55P03", "40001", "40P01", "57014"})


def _sqlite_reason(error: sqlite3.Error) -> str | None:
    name = getattr(error, "sqlite_errorname", "") or ""
    return next((reason for prefix, reason in _SQLITE if name.startswith(prefix)), None)


def _pg_reason(error: psycopg.Error) -> str | None:
    state = error.sqlstate or ""
    if state in _PG_LOCKED:
        return "locked"
    if state == "25006":
        return "read_only"
    if state.startswith("53"):
        return "unreachable" if state == "53300" else "disk"
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return "unreachable"
    if isinstance(error, psycopg.InterfaceError) or (
        isinstance(error, psycopg.OperationalError) and not state
    ):
        # The connection itself went away (no SQLSTATE: the server never answered).
        return "unreachable"
    return None


def reason_of(error: BaseException) -> str | None:
    """The kind of storage fault `error` is, or None when it is something else."""
    if isinstance(error, sa.TimeoutError):  # every pooled connection busy for too long
        return "unreachable"
    if isinstance(error, sa.DBAPIError):
        if error.connection_invalidated:
            return "unreachable"
        if error.orig is not None:
            return reason_of(error.orig)
        return None
    if isinstance(error, sqlite3.Error):
        return _sqlite_reason(error)
    if isinstance(error, psycopg.Error):
        return _pg_reason(error)
    return None


def storage_fault(error: BaseException) -> StorageUnavailable | None:
    """`error` as a `StorageUnavailable`, or None when it is not a storage fault."""
    reason = reason_of(error)
    if reason is None:
        return None
    fault = unavailable(reason)
    fault.cause = _first_line(error)
    return fault


def unavailable(reason: str) -> StorageUnavailable:
    """The fault for `reason` (a key of `RETRY_AFTER`), worded for the person who sees it."""
    retry_after = RETRY_AFTER[reason]
    return StorageUnavailable(
        f"The database is {_STATE[reason]} just now, so nothing was changed. "
        f"Try again in {retry_after} seconds.",
        reason=reason,
        retry_after=retry_after,
        transient=reason == "unreachable",
    )


def _first_line(error: BaseException) -> str:
    inner = error.orig if isinstance(error, sa.DBAPIError) and error.orig else error
    text = str(inner).strip().splitlines()
    return f"{type(inner).__name__}: {text[0] if text else ''}"[:200]
