"""A retro's sprint in the team's tracker: what was asked, and what came back."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from twofold.store.database import Tx
from twofold.store.queries.ids import now
from twofold.store.tables import SprintFetchRow


@dataclass(frozen=True)
class SprintFetch:
    retro_id: str
    team_id: str
    connection_id: str
    stage: str
    """`sprints` (listing the sprints to pick from) or `signals` (reading the one picked)."""
    state: str
    """`pending`, `done` or `failed`."""
    request_id: str
    outbox_id: str | None
    error: str | None
    sprints: list[dict[str, Any]]
    sprint_id: str | None
    sprint_name: str | None
    figures: dict[str, Any] | None
    overridden: tuple[str, ...]
    requested_by: str | None
    requested_at: datetime
    fetched_at: datetime | None


def _fetch(row: SprintFetchRow) -> SprintFetch:
    return SprintFetch(
        retro_id=row.retro_id,
        team_id=row.team_id,
        connection_id=row.connection_id,
        stage=row.stage,
        state=row.state,
        request_id=row.request_id,
        outbox_id=row.outbox_id,
        error=row.error,
        sprints=list((row.sprints or {}).get("items") or []),
        sprint_id=row.sprint_id,
        sprint_name=row.sprint_name,
        figures=row.figures,
        overridden=tuple(row.overridden.get("fields") or ()),
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        fetched_at=row.fetched_at,
    )


def _row(tx: Tx, retro_id: str, *, lock: bool = False) -> SprintFetchRow | None:
    query = select(SprintFetchRow).where(SprintFetchRow.retro_id == retro_id)
    return tx.scalars(query.with_for_update() if lock else query).first()


def fetch_of(tx: Tx, retro_id: str, *, lock: bool = False) -> SprintFetch | None:
    row = _row(tx, retro_id, lock=lock)
    return _fetch(row) if row else None


def ask(
    tx: Tx,
    retro_id: str,
    team_id: str,
    connection_id: str,
    stage: str,
    request_id: str,
    user_id: str,
    sprint: tuple[str, str] | None = None,
) -> None:
    """A new ask replaces the one before; what earlier asks found is kept to show meanwhile."""
    row = _row(tx, retro_id)
    if row is None:
        row = SprintFetchRow(retro_id=retro_id, team_id=team_id, overridden={"fields": []})
        tx.add(row)
    row.connection_id = connection_id
    row.stage = stage
    row.state = "pending"
    row.request_id = request_id
    row.outbox_id = None
    row.error = None
    row.requested_by = user_id
    row.requested_at = now()
    if sprint is not None:
        row.sprint_id, row.sprint_name = sprint
    tx.flush()


def set_outbox(tx: Tx, retro_id: str, outbox_id: str) -> None:
    row = _row(tx, retro_id)
    assert row is not None
    row.outbox_id = outbox_id


def record_sprints(tx: Tx, retro_id: str, sprints: list[dict[str, Any]]) -> None:
    row = _row(tx, retro_id)
    assert row is not None
    row.sprints = {"items": sprints}
    row.state = "done"
    row.fetched_at = now()


def record_figures(tx: Tx, retro_id: str, figures: dict[str, Any], at: datetime) -> None:
    row = _row(tx, retro_id)
    assert row is not None
    row.figures = figures
    row.state = "done"
    row.fetched_at = at


def record_failure(tx: Tx, retro_id: str, message: str) -> None:
    row = _row(tx, retro_id)
    assert row is not None
    row.state = "failed"
    row.error = message[:2000]


def set_overridden(tx: Tx, retro_id: str, fields: list[str]) -> None:
    row = _row(tx, retro_id)
    assert row is not None
    row.overridden = {"fields": sorted(set(fields))}
