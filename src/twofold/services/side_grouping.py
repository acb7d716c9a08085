"""A team's grouping of roles into sides, and the readings that depend on it.

Every comparison of product with engineering (equal voice, the health radar, trends, the
side-by-side views, the Tech Health report) reads the grouping here, for the team or for each
retro's team, so a team that counts QA with product sees it counted so everywhere.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from twofold.domain.entities import User
from twofold.domain.radar import BUILT_IN, Radar, build_radar, side_tallies
from twofold.domain.sides import Grouping, check_grouping, read_grouping, written
from twofold.services.access import check_member, check_team_facilitator
from twofold.services.context import Ctx
from twofold.services.radar_dimensions import asked_by_retro
from twofold.store.database import Tx
from twofold.store.queries import radar as radar_q
from twofold.store.queries import side_grouping as grouping_q
from twofold.store.queries import teams as team_q


@dataclass(frozen=True)
class SidesPage:
    team_id: str
    sides: dict[str, str]
    """Role name to `product`, `engineering` or `apart`."""
    customised: bool
    """Whether the team has changed the default grouping."""


def grouping_of_team(tx: Tx, team_id: str) -> Grouping:
    return read_grouping(grouping_q.grouping_of(tx, team_id))


def groupings_by_retro(tx: Tx, retro_ids: Sequence[str]) -> dict[str, Grouping]:
    """Each retro's team's grouping (the default for a retro not found)."""
    stored = grouping_q.groupings_by_retro(tx, retro_ids)
    return {retro_id: read_grouping(stored.get(retro_id)) for retro_id in retro_ids}


def radars_by_retro(
    tx: Tx, retro_ids: Sequence[str], *, own_dimensions: bool = True
) -> dict[str, Radar]:
    """Each retro's radar by its team's sides, on the dimensions it asked (the five and the
    team's own in use when it started; the five alone without `own_dimensions`, for views
    across teams), from per-role sums taken in SQL over all of them, with the per-retro rule
    that hides a side answered by too few people."""
    tallies = radar_q.role_tallies(tx, retro_ids)
    groupings = groupings_by_retro(tx, retro_ids)
    asked = asked_by_retro(tx, retro_ids) if own_dimensions else dict.fromkeys(retro_ids, BUILT_IN)
    return {
        retro_id: build_radar(side_tallies(tallies[retro_id], groupings[retro_id]), asked[retro_id])
        for retro_id in retro_ids
    }


def get_sides(ctx: Ctx, user: User, team_id: str) -> SidesPage:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return _page(tx, team_id)


def do_put_sides(ctx: Ctx, user: User, team_id: str, raw: Mapping[str, object]) -> SidesPage:
    """Replaces the team's grouping. Saving the default grouping clears the setting, so the
    team follows the default again."""
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)
        check_team_facilitator(tx, user, team_id, "change how its roles are grouped")
        checked = check_grouping(raw)
        stored = written(checked)
        grouping_q.save_grouping(tx, team_id, None if stored == _DEFAULT else stored)
        return _page(tx, team_id)


_DEFAULT = written(read_grouping(None))


def _page(tx: Tx, team_id: str) -> SidesPage:
    stored = grouping_q.grouping_of(tx, team_id)
    return SidesPage(team_id, written(read_grouping(stored)), stored is not None)
