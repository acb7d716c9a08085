"""How much of each sprint went to tech debt, against the team's target.

Recorded per retro (its sprint) by any member of the team; guests never see it, people outside
the team get "not found".
"""

from dataclasses import dataclass

from pydantic import ValidationError

from twofold.domain import debt as rules
from twofold.domain.debt import SprintCapacity, SprintPoints
from twofold.domain.entities import User
from twofold.services.access import check_retro_member
from twofold.services.context import Ctx
from twofold.services.validation import invalid_from
from twofold.store.queries import debt as debt_q
from twofold.store.queries import retros as retro_q


@dataclass(frozen=True)
class CapacityView:
    retro_id: str
    capacity: SprintCapacity | None
    target: float = rules.DEBT_TARGET_PERCENT
    band: float = rules.AT_TARGET_BAND


def get_capacity(ctx: Ctx, user: User, retro_id: str) -> CapacityView:
    with ctx.db.read() as tx:
        check_retro_member(tx, user, retro_id)
        stored = debt_q.capacity_of(tx, retro_id)
    if stored is None:
        return CapacityView(retro_id, None)
    total, debt_points = stored
    return CapacityView(retro_id, rules.capacity(_points(retro_id, total, debt_points)))


def _points(retro_id: str, total_points: float, debt_points: float) -> SprintPoints:
    try:
        return SprintPoints(sprint_id=retro_id, total_points=total_points, debt_points=debt_points)
    except ValidationError as exc:
        # The only rule spanning both fields is that debt fits in the total.
        raise invalid_from(exc, default_field="debt_points") from None


def do_set_capacity(
    ctx: Ctx, user: User, retro_id: str, total_points: float, debt_points: float
) -> CapacityView:
    with ctx.db.write() as tx:
        retro_q.lock_retro(tx, retro_id)
        check_retro_member(tx, user, retro_id)
        points = _points(retro_id, total_points, debt_points)
        debt_q.save_capacity(tx, retro_id, total_points, debt_points)
    return CapacityView(retro_id, rules.capacity(points))
