"""Per-retro rollups for the company view: each closed retro's action items by outcome, share
of capacity on tech debt and radar gaps, counted by the worker once rather than on every view.

The rule that keeps them honest lives in `store.queries.rollups`: every change to what a rollup
counts raises the retro's version in its own transaction, and a rollup is read only at the
version it was counted at. `latest_figures` reads the rollups that are current and counts every
other retro from its rows with the same code the worker counts with (`count_live`), so a
rollup the worker has not written yet, or not rewritten since a change, costs time, never a
wrong figure.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from twofold.domain.radar import DIMENSIONS, Radar
from twofold.domain.signals import SprintSignals
from twofold.domain.vocab import Friction
from twofold.services.context import Ctx
from twofold.services.side_grouping import radars_by_retro
from twofold.services.trends import SprintActions, actions_by_retro, debt_share_of
from twofold.store.database import Tx
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries import trends as trend_q
from twofold.store.queries.rollups import ROLLUP_KIND, Rollup
from twofold.store.queries.trends import SprintRetro

__all__ = ["ROLLUP_KIND", "RetroFigures", "do_refresh", "do_roll_up", "do_sweep", "latest_figures"]

SWEEP_BATCH = 500
"""Retros the worker's sweep rolls up per pass (a pass runs about once a minute)."""


@dataclass(frozen=True)
class RetroFigures:
    actions: SprintActions
    debt_share: float | None
    radar_gaps: dict[Friction, float | None]
    """Per dimension, the radar's product-minus-engineering gap, where it showed one."""


def _gaps(radar: Radar) -> dict[Friction, float | None]:
    return {Friction(row.dimension): row.gap for row in radar.dimensions if not row.team_defined}


def count_live(tx: Tx, retro_ids: Sequence[str]) -> dict[str, RetroFigures]:
    """The retros' figures counted from their rows: what a rollup holds, and what the company
    view shows for a retro with no current rollup."""
    ids = list(retro_ids)
    signals = trend_q.signals_of(tx, ids)
    capacity = trend_q.capacity_of(tx, ids)
    actions = actions_by_retro(tx, ids)
    radars = radars_by_retro(tx, ids, own_dimensions=False)
    return {
        i: RetroFigures(
            actions[i],
            debt_share_of(signals.get(i, SprintSignals()), capacity.get(i)),
            _gaps(radars[i]),
        )
        for i in ids
    }


def _figures(rollup: Rollup) -> RetroFigures:
    return RetroFigures(
        SprintActions(
            rollup.agreed, rollup.done, rollup.dropped, rollup.still_open, rollup.carried
        ),
        rollup.debt_share,
        dict(zip(DIMENSIONS, rollup.radar_gaps, strict=True)),
    )


def to_rollup(figures: RetroFigures) -> Rollup:
    a = figures.actions
    return Rollup(
        a.agreed,
        a.done,
        a.dropped,
        a.still_open,
        a.carried,
        figures.debt_share,
        tuple(figures.radar_gaps.get(d) for d in DIMENSIONS),
    )


def latest_figures(
    tx: Tx, team_ids: Sequence[str], *, last: int
) -> tuple[dict[str, list[SprintRetro]], dict[str, RetroFigures]]:
    """Each team's latest closed retros, and each one's figures: from its rollup where that is
    current, else counted from its rows."""
    sprints, rolled_up = rollup_q.latest_with_rollups(tx, team_ids, last=last)
    found = {i: _figures(r) for i, r in rolled_up.items()}
    missing = [s.id for retros in sprints.values() for s in retros if s.id not in found]
    if missing:
        found.update(count_live(tx, missing))
    return sprints, found


def do_roll_up(ctx: Ctx, retro_ids: Sequence[str]) -> int:
    """Count the closed ones of these retros and write their rollups; how many were written.
    Counted in one consistent read, each with the version the read saw, so a change committed
    meanwhile leaves a rollup at an older version, which nothing reads."""
    with ctx.db.read(consistent=True) as tx:
        versions = rollup_q.closed_versions(tx, retro_ids)
        counted = count_live(tx, list(versions))
    with ctx.db.write() as tx:
        rollup_q.save(tx, {i: (versions[i], to_rollup(counted[i])) for i in versions})
    return len(versions)


def do_refresh(ctx: Ctx, payload: dict[str, Any]) -> None:
    """The worker's job for a `retro_rollup` row: a retro (`retro_id`) or every closed retro
    of a team (`team_id`)."""
    team_id = payload.get("team_id")
    if isinstance(team_id, str):
        with ctx.db.read() as tx:
            retro_ids = rollup_q.closed_of_team(tx, team_id)
    else:
        retro_ids = [str(payload["retro_id"])]
    do_roll_up(ctx, retro_ids)


def do_sweep(ctx: Ctx, batch: int = SWEEP_BATCH) -> int:
    """Roll up closed retros with no current rollup, at most `batch` of them: those from
    before rollups existed, or whose queued recount was lost. How many were rolled up."""
    with ctx.db.read() as tx:
        retro_ids = rollup_q.not_current(tx, batch)
    return do_roll_up(ctx, retro_ids) if retro_ids else 0
