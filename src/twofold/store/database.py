"""Engine and transactions.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
`BEGIN IMMEDIATE` so that concurrent writers queue instead of failing mid-transaction on a lock
upgrade. PostgreSQL gets a connection pool and relies on row locks for ordering.
"""

import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from twofold.domain.errors import Conflict, StorageUnavailable
from twofold.store.faults import reason_of, storage_fault, unavailable

log = logging.getLogger("twofold.store")

Tx = Session
"""A unit of work handed to query functions; services treat it as opaque."""


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (`postgresql://`, `postgres://`) and use psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def shown_url(url: str) -> str:
    """The database URL as it may be printed: the password masked, the rest as given."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_setup(
    engine: Engine, manual_checkpoints: threading.Event, busy_timeout_ms: int
) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        if manual_checkpoints.is_set():
            # Checkpoints (which wait on the disk) run in the background, not inside a commit.
            cur.execute("PRAGMA wal_autocheckpoint=0")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("twofold_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


WRITES = "twofold.writes"
"""Key, in a connection's `info`, of how many statements other than SELECT it has run."""


def count_write(info: dict[Any, Any], statement: str) -> None:
    if not statement.lstrip()[:6].upper().startswith("SELECT"):
        info[WRITES] = info.get(WRITES, 0) + 1


def _count_writes(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
    count_write(conn.info, statement)


def _rollback_quietly(session: Session, fault: StorageUnavailable | None) -> None:
    """Roll back; on a connection that has just failed, a failing rollback is expected and
    must not hide the fault that caused it."""
    if fault is None:
        session.rollback()
        return
    try:
        session.rollback()
    except Exception:
        log.debug("rollback after a storage fault failed", exc_info=True)


def _forget_connection(session: Session, fault: StorageUnavailable) -> None:
    """A SQLite connection that met a read-only file keeps that view of it (it fell back to
    read-only when it opened); dropping it lets the next transaction open the file afresh, so
    the server recovers by itself once permissions are restored. A full disk needs no such
    thing, and a connection opened while it is full would fail to open at all."""
    if fault.reason == "read_only":
        try:
            session.connection().invalidate()
        except Exception:
            log.debug("could not drop a failed connection", exc_info=True)


class Database:
    def __init__(
        self, url: str, *, secret: str = "", echo: bool = False, busy_timeout: float = 10.0
    ) -> None:
        self.url = normalise_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        kwargs: dict[str, Any] = {"echo": echo}
        if not self.is_sqlite:
            kwargs.update(pool_size=10, max_overflow=20, pool_pre_ping=True)
        self.engine = create_engine(self.url, **kwargs)
        self._busy_timeout_ms = round(busy_timeout * 1000)
        self._checkpointer: threading.Thread | None = None
        self._manual_checkpoints = threading.Event()
        self._closed = threading.Event()
        if self.is_sqlite:
            _sqlite_setup(self.engine, self._manual_checkpoints, self._busy_timeout_ms)
        event.listen(self.engine, "before_cursor_execute", _count_writes)
        # Query functions key token hashes with this secret (see queries.users.digest).
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={"secret": secret})
        # SQLite has one writer. Queueing this process's writers on a lock hands the file over
        # at once; left to SQLite's busy handler, a waiting writer sleeps and polls (up to
        # 100 ms a try) while the CPU idles.
        self._sqlite_writer = threading.Lock() if self.is_sqlite else None
        self._write_lock: AbstractContextManager[object] = self._sqlite_writer or nullcontext()

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One write transaction: committed on success, rolled back on any error. A storage
        fault (locked, disk full, read-only, connection lost) comes out as `StorageUnavailable`:
        nothing was committed, and the same write may be sent again later."""
        with self._write_lock, self._sessions() as session:
            try:
                # The option reaches the "begin" hook, which starts SQLite with BEGIN IMMEDIATE.
                session.connection(execution_options={"twofold_write": True})
                yield session
                session.commit()
            except IntegrityError:
                session.rollback()
                # Two requests raced to create the same thing; the loser is told, not crashed.
                raise Conflict(
                    "That clashed with a change made at the same moment. Reload and try again.",
                    code="conflict",
                ) from None
            except BaseException as exc:
                fault = None if isinstance(exc, StorageUnavailable) else storage_fault(exc)
                _rollback_quietly(session, fault)
                if fault is None:
                    raise
                if self.is_sqlite:
                    _forget_connection(session, fault)
                raise fault from exc

    @contextmanager
    def read(self, *, consistent: bool = False) -> Iterator[Tx]:
        """A read-only transaction. `consistent` makes every query in it see one point in time
        (PostgreSQL's REPEATABLE READ; SQLite read transactions already do)."""
        with self._sessions() as session:
            fault: StorageUnavailable | None = None
            try:
                if consistent and not self.is_sqlite:
                    session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                yield session
            except BaseException as exc:
                fault = None if isinstance(exc, StorageUnavailable) else storage_fault(exc)
                if fault is None:
                    raise
                raise fault from exc
            finally:
                _rollback_quietly(session, fault)

    def pool_stats(self) -> dict[str, int]:
        """Connections of this process's pool (checked out, idle, over the pool's size), for
        the metrics page; a pool without those figures (SQLite's) gives what it has."""
        pool: Any = self.engine.pool
        stats: dict[str, int] = {}
        for name, method in (
            ("size", "size"),
            ("checked_out", "checkedout"),
            ("idle", "checkedin"),
            ("overflow", "overflow"),
        ):
            read = getattr(pool, method, None)
            if callable(read):
                stats[name] = int(read())
        return stats

    def probe(self, timeout: float = 2.0) -> None:
        """Check the database answers and takes a write, waiting at most about `timeout`
        seconds for a lock: it commits an update that changes nothing (the schema version set
        to itself), so a full disk, a read-only file or a lock held elsewhere all show. Raises
        `StorageUnavailable` with the reason."""
        ms = round(timeout * 1000)
        writer = self._sqlite_writer
        if writer is not None and not writer.acquire(timeout=timeout):
            raise unavailable("locked")
        try:
            with self.engine.connect() as conn:
                try:
                    self._probe_on(conn, ms)
                except Exception as exc:
                    if reason_of(exc) == "read_only":
                        conn.invalidate()  # see `_forget_connection`
                    raise
                finally:
                    if self.is_sqlite and not conn.invalidated:
                        self._restore_busy_timeout(conn)
        except Exception as exc:
            fault = storage_fault(exc)
            if fault is None:
                raise
            raise fault from exc
        finally:
            if writer is not None:
                writer.release()

    def _probe_on(self, conn: Connection, ms: int) -> None:
        if self.is_sqlite:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={ms:d}")
            conn.commit()
        conn.execution_options(twofold_write=True)
        with conn.begin():
            if not self.is_sqlite:
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {ms:d}")
                conn.exec_driver_sql(f"SET LOCAL statement_timeout = {ms:d}")
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = version_num")

    def _restore_busy_timeout(self, conn: Connection) -> None:
        """Back to the configured wait before the connection returns to the pool; one that
        cannot be set back is dropped rather than reused with the probe's short wait."""
        try:
            conn.rollback()
            conn.execution_options(twofold_write=False)
            conn.exec_driver_sql(f"PRAGMA busy_timeout={self._busy_timeout_ms:d}")
            conn.commit()
        except Exception:
            conn.invalidate()

    def checkpoint(self) -> None:
        """Copy the SQLite write-ahead log back into the database file, without waiting for or
        blocking writers; a no-op on PostgreSQL."""
        if self.is_sqlite:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def start_checkpoints(self, every: float = 1.0) -> None:
        """For a long-running server on SQLite: checkpoint from a background thread instead of
        inside whichever commit crosses the log's size limit, which would stall that board
        command (and every one queued behind it) on the disk."""
        if not self.is_sqlite or self._checkpointer is not None:
            return
        self._manual_checkpoints.set()
        self.engine.dispose()  # connections made from now on skip automatic checkpoints

        def run() -> None:
            while not self._closed.wait(every):
                try:
                    self.checkpoint()
                except Exception:  # a busy or closed database: try again next time
                    log.debug("checkpoint skipped", exc_info=True)

        self._checkpointer = threading.Thread(target=run, name="twofold-checkpoint", daemon=True)
        self._checkpointer.start()

    def dispose(self) -> None:
        self._closed.set()
        self.engine.dispose()
