"""A retro's summary posted to the team's chat channels. See docs/integrations.md."""

from fastapi import APIRouter, status

from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas import channel_posts as sp
from twofold.api.schemas.connections import PushDelivery
from twofold.domain.vendors import VENDORS
from twofold.services import channel_posts
from twofold.services.channel_posts import PostView

router = APIRouter(prefix="/api", tags=["integrations"])


def _post(view: PostView) -> sp.ChannelPostOut:
    post = view.post
    return sp.ChannelPostOut(
        id=post.id,
        connection_id=post.connection_id,
        vendor=VENDORS[view.vendor].vendor,
        name=VENDORS[view.vendor].name,
        kind=post.kind,
        state=post.state,
        url=post.url,
        error=post.error,
        attempts=post.attempts,
        posted_at=post.posted_at,
        updated_at=post.updated_at,
        delivery=PushDelivery.of(view.delivery),
    )


@router.get("/retros/{retro_id}/posts")
def list_posts(retro_id: str, actor: ActorDep, ctx: CtxDep) -> list[sp.ChannelPostOut]:
    """Where the retro's summary was posted, and how each post went (team members)."""
    return [_post(v) for v in channel_posts.posts_of_retro(ctx, actor, retro_id)]


@router.post("/retros/{retro_id}/publish", status_code=status.HTTP_202_ACCEPTED)
def publish(retro_id: str, body: sp.PublishTo, user: UserDep, ctx: CtxDep) -> sp.ChannelPostOut:
    """Post the closed retro's summary to one of the team's chat channels (facilitators).
    Queued for the worker; published again, a Slack bot's message is updated in place."""
    return _post(channel_posts.do_publish(ctx, user, retro_id, body.connection_id))
