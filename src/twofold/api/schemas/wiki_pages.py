"""Bodies for a retro's summary published as wiki pages."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from twofold.api.schemas.base import Request, Response
from twofold.api.schemas.connections import PushDelivery
from twofold.domain.connections import Vendor
from twofold.domain.wiki_pages import WikiPageState


class PublishPage(Request):
    connection_id: str = Field(min_length=1, max_length=32)


class WikiPageOut(Response):
    connection_id: str
    vendor: Vendor
    name: str
    """The wiki as people call it (Confluence, Notion)."""
    state: WikiPageState | Literal["unpublished"]
    """`unpublished` (never asked for on this wiki), `pending` until the page first exists
    and its address is stored, then `published`."""
    url: str | None
    version: int | None
    """The page's version after the last publication (Notion: how many publications)."""
    published_at: datetime | None
    delivery: PushDelivery | None
    """While a publication is queued, being retried or given up: its tries and last error."""
