"""A team's deliveries: what the worker still has to hand on for the team, what it gave up on,
and trying again. For the team's facilitators and the instance owner only."""

from fastapi import APIRouter

from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas.deliveries import Delivery, Retried, TeamDeliveries
from twofold.domain.outbox import OutboxItem
from twofold.services import outbox

router = APIRouter(prefix="/api/teams/{team_id}/deliveries", tags=["teams"])


def _delivery(item: OutboxItem) -> Delivery:
    return Delivery(
        id=item.id,
        kind=item.kind,
        state=item.state,
        attempts=item.attempts,
        created_at=item.created_at,
        next_try_at=item.available_at if item.state == "pending" else None,
        failed_at=item.failed_at,
        last_error=item.last_error,
    )


@router.get("")
def list_deliveries(team_id: str, user: UserDep, ctx: CtxDep) -> TeamDeliveries:
    found = outbox.team_deliveries(ctx, user, team_id)
    return TeamDeliveries(
        pending=found.pending, failed=found.failed, items=[_delivery(i) for i in found.items]
    )


@router.post("/{delivery_id}/retry")
def retry_delivery(team_id: str, delivery_id: str, user: UserDep, ctx: CtxDep) -> Delivery:
    """Try again now, with every attempt again: a failed delivery, or one waiting to be retried."""
    return _delivery(outbox.do_retry_team_delivery(ctx, user, team_id, delivery_id))


@router.post("/retry-failed")
def retry_failed(team_id: str, user: UserDep, ctx: CtxDep) -> Retried:
    return Retried(retried=outbox.do_retry_team_failed(ctx, user, team_id))
