"""What Twofold asks of a wiki (Confluence, Notion), whichever it is, and which client speaks
to each.

The worker holds a `Wiki` only, so publishing and publishing again are written once; each
vendor's package implements the protocol against its own API. A vendor's failures come out as
`VendorError` / `VendorUnavailable` (integrations/vendor_http.py).
"""

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from twofold.domain.connections import CheckStatus, Vendor, VendorSettings
from twofold.domain.wiki_pages import PageDoc, RemotePage


class Wiki(Protocol):
    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...

    def check(self) -> tuple[CheckStatus, str]:
        """Whether the connection can publish pages where it points, in a sentence."""
        ...

    def find(self, doc: PageDoc) -> RemotePage | None:
        """The page an earlier attempt made for this retro, found by its title and marker."""
        ...

    def create(self, doc: PageDoc) -> RemotePage: ...

    def update(self, page_id: str, doc: PageDoc) -> RemotePage:
        """The page's title and content replaced in place; a `VendorError` with
        `http_status` 404 when the page is gone (deleted in the wiki)."""
        ...


WikiOpener = Callable[[VendorSettings, str, float], Wiki]


def _confluence(settings: VendorSettings, token: str, timeout: float) -> Wiki:
    from twofold.integrations.confluence.wiki import ConfluenceWiki

    return ConfluenceWiki(settings, token, timeout)


def _notion(settings: VendorSettings, token: str, timeout: float) -> Wiki:
    from twofold.integrations.notion.wiki import NotionWiki

    return NotionWiki(settings, token, timeout)


WIKIS: dict[Vendor, WikiOpener] = {"confluence": _confluence, "notion": _notion}


def open_wiki(vendor: Vendor, settings: VendorSettings, token: str, timeout: float) -> Wiki:
    return WIKIS[vendor](settings, token, timeout)


def check_wiki(
    vendor: Vendor, settings: VendorSettings, token: str, timeout: float
) -> tuple[CheckStatus, str]:
    with open_wiki(vendor, settings, token, timeout) as wiki:
        return wiki.check()
