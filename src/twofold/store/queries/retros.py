"""Retros, their columns and their guests."""

from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, update

from twofold.domain.entities import Column, Guest, Retro, RetroListing
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import RetroSettings, read_settings
from twofold.domain.vocab import Polarity, Role, TemplateKey
from twofold.store.database import Tx
from twofold.store.queries.id_lists import among
from twofold.store.queries.ids import new_id, now
from twofold.store.rawsql import Raw
from twofold.store.tables import ActionItemRow, CardRow, ColumnRow, GuestRow, RetroRow


def _retro(row: RetroRow) -> Retro:
    return Retro(
        row.id,
        row.team_id,
        row.title,
        row.sprint_name,
        row.sprint_start,
        row.sprint_end,
        TemplateKey(row.template),
        row.created_at,
        row.last_seq,
        Phase(row.phase),
        read_settings(row.settings or {}),
        row.timer_ends_at,
        row.timer_seconds,
        row.topic_id,
        row.template_name,
        row.archived_at,
    )


def _column(row: ColumnRow) -> Column:
    return Column(
        row.id,
        row.retro_id,
        row.title,
        row.position,
        tuple(Polarity(p) for p in row.polarities.split(",")),
    )


def insert_retro(
    tx: Tx,
    team_id: str,
    title: str,
    sprint_name: str | None,
    sprint_start: date | None,
    sprint_end: date | None,
    template: TemplateKey,
    created_by: str,
    phase: Phase = Phase.CHECK_IN,
    settings: RetroSettings | None = None,
    team_template: tuple[str, dict[str, Any]] | None = None,
) -> Retro:
    """`team_template` is the (name, copy) of the team template the retro is made from."""
    row = RetroRow(
        id=new_id(),
        team_id=team_id,
        title=title,
        sprint_name=sprint_name,
        sprint_start=sprint_start,
        sprint_end=sprint_end,
        template=template.value,
        created_by=created_by,
        created_at=now(),
        last_seq=0,
        phase=phase.value,
        settings=settings.model_dump(mode="json") if settings else {},
        template_name=team_template[0] if team_template else None,
        template_data=team_template[1] if team_template else None,
    )
    tx.add(row)
    tx.flush()
    return _retro(row)


def template_copy(tx: Tx, retro_id: str) -> dict[str, Any] | None:
    """The copy of the team template a retro was made from; None for a built-in template."""
    data: dict[str, Any] | None = tx.scalar(
        select(RetroRow.template_data).where(RetroRow.id == retro_id)
    )
    return data


def retro_by_id(tx: Tx, retro_id: str) -> Retro | None:
    row = tx.get(RetroRow, retro_id)
    return _retro(row) if row else None


def lock_retro(tx: Tx, retro_id: str) -> Retro | None:
    """Read the retro and hold its row until commit, so one board's commands apply one at a time
    on PostgreSQL (vote limits, group merges); SQLite's single writer already does this."""
    found = lock_retros(tx, [retro_id])
    return found[0] if found else None


_LOCKED_COLUMNS = (
    "id, team_id, title, sprint_name, sprint_start, sprint_end, template, created_at,"
    " last_seq, phase, CAST(settings AS TEXT), timer_ends_at, timer_seconds, topic_id,"
    " template_name, archived_at"
)


def _in(name: str, values: list[str]) -> tuple[str, dict[str, Any]]:
    """`:name0, :name1, ...` for an IN list, and the values bound to them. Only numbered
    placeholders are pasted into SQL; every value is bound."""
    params = {f"{name}{i}": value for i, value in enumerate(values)}
    return ", ".join(f":{key}" for key in params), params


def _lock_statement(retro_ids: list[str]) -> tuple[str, dict[str, Any]]:
    # SQLite has no FOR UPDATE (rawsql drops it); its single writer serialises boards anyway.
    names, params = _in("id", retro_ids)
    sql = f"SELECT {_LOCKED_COLUMNS} FROM retros WHERE id IN ({names}) ORDER BY id FOR UPDATE"  # noqa: S608
    return sql, params


def _columns_statement(retro_ids: list[str]) -> tuple[str, dict[str, Any]]:
    names, params = _in("id", retro_ids)
    sql = f"SELECT id, retro_id, title, position, polarities FROM board_columns WHERE retro_id IN ({names})"  # noqa: S608
    return sql, params


@lru_cache(maxsize=256)
def _settings(text: str | None) -> RetroSettings:
    # Settings are read with every locked board, and few boards differ: parse each text once.
    try:
        stored = Raw.read_json(text) or {}
    except ValueError:
        stored = None
    return read_settings(stored)


def _locked(row: tuple[Any, ...]) -> Retro:
    return Retro(
        row[0],
        row[1],
        row[2],
        row[3],
        Raw.read_date(row[4]),
        Raw.read_date(row[5]),
        TemplateKey(row[6]),
        Raw.read_when(row[7]) or now(),
        row[8],
        Phase(row[9]),
        _settings(row[10]),
        Raw.read_when(row[11]),
        row[12],
        row[13],
        row[14],
        Raw.read_when(row[15]),
    )


def lock_retros(tx: Tx, retro_ids: list[str]) -> list[Retro]:
    """`lock_retro` for several boards in one statement, locked in id order (as every writer
    locks them), so two transactions taking overlapping sets cannot deadlock."""
    return lock_boards(tx, retro_ids, [])[0]


def lock_boards(
    tx: Tx, lock_ids: list[str], column_ids: list[str]
) -> tuple[list[Retro], dict[str, dict[str, Column]]]:
    """`lock_retros` for some boards, and the columns of some (by board, then by id), in one
    round trip."""
    statements = []
    if lock_ids:
        statements.append(_lock_statement(lock_ids))
    if column_ids:
        statements.append(_columns_statement(column_ids))
    results = iter(Raw.of(tx).all_together(statements))
    locked = [_locked(row) for row in next(results)] if lock_ids else []
    columns: dict[str, dict[str, Column]] = {retro_id: {} for retro_id in column_ids}
    for row in next(results) if column_ids else []:
        columns[row[1]][row[0]] = _raw_column(row)
    return locked, columns


def open_retros_of_team(tx: Tx, team_id: str) -> list[Retro]:
    """The team's retros not closed yet: the boards people may still have open."""
    rows = tx.scalars(
        select(RetroRow).where(RetroRow.team_id == team_id, RetroRow.phase != Phase.CLOSED.value)
    )
    return [_retro(r) for r in rows]


def anonymous_retro_ids(tx: Tx, retro_ids: set[str]) -> set[str]:
    """Those of these retros that are anonymous."""
    if not retro_ids:
        return set()
    rows = tx.execute(
        select(RetroRow.id, RetroRow.settings).where(among(tx, RetroRow.id, retro_ids))
    )
    return {str(retro_id) for retro_id, settings in rows if read_settings(settings or {}).anonymous}


def retros_of_team(tx: Tx, team_id: str) -> list[tuple[Retro, int]]:
    counts = select(CardRow.retro_id, func.count().label("n")).group_by(CardRow.retro_id).subquery()
    rows = tx.execute(
        select(RetroRow, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.retro_id == RetroRow.id)
        .where(RetroRow.team_id == team_id)
        .order_by(RetroRow.created_at.desc(), RetroRow.id)
    )
    return [(_retro(r), int(n)) for r, n in rows]


def retro_listings(
    tx: Tx, team_id: str, *, include_archived: bool = False, retro_id: str | None = None
) -> list[RetroListing]:
    """The team's retros, newest first, each with its card and action counts and when it
    closed; archived ones only when asked for (or when one retro is asked for by id)."""
    cards = (
        select(CardRow.retro_id, func.count().label("n"))
        .join(RetroRow, RetroRow.id == CardRow.retro_id)
        .where(RetroRow.team_id == team_id)
        .group_by(CardRow.retro_id)
        .subquery()
    )
    actions = (
        select(ActionItemRow.retro_id, func.count().label("n"))
        .where(ActionItemRow.team_id == team_id, ActionItemRow.retro_id.is_not(None))
        .group_by(ActionItemRow.retro_id)
        .subquery()
    )
    query = (
        select(
            RetroRow,
            func.coalesce(cards.c.n, 0),
            func.coalesce(actions.c.n, 0),
        )
        .outerjoin(cards, cards.c.retro_id == RetroRow.id)
        .outerjoin(actions, actions.c.retro_id == RetroRow.id)
        .where(RetroRow.team_id == team_id)
        .order_by(RetroRow.created_at.desc(), RetroRow.id)
    )
    if retro_id is not None:
        query = query.where(RetroRow.id == retro_id)
    elif not include_archived:
        query = query.where(RetroRow.archived_at.is_(None))
    return [
        RetroListing(_retro(row), int(n_cards), int(n_actions), row.closed_at)
        for row, n_cards, n_actions in tx.execute(query)
    ]


def set_archived(tx: Tx, retro_id: str, when: datetime | None) -> None:
    tx.execute(update(RetroRow).where(RetroRow.id == retro_id).values(archived_at=when))


def update_retro(tx: Tx, retro_id: str, values: dict[str, object]) -> None:
    if values:
        tx.execute(update(RetroRow).where(RetroRow.id == retro_id).values(**values))


def delete_retro(tx: Tx, retro_id: str) -> None:
    row = tx.get(RetroRow, retro_id)
    if row is not None:
        # Cards reference columns with RESTRICT, so they go first.
        for card in tx.scalars(select(CardRow).where(CardRow.retro_id == retro_id)):
            tx.delete(card)
        tx.flush()
        tx.delete(row)


def insert_column(
    tx: Tx, retro_id: str, title: str, position: int, polarities: tuple[Polarity, ...]
) -> Column:
    row = ColumnRow(
        id=new_id(),
        retro_id=retro_id,
        title=title,
        position=position,
        polarities=",".join(p.value for p in polarities),
    )
    tx.add(row)
    tx.flush()
    return _column(row)


def columns_of(tx: Tx, retro_id: str) -> list[Column]:
    rows = tx.scalars(
        select(ColumnRow).where(ColumnRow.retro_id == retro_id).order_by(ColumnRow.position)
    )
    return [_column(r) for r in rows]


def column_by_id(tx: Tx, column_id: str) -> Column | None:
    row = Raw.of(tx).one(
        "SELECT id, retro_id, title, position, polarities FROM board_columns WHERE id = :id",
        {"id": column_id},
    )
    return _raw_column(row) if row else None


def _raw_column(row: tuple[Any, ...]) -> Column:
    return Column(row[0], row[1], row[2], row[3], tuple(Polarity(p) for p in row[4].split(",")))


def set_column_order(tx: Tx, ordered_ids: list[str]) -> None:
    for position, column_id in enumerate(ordered_ids):
        tx.execute(update(ColumnRow).where(ColumnRow.id == column_id).values(position=position))


def rename_column(tx: Tx, column_id: str, title: str) -> None:
    tx.execute(update(ColumnRow).where(ColumnRow.id == column_id).values(title=title))


def delete_column(tx: Tx, column_id: str) -> None:
    row = tx.get(ColumnRow, column_id)
    if row is not None:
        tx.delete(row)


def count_cards_in_column(tx: Tx, column_id: str) -> int:
    return (
        tx.scalar(select(func.count()).select_from(CardRow).where(CardRow.column_id == column_id))
        or 0
    )


def insert_guest(tx: Tx, retro_id: str, display_name: str, role: Role) -> Guest:
    row = GuestRow(
        id=new_id(), retro_id=retro_id, display_name=display_name, role=role.value, created_at=now()
    )
    tx.add(row)
    tx.flush()
    return Guest(row.id, row.retro_id, row.display_name, role)


def _guest(row: GuestRow) -> Guest:
    return Guest(row.id, row.retro_id, row.display_name, Role(row.role))


def guests_of(tx: Tx, retro_id: str) -> list[Guest]:
    return [
        _guest(row) for row in tx.scalars(select(GuestRow).where(GuestRow.retro_id == retro_id))
    ]


def guest_by_id(tx: Tx, guest_id: str) -> Guest | None:
    row = tx.get(GuestRow, guest_id)
    return _guest(row) if row else None
