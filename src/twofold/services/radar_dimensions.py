"""A team's own health-radar dimensions: reading them, adding, renaming and retiring them, and
which dimensions each retro's radar asks.

Who may do what: members of the team read them; its facilitators change them. Guests, who
see one retro and nothing of its team, and outsiders get "not found".
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from twofold.domain.entities import User
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.radar import BUILT_IN, Dimension
from twofold.domain.radar_dimensions import (
    TEAM_DIMENSIONS_MAX,
    TeamDimension,
    asked_at,
    check_label,
    check_room,
)
from twofold.services.access import Actor, check_team_facilitator, check_team_member
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import radar_dimensions as dimension_q
from twofold.store.queries import teams as team_q


@dataclass(frozen=True)
class DimensionsPage:
    team_id: str
    in_use: list[TeamDimension]
    retired: list[TeamDimension]
    limit: int = TEAM_DIMENSIONS_MAX


def asked_by_retro(tx: Tx, retro_ids: Sequence[str]) -> dict[str, tuple[Dimension, ...]]:
    """Each retro's radar dimensions: the five, then its team's own that were in use when it
    started (the five alone for a retro not found)."""
    found = dimension_q.by_retro(tx, retro_ids)
    return {
        retro_id: asked_at(found[retro_id][1], found[retro_id][0])
        if retro_id in found
        else BUILT_IN
        for retro_id in retro_ids
    }


def get_dimensions(ctx: Ctx, actor: Actor, team_id: str) -> DimensionsPage:
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        return _page(tx, team_id)


def do_add(ctx: Ctx, user: User, team_id: str, label: str) -> DimensionsPage:
    """A new dimension, asked in the team's retros started from now on."""
    with _changing(ctx, user, team_id) as tx:
        in_use = _in_use(tx, team_id)
        check_room(len(in_use))
        dimension_q.add(tx, team_id, check_label(label, (d.label for d in in_use)), user.id)
        return _page(tx, team_id)


def do_rename(ctx: Ctx, user: User, team_id: str, dimension_id: str, label: str) -> DimensionsPage:
    """A new label for a dimension in use; its answers, past ones too, keep counting for it."""
    with _changing(ctx, user, team_id) as tx:
        dimension = _check_in_use(tx, team_id, dimension_id)
        others = (d.label for d in _in_use(tx, team_id) if d.id != dimension.id)
        dimension_q.rename(tx, dimension.id, check_label(label, others))
        return _page(tx, team_id)


def do_retire(ctx: Ctx, user: User, team_id: str, dimension_id: str) -> DimensionsPage:
    """Stops asking the dimension in retros started from now on; the retros that asked it
    keep its answers and show it as before."""
    with _changing(ctx, user, team_id) as tx:
        dimension_q.retire(tx, _check_in_use(tx, team_id, dimension_id).id)
        return _page(tx, team_id)


@contextmanager
def _changing(ctx: Ctx, user: User, team_id: str) -> Iterator[Tx]:
    """A write by one of the team's facilitators. The team row is held until commit, so two
    facilitators adding at once cannot both take the last free place."""
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)
        check_team_facilitator(tx, user, team_id, "change its radar dimensions")
        yield tx


def _in_use(tx: Tx, team_id: str) -> list[TeamDimension]:
    return [d for d in dimension_q.of_team(tx, team_id) if d.retired_at is None]


def _check_in_use(tx: Tx, team_id: str, dimension_id: str) -> TeamDimension:
    found = next((d for d in dimension_q.of_team(tx, team_id) if d.id == dimension_id), None)
    if found is None:
        raise NotFound("Radar dimension not found.")
    if found.retired_at is not None:
        raise Conflict(
            f"{found.label!r} is retired: it is kept for the retros that asked it and can no "
            "longer be changed. Add a new dimension instead.",
            code="dimension_retired",
            params={"label": found.label},
        )
    return found


def _page(tx: Tx, team_id: str) -> DimensionsPage:
    every = dimension_q.of_team(tx, team_id)
    return DimensionsPage(
        team_id,
        [d for d in every if d.retired_at is None],
        [d for d in every if d.retired_at is not None],
    )
