"""A retro's summary published as pages on the team's wikis. See docs/integrations.md."""

from fastapi import APIRouter, status

from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas import wiki_pages as sw
from twofold.api.schemas.connections import PushDelivery
from twofold.domain.vendors import VENDORS
from twofold.services import wiki_pages
from twofold.services.wiki_pages import PageView

router = APIRouter(prefix="/api", tags=["integrations"])


def _page(view: PageView) -> sw.WikiPageOut:
    page, connection = view.page, view.connection
    return sw.WikiPageOut(
        connection_id=connection.id,
        vendor=connection.vendor,
        name=VENDORS[connection.vendor].name,
        state=page.state if page else "unpublished",
        url=page.url if page else None,
        version=page.version if page else None,
        published_at=page.published_at if page else None,
        delivery=PushDelivery.of(view.delivery),
    )


@router.get("/retros/{retro_id}/pages")
def list_pages(retro_id: str, user: UserDep, ctx: CtxDep) -> list[sw.WikiPageOut]:
    """Where the retro's summary is published (members): per wiki, the page's link and
    version, or the publication's tries and last error."""
    return [_page(v) for v in wiki_pages.pages(ctx, user, retro_id)]


@router.post("/retros/{retro_id}/publish-page", status_code=status.HTTP_202_ACCEPTED)
def publish_page(retro_id: str, body: sw.PublishPage, user: UserDep, ctx: CtxDep) -> sw.WikiPageOut:
    """Publish the closed retro's summary on one of the team's wikis, or publish it again:
    the same page is updated in place (facilitators). Queued for the worker."""
    return _page(wiki_pages.do_publish(ctx, user, retro_id, body.connection_id))
