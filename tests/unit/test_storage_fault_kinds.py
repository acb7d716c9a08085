"""Which errors count as storage faults (answered 503 / `retry_later`) and which stay bugs,
from real SQLite errors."""

import sqlite3
from pathlib import Path

import pytest

from twofold.store.faults import reason_of, storage_fault


def _error_of(db: sqlite3.Connection, sql: str) -> sqlite3.Error:
    with pytest.raises(sqlite3.Error) as caught:
        db.execute(sql)
    return caught.value


def test_a_lock_held_elsewhere_is_locked(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (a INTEGER)")
    holder.execute("BEGIN EXCLUSIVE")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    fault = storage_fault(_error_of(waiter, "INSERT INTO t VALUES (1)"))
    assert fault is not None
    assert (fault.reason, fault.retry_after, fault.transient) == ("locked", 2, False)
    assert fault.code == "storage_unavailable"
    assert fault.cause == "OperationalError: database is locked"


def test_a_read_only_file_is_read_only(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    sqlite3.connect(path).execute("CREATE TABLE t (a INTEGER)").connection.commit()
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    assert reason_of(_error_of(reader, "INSERT INTO t VALUES (1)")) == "read_only"


def test_mistakes_in_the_code_are_not_storage_faults(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "x.db")
    db.execute("CREATE TABLE t (a INTEGER UNIQUE)")
    db.execute("INSERT INTO t VALUES (1)")
    assert storage_fault(_error_of(db, "INSERT INTO t VALUES (1)")) is None  # a clash
    assert storage_fault(_error_of(db, "SELECT nothing FROM nowhere")) is None
    assert storage_fault(ValueError("not a database error")) is None
