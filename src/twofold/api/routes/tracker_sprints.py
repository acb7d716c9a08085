"""A retro's sprint signals read from the team's tracker: list its sprints (Jira sprints,
Linear cycles, GitHub milestones), pick one, see the figures with where they came from. The reading is queued for the worker (202)."""

from typing import Any, cast

from fastapi import APIRouter, status

from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas import tracker_sprints as sc
from twofold.api.schemas.signals import StoryEstimateView
from twofold.services import sprint_fetch
from twofold.services.sprint_fetch import SprintPage

router = APIRouter(prefix="/api", tags=["integrations"])


def _value(value: Any) -> sc.FigureValue:
    if isinstance(value, list):
        return [StoryEstimateView.model_validate(e) for e in value]
    return cast(float | None, value)


def _state(page: SprintPage) -> tuple[sc.FetchState, str | None]:
    found = page.fetch
    if found is None:
        return "idle", None
    if found.state == "pending":
        delivery = page.delivery
        if delivery is not None and delivery.state == "failed":
            return "failed", delivery.last_error
        return "pending", delivery.last_error if delivery else None
    return cast(sc.FetchState, found.state), found.error


def sprint_fetch_out(page: SprintPage) -> sc.TrackerSprintFetch:
    found = page.fetch
    state, error = _state(page)
    return sc.TrackerSprintFetch(
        retro_id=page.retro_id,
        connected=page.connected,
        vendor=cast(Any, page.vendor),
        unit=cast(Any, page.unit),
        may_ask=page.may_ask,
        stage=cast(Any, found.stage) if found else None,
        state=state,
        error=error,
        attempts=page.delivery.attempts if page.delivery else 0,
        sprints=[sc.TrackerSprint.model_validate(s) for s in (found.sprints if found else [])],
        sprint_id=found.sprint_id if found else None,
        sprint_name=found.sprint_name if found else None,
        fetched_at=found.fetched_at if found and found.figures else None,
        figures=[
            sc.SprintFigure(
                field=f.field,
                from_tracker=_value(f.from_tracker),
                current=_value(f.current),
                overridden=f.overridden,
            )
            for f in page.figures
        ],
        extras=page.extras,
        questions=cast(Any, page.questions),
    )


@router.get("/retros/{retro_id}/tracker-sprint")
def get_tracker_sprint(retro_id: str, actor: ActorDep, ctx: CtxDep) -> sc.TrackerSprintFetch:
    """Members: what was read from the team's tracker for this retro, and how reading goes."""
    return sprint_fetch_out(sprint_fetch.get_sprint(ctx, actor, retro_id))


@router.post("/retros/{retro_id}/tracker-sprint/sprints", status_code=status.HTTP_202_ACCEPTED)
def list_tracker_sprints(retro_id: str, user: UserDep, ctx: CtxDep) -> sc.TrackerSprintFetch:
    """Facilitators: ask the tracker for its started sprints (cycles, milestones), to pick
    from."""
    return sprint_fetch_out(sprint_fetch.do_list_sprints(ctx, user, retro_id))


@router.post("/retros/{retro_id}/tracker-sprint", status_code=status.HTTP_202_ACCEPTED)
def pick_tracker_sprint(
    retro_id: str, body: sc.SprintPick, user: UserDep, ctx: CtxDep
) -> sc.TrackerSprintFetch:
    """Facilitators: read the picked sprint's figures into the signals (overrides kept)."""
    return sprint_fetch_out(sprint_fetch.do_pick_sprint(ctx, user, retro_id, body.sprint_id))
