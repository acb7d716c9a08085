"""A board's events over HTTP, for scripts catching up without a socket."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from twofold.api.deps import ActorDep, CtxDep
from twofold.api.schemas.board_events import BoardEventPage, LoggedEvent
from twofold.live.hub import Hub, tag_of
from twofold.services.board import replay

router = APIRouter(tags=["live"])


@router.get("/api/retros/{retro_id}/events")
def board_events(
    retro_id: str,
    request: Request,
    actor: ActorDep,
    ctx: CtxDep,
    since: Annotated[int, Query(description="The last seq you have; 0 for all.")] = 0,
    limit: Annotated[int, Query(ge=1, le=replay.PAGE_MAX)] = 100,
    log: Annotated[str, Query(max_length=64, description="`log` of the previous page.")] = "",
) -> BoardEventPage:
    """The events after `since`, visible to you exactly as the board socket sends them."""
    hub: Hub = request.app.state.hub
    page = replay.events_since(ctx, actor, retro_id, since, limit, log)
    return BoardEventPage(
        retro_id=retro_id,
        log=page.log,
        head=page.head,
        events=[
            LoggedEvent(seq=e.seq, tag=tag_of(hub.tags, e), event=shown) for e, shown in page.events
        ],
        next_since=page.last,
        more=page.last < page.head,
    )
