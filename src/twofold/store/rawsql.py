"""Plain SQL on the transaction's own driver connection, for the live board's hot path.

A board command runs a handful of small statements, thousands of times a second under load.
Through the ORM each costs 100-150 µs of Python; through the driver it costs a few. The
statements here share the caller's transaction (same connection, same BEGIN), so they commit
or roll back with everything else.

Statements are written once with `:name` parameters and rewritten for psycopg's `%(name)s`.
`:name!json` marks a JSON parameter, cast on PostgreSQL. Values are adapted the way the ORM
column types store them, so rows written here read back the same through the ORM.
"""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, SessionTransaction

from twofold.store.database import WRITES, Tx, count_write

_PARAM = re.compile(r"(?<!:):([a-z_][a-z0-9_]*)(!json)?")


@lru_cache(maxsize=1024)
def _for_postgres(sql: str) -> str:
    def repl(m: re.Match[str]) -> str:
        name = f"%({m.group(1)})s"
        return f"CAST({name} AS JSON)" if m.group(2) else name

    return _PARAM.sub(repl, sql.replace("%", "%%"))


@lru_cache(maxsize=1024)
def _for_sqlite(sql: str) -> str:
    # SQLite takes no row locks (its one writer already serialises), so FOR UPDATE goes.
    return _PARAM.sub(lambda m: f":{m.group(1)}", sql).replace(" FOR UPDATE", "")


def _columns(types: dict[str, str], rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {name: [row[name] for row in rows] for name in types}


def _unnest(columns: tuple[tuple[str, str], ...]) -> str:
    # Names and types come from the code, never from input; every value is bound. The arrays
    # go in binary: the driver builds a text array literal by escaping every element in Python,
    # which for a batch's JSON bodies cost more than sending each row on its own.
    arrays = ", ".join(f"CAST(%({name})b AS {kind}[])" for name, kind in columns)
    return f"unnest({arrays})"


@lru_cache(maxsize=64)
def _insert_unnest(table: str, columns: tuple[tuple[str, str], ...]) -> str:
    names = ", ".join(name for name, _ in columns)
    return f"INSERT INTO {table} ({names}) SELECT * FROM {_unnest(columns)}"  # noqa: S608


@lru_cache(maxsize=64)
def _update_unnest(table: str, key: str, columns: tuple[tuple[str, str], ...]) -> str:
    names = ", ".join(name for name, _ in columns)
    sets = ", ".join(f"{name} = v.{name}" for name, _ in columns if name != key)
    return (
        f"UPDATE {table} SET {sets} FROM {_unnest(columns)} AS v({names})"  # noqa: S608
        f" WHERE {table}.{key} = v.{key}"
    )


@lru_cache(maxsize=64)
def _insert_values(table: str, names: tuple[str, ...]) -> str:
    values = ", ".join(f":{name}" for name in names)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({values})"  # noqa: S608


@lru_cache(maxsize=64)
def _update_values(table: str, key: str, names: tuple[str, ...]) -> str:
    sets = ", ".join(f"{name} = :{name}" for name in names if name != key)
    return f"UPDATE {table} SET {sets} WHERE {key} = :{key}"  # noqa: S608


def dumps(value: Any) -> str:
    """JSON text as the ORM's JSON type would write it (plain `json.dumps`)."""
    return json.dumps(value)


_KEY = "twofold.raw"


class Raw:
    """The driver connection behind a session, with the dialect's small differences hidden."""

    @classmethod
    def of(cls, tx: Tx) -> "Raw":
        """The transaction's own `Raw`, made on first use: asking the session for its
        connection costs more than most of the statements sent through it."""
        raw: Raw | None = tx.info.get(_KEY)
        if raw is None:
            raw = tx.info[_KEY] = cls(tx)
        return raw

    def __init__(self, tx: Tx) -> None:
        conn = tx.connection()
        self._dialect = conn.dialect
        self.postgres = conn.dialect.name == "postgresql"
        self._driver: Any = conn.connection.dbapi_connection
        self._info = conn.info

    def writes_so_far(self) -> int:
        """A running count of the statements that may have changed something on this
        connection: when it has not moved while a step ran, that step left nothing to undo."""
        count: int = self._info.get(WRITES, 0)
        return count

    def _sql(self, sql: str) -> str:
        return _for_postgres(sql) if self.postgres else _for_sqlite(sql)

    def run(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        cur = self._driver.cursor()
        statement = self._sql(sql)
        count_write(self._info, statement)
        try:
            cur.execute(statement, params or {})
        except self._dialect.loaded_dbapi.Error as exc:
            raise self._wrapped(statement, params, exc) from exc
        return cur

    def _wrapped(self, statement: str, params: Any, exc: Exception) -> Exception:
        """The driver's error as SQLAlchemy would raise it, so callers that turn a unique
        violation into a 409 (or notice a lost connection) see it the same way."""
        return DBAPIError.instance(
            statement, params, exc, self._dialect.loaded_dbapi.Error, dialect=self._dialect
        )

    def one(self, sql: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        row: tuple[Any, ...] | None = self.run(sql, params).fetchone()
        return row

    def all(self, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = self.run(sql, params).fetchall()
        return rows

    def all_together(
        self, statements: list[tuple[str, dict[str, Any]]]
    ) -> list[list[tuple[Any, ...]]]:
        """The rows of each of these reads, sent together: one round trip on PostgreSQL
        (pipeline mode) however many there are."""
        if not self.postgres or len(statements) < 2:
            return [self.all(sql, params) for sql, params in statements]
        try:
            with self._driver.pipeline():
                cursors = [self.run(sql, params) for sql, params in statements]
                return [cur.fetchall() for cur in cursors]
        except self._dialect.loaded_dbapi.Error as exc:
            raise self._wrapped("(statements sent together)", None, exc) from exc

    def many(self, sql: str, rows: list[dict[str, Any]]) -> None:
        if rows:
            statement = self._sql(sql)
            count_write(self._info, statement)
            try:
                self._driver.cursor().executemany(statement, rows)
            except self._dialect.loaded_dbapi.Error as exc:
                raise self._wrapped(statement, rows, exc) from exc

    def insert(self, table: str, types: dict[str, str], rows: list[dict[str, Any]]) -> None:
        """Insert rows (keyed by column) in one statement. `types` names every column with its
        PostgreSQL type. PostgreSQL gets one array per column, taken apart by `unnest`: the
        same statement whatever the number of rows, where sending each row on its own (even
        pipelined) made the driver's per-statement work most of a batch's cost. SQLite runs
        its prepared insert once per row, which costs it little."""
        if not rows:
            return
        if self.postgres:
            self._execute(_insert_unnest(table, tuple(types.items())), _columns(types, rows))
        else:
            self.many(_insert_values(table, tuple(types)), rows)

    def update(
        self, table: str, key: str, types: dict[str, str], rows: list[dict[str, Any]]
    ) -> None:
        """Set columns of several rows, each found by its `key` column, in one statement (see
        `insert`; `types` includes the key)."""
        if not rows:
            return
        if self.postgres:
            sql = _update_unnest(table, key, tuple(types.items()))
            self._execute(sql, _columns(types, rows))
        else:
            self.many(_update_values(table, key, tuple(types)), rows)

    def _execute(self, statement: str, params: dict[str, Any]) -> None:
        """A statement already in the driver's own dialect."""
        count_write(self._info, statement)
        try:
            self._driver.cursor().execute(statement, params)
        except self._dialect.loaded_dbapi.Error as exc:
            raise self._wrapped(statement, params, exc) from exc

    @contextmanager
    def together(self) -> Iterator[None]:
        """Statements in this block go to PostgreSQL without waiting for each one's answer
        (pipeline mode: one round trip for the lot). Use it only for writes whose results
        nobody reads; an error is raised by the end of the block at the latest."""
        if not self.postgres:
            yield
            return
        try:
            with self._driver.pipeline():
                yield
        except self._dialect.loaded_dbapi.Error as exc:
            raise self._wrapped("(statements sent together)", None, exc) from exc

    def when(self, value: datetime | None) -> Any:
        """A time as the UTC DateTime column stores it: naive UTC text on SQLite."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored")
        utc = value.astimezone(UTC)
        if self.postgres:
            return utc
        return utc.replace(tzinfo=None).isoformat(" ", "microseconds")

    @staticmethod
    def read_when(value: Any) -> datetime | None:
        if value is None:
            return None
        at = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)

    @staticmethod
    def read_date(value: Any) -> date | None:
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(value)

    @staticmethod
    def read_json(value: Any) -> Any:
        return json.loads(value) if isinstance(value, str | bytes) else value


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    # The next transaction may run on another pooled connection.
    if transaction.parent is None:
        session.info.pop(_KEY, None)


_NO_ORM = "twofold.no_orm"


class OrmInRawSection(RuntimeError):
    """Code that must use only plain SQL went through the ORM: a programming error, raised
    at once so it fails the tests that run it, rather than surfacing later as a batch that
    quietly fell back to one command at a time."""


@contextmanager
def raw_only(tx: Tx, who: str) -> Iterator[None]:
    """Within this block, any statement through the session (query, `get` that misses the
    identity map, flush of pending changes) raises `OrmInRawSection` naming `who`."""
    tx.info[_NO_ORM] = who
    try:
        yield
    finally:
        tx.info.pop(_NO_ORM, None)


@event.listens_for(Session, "do_orm_execute")
def _no_orm_execute(state: Any) -> None:
    who = state.session.info.get(_NO_ORM)
    if who is not None:
        raise OrmInRawSection(
            f"{who} may use plain SQL only, but ran through the ORM: {state.statement}"
        )


@event.listens_for(Session, "before_flush")
def _no_orm_flush(session: Session, flush_context: Any, instances: Any) -> None:
    who = session.info.get(_NO_ORM)
    if who is not None and (session.new or session.dirty or session.deleted):
        raise OrmInRawSection(f"{who} may use plain SQL only, but changed rows through the ORM")
