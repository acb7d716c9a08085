"""A team's action items between retros, and how well the team follows through."""

from typing import Any

from fastapi import APIRouter, status

from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas import actions as sa
from twofold.api.schemas.item_history import HistoryEntryOut, history_out
from twofold.domain.actions import ActionCategory, ActionStatus
from twofold.domain.actions import FollowThrough as Counts
from twofold.domain.events import ActionView
from twofold.services import actions

router = APIRouter(prefix="/api", tags=["actions"])


def _rate(c: Counts) -> dict[str, Any]:
    return {"due": c.due, "done": c.done, "excluded_drops": c.excluded_drops, "rate": c.rate}


@router.get("/teams/{team_id}/actions")
def list_actions(
    team_id: str,
    user: UserDep,
    ctx: CtxDep,
    status: ActionStatus | None = None,
    category: ActionCategory | None = None,
) -> list[ActionView]:
    """Every action item of the team, newest first; `status` and `category` filter."""
    return actions.list_actions(ctx, user, team_id, status=status, category=category)


@router.patch("/actions/{action_id}")
def update_action(
    action_id: str, body: sa.ActionUpdate, actor: ActorDep, ctx: CtxDep
) -> ActionView:
    """Move an item along (dropping needs a `reason`), or correct its title, due date, owner or
    category. Fields left out stay as they are. Guests may correct (not move along) the items
    of their own retro during its discuss and actions phases."""
    given = body.model_fields_set
    return actions.do_update_action(
        ctx,
        actor,
        action_id,
        status=body.status,
        reason=body.reason or None,
        title=body.title,
        due=body.due if "due" in given else actions.UNSET,
        owner=body.owner if "owner" in given else actions.UNSET,
        owner_name=(body.owner_name or None) if "owner_name" in given else actions.UNSET,
        category=body.category if "category" in given else actions.UNSET,
    )


@router.get("/actions/{action_id}/history")
def action_history(action_id: str, user: UserDep, ctx: CtxDep) -> list[HistoryEntryOut]:
    """What became of the item, newest first (the last 200 changes): who changed which field
    and when, whether a person, a retro's review or the team's tracker. Team members only."""
    return history_out(actions.action_history(ctx, user, action_id))


@router.delete("/actions/{action_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_action(action_id: str, actor: ActorDep, ctx: CtxDep) -> None:
    """Delete an item for good (with what retros decided about it). Team members may delete
    any item of their team; guests the items of their own retro during its discuss and
    actions phases."""
    actions.do_delete_action(ctx, actor, action_id)


@router.get("/retros/{retro_id}/owners")
def owner_choices(retro_id: str, actor: ActorDep, ctx: CtxDep) -> list[sa.OwnerChoice]:
    """The team's members, who may own this retro's action items; for anyone in the retro."""
    return [
        sa.OwnerChoice(user_id=o.user_id, display_name=o.display_name, role=o.role)
        for o in actions.owner_choices(ctx, actor, retro_id)
    ]


@router.get("/teams/{team_id}/follow-through")
def follow_through(team_id: str, user: UserDep, ctx: CtxDep) -> sa.FollowThrough:
    """Done ÷ due as of today, for the team and per category (docs/api.md says what counts)."""
    report = actions.follow_through(ctx, user, team_id)
    return sa.FollowThrough(
        as_of=report.as_of,
        overall=sa.Rate(**_rate(report.overall)),
        categories=[
            sa.CategoryRate(category=cat, **_rate(counts))
            for cat, counts in report.by_category.items()
        ],
    )
