"""Conditions on long lists of ids, as the views across sprints and teams ask them."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, String, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import QueryableAttribute

from twofold.store.database import Tx


def among(
    tx: Tx, column: ColumnElement[Any] | QueryableAttribute[Any], ids: Collection[str]
) -> ColumnElement[bool]:
    """`column IN ids`. PostgreSQL gets the list as one array parameter: written as IN, each id
    is a parameter of its own, and for a company view's thousand-odd retros naming, binding and
    parsing those took longer than the query itself. SQLite has no arrays and keeps the IN."""
    wanted = list(ids)
    if tx.get_bind().dialect.name == "postgresql":
        return column == any_(array(wanted))
    return column.in_(wanted)


def array(ids: Collection[str]) -> BindParameter[Any]:
    """The ids as one PostgreSQL array parameter."""
    return bindparam(None, list(ids), type_=ARRAY(String))
