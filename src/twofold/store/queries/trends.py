"""What a team's trends are made of, counted in the database: a period's closed retros and, for
those retros only, grouped counts of cards, action items and debt. No card's text is read."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, func, literal_column, select, true
from sqlalchemy.orm import InstrumentedAttribute

from twofold.domain.signals import SprintSignals
from twofold.domain.stored import read_lenient
from twofold.store.database import Tx
from twofold.store.queries.id_lists import among, array
from twofold.store.tables import (
    ActionItemRow,
    CardRow,
    DebtCapacityRow,
    DebtItemRow,
    RetroRow,
    RitualRow,
    SprintSignalsRow,
    TeamAgreementsRow,
)

AGREEMENTS_TITLE = "team's working agreements"
"""What a change of the working agreements is called where a ritual would give its title."""


@dataclass(frozen=True)
class SprintRetro:
    id: str
    title: str
    sprint_name: str | None
    ends: date
    """The sprint's end, or the day the retro closed where no end was given."""
    starts: date | None


@dataclass(frozen=True)
class OpenAction:
    id: str
    title: str
    category: str | None
    created: date
    due: date | None


@dataclass(frozen=True)
class DebtFigures:
    id: str
    title: str
    status: str
    created: date
    closed: date | None
    drag_hours: float | None
    impact: int | None
    effort: int | None


def _ends(row: RetroRow) -> date:
    if row.sprint_end is not None:
        return row.sprint_end
    assert row.closed_at is not None
    return row.closed_at.date()


def closed_retros(
    tx: Tx, team_id: str, *, last: int, start: date | None = None, end: date | None = None
) -> list[SprintRetro]:
    """The team's closed retros, oldest first: the `last` most recent, within `start`..`end`
    where given (by the sprint's end, or the day the retro closed)."""
    return closed_retros_of(tx, [team_id], last=last, start=start, end=end)[team_id]


def _sprint_ends(tx: Tx) -> ColumnElement[date]:
    """The day a sprint ended, as `SprintRetro.ends` takes it: its end, or the day (UTC) its
    retro closed. On PostgreSQL written as migration 0021's index on closed retros has it."""
    closed_on: ColumnElement[Any]
    if tx.get_bind().dialect.name == "postgresql":
        # A literal zone, as the index has it: a parameter would not match its expression.
        closed_on = cast(func.timezone(literal_column("'UTC'"), RetroRow.closed_at), Date)
    else:
        closed_on = func.date(RetroRow.closed_at)
    return func.coalesce(RetroRow.sprint_end, closed_on)


@dataclass(frozen=True)
class Joined:
    """Columns of another table read with each retro, outer-joined on `on` (to `RetroRow`)."""

    table: type[Any]
    on: ColumnElement[bool]
    columns: tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]


def closed_retros_of(
    tx: Tx,
    team_ids: Sequence[str],
    *,
    last: int,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, list[SprintRetro]]:
    """`closed_retros` for many teams at once, in one read however many teams there are."""
    return latest_closed(tx, team_ids, last=last, start=start, end=end)[0]


def latest_closed(
    tx: Tx,
    team_ids: Sequence[str],
    *,
    last: int,
    start: date | None = None,
    end: date | None = None,
    joined: Joined | None = None,
) -> tuple[dict[str, list[SprintRetro]], dict[str, tuple[Any, ...]]]:
    """`closed_retros_of`, and for each retro found the `joined` columns (all None where the
    outer join found no row)."""
    ends = _sprint_ends(tx)
    latest_first = (ends.desc(), RetroRow.id.desc())
    within = [RetroRow.phase == "closed"]
    if start is not None:
        within.append(ends >= start)
    if end is not None:
        within.append(ends <= end)
    shown: tuple[Any, ...] = (
        RetroRow.id,
        RetroRow.team_id,
        RetroRow.title,
        RetroRow.sprint_name,
        RetroRow.sprint_end,
        RetroRow.closed_at,
        RetroRow.sprint_start,
    )
    extra = tuple(c.label(f"joined_{n}") for n, c in enumerate(joined.columns)) if joined else ()
    retros = select(*shown, *extra)
    if joined is not None:
        retros = retros.outerjoin(joined.table, joined.on)
    if tx.get_bind().dialect.name == "postgresql":
        # Each team's latest few straight from the index on (team, sprint end) of closed
        # retros, what is joined found by its key for those few alone: the window below ranks
        # every closed retro of the company to keep a few.
        teams = func.unnest(array(team_ids)).table_valued("id").render_derived("asked")
        latest = (
            retros.where(RetroRow.team_id == teams.c.id, *within)
            .order_by(*latest_first)
            .limit(last)
            .lateral("latest")
        )
        query = select(latest).select_from(teams).join(latest, true())
    else:
        ranked = (
            retros.add_columns(
                func.row_number()
                .over(partition_by=RetroRow.team_id, order_by=latest_first)
                .label("latest"),
            )
            .where(among(tx, RetroRow.team_id, team_ids), *within)
            .subquery()
        )
        names = [c.key for c in shown] + [c.key for c in extra]
        query = select(*(ranked.c[name] for name in names)).where(ranked.c.latest <= last)
    found: dict[str, list[SprintRetro]] = {team_id: [] for team_id in team_ids}
    joined_rows: dict[str, tuple[Any, ...]] = {}
    for row in tx.execute(query):
        ends_on = row.sprint_end if row.sprint_end is not None else row.closed_at.date()
        found[row.team_id].append(
            SprintRetro(row.id, row.title, row.sprint_name, ends_on, row.sprint_start)
        )
        joined_rows[row.id] = tuple(row[len(shown) :])
    sprints = {
        team_id: sorted(retros, key=lambda r: (r.ends, r.id)) for team_id, retros in found.items()
    }
    return sprints, joined_rows


def signals_of(tx: Tx, retro_ids: Sequence[str]) -> dict[str, SprintSignals]:
    rows = tx.execute(
        select(SprintSignalsRow.retro_id, SprintSignalsRow.data).where(
            among(tx, SprintSignalsRow.retro_id, retro_ids)
        )
    )
    return {rid: read_lenient(SprintSignals, data).value for rid, data in rows}


def capacity_of(tx: Tx, retro_ids: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Planned points and debt points per retro."""
    rows = tx.execute(
        select(
            DebtCapacityRow.retro_id, DebtCapacityRow.total_points, DebtCapacityRow.debt_points
        ).where(among(tx, DebtCapacityRow.retro_id, retro_ids))
    )
    return {rid: (total, debt) for rid, total, debt in rows}


def friction_counts(tx: Tx, retro_ids: Sequence[str]) -> list[tuple[str, str, str, int]]:
    """(retro, friction point, author's role, cards) for cards that name a friction point."""
    rows = tx.execute(
        select(CardRow.retro_id, CardRow.friction, CardRow.author_role, func.count())
        .where(among(tx, CardRow.retro_id, retro_ids), CardRow.friction.is_not(None))
        .group_by(CardRow.retro_id, CardRow.friction, CardRow.author_role)
    )
    return [(rid, str(friction), role, int(n)) for rid, friction, role, n in rows]


def action_counts(tx: Tx, retro_ids: Sequence[str]) -> list[tuple[str, str | None, str, int, int]]:
    """(retro, category, status, items, items carried at least once) for the items agreed in
    each retro."""
    rows = tx.execute(
        select(
            ActionItemRow.retro_id,
            ActionItemRow.category,
            ActionItemRow.status,
            func.count(),
            func.sum(case((ActionItemRow.carry_count > 0, 1), else_=0)),
        )
        .where(among(tx, ActionItemRow.retro_id, retro_ids))
        .group_by(ActionItemRow.retro_id, ActionItemRow.category, ActionItemRow.status)
    )
    return [(str(r), c, s, int(n), int(k or 0)) for r, c, s, n, k in rows]


def done_spans(tx: Tx, retro_ids: Sequence[str]) -> list[tuple[datetime, date]]:
    """(agreed, closed) of the done items agreed in these retros."""
    rows = tx.execute(
        select(ActionItemRow.created_at, ActionItemRow.closed_on).where(
            among(tx, ActionItemRow.retro_id, retro_ids),
            ActionItemRow.status == "done",
            ActionItemRow.closed_on.is_not(None),
        )
    )
    return [(created, closed) for created, closed in rows if closed is not None]


def oldest_open(tx: Tx, team_id: str, limit: int) -> list[OpenAction]:
    rows = tx.execute(
        select(
            ActionItemRow.id,
            ActionItemRow.title,
            ActionItemRow.category,
            ActionItemRow.created_at,
            ActionItemRow.due,
        )
        .where(ActionItemRow.team_id == team_id, ActionItemRow.status.in_(("open", "in_progress")))
        .order_by(ActionItemRow.created_at, ActionItemRow.id)
        .limit(limit)
    )
    return [OpenAction(i, t, c, created.date(), due) for i, t, c, created, due in rows]


def debt_items(tx: Tx, team_id: str) -> list[DebtFigures]:
    """The team's debt items with their scores, without descriptions; `closed` is the last
    change of an item no longer open (items keep no separate closing date)."""
    rows = tx.execute(
        select(
            DebtItemRow.id,
            DebtItemRow.title,
            DebtItemRow.status,
            DebtItemRow.created_at,
            DebtItemRow.updated_at,
            DebtItemRow.drag_hours,
            DebtItemRow.impact,
            DebtItemRow.effort,
        ).where(DebtItemRow.team_id == team_id)
    )
    return [
        DebtFigures(
            i,
            t,
            s,
            created.date(),
            updated.date() if s != "open" else None,
            drag,
            impact,
            effort,
        )
        for i, t, s, created, updated, drag, impact, effort in rows
    ]


def started_between(
    tx: Tx, team_ids: Sequence[str], start: date, end: date
) -> list[tuple[str, date, str, str]]:
    """(team, day, kind, title) of the rituals created and the working agreements last changed
    between `start` and `end`, for all the teams at once. Agreements keep only their latest
    change, so an earlier one in the period is not known."""
    rituals = tx.execute(
        select(RitualRow.team_id, RitualRow.created_at, RitualRow.title).where(
            among(tx, RitualRow.team_id, team_ids),
            func.date(RitualRow.created_at) >= start,
            func.date(RitualRow.created_at) <= end,
        )
    )
    agreements = tx.execute(
        select(TeamAgreementsRow.team_id, TeamAgreementsRow.updated_at).where(
            among(tx, TeamAgreementsRow.team_id, team_ids),
            func.date(TeamAgreementsRow.updated_at) >= start,
            func.date(TeamAgreementsRow.updated_at) <= end,
        )
    )
    found = [(team, created.date(), "ritual", title) for team, created, title in rituals]
    found += [(team, changed.date(), "agreement", AGREEMENTS_TITLE) for team, changed in agreements]
    return sorted(found, key=lambda s: (s[0], s[1], s[2], s[3]))
