"""The worker's part in wikis: publishing a retro's summary as a page, and publishing every
retro as it closes. The wiki is reached here, with no transaction open; the page's id and
address go back as a `Completion`, written with the outbox row's completion."""

from typing import Any

from twofold.domain.team_events import RetroClosed, WikiPublishRequested
from twofold.domain.wiki_pages import RemotePage
from twofold.integrations.vendor_http import VendorError
from twofold.integrations.wikis import open_wiki
from twofold.services import wiki_pages
from twofold.services.context import Ctx
from twofold.services.outbox import Completion
from twofold.settings import Settings
from twofold.worker.runner import Handler
from twofold.worker.subscriptions import Subscriptions


def wiki_handlers(ctx: Ctx, settings: Settings) -> dict[str, Handler]:
    timeout = settings.integrations_timeout_seconds
    base_url = settings.public_url or f"http://{settings.host}:{settings.port}"

    def publish(payload: dict[str, Any]) -> Completion | None:
        event = WikiPublishRequested.from_payload(payload)
        job = wiki_pages.publish_job(ctx, event, base_url)
        if job is None:
            return None
        c, doc = job.connection, job.doc
        with open_wiki(c.vendor, c.settings, job.secrets.token, timeout) as wiki:
            remote: RemotePage | None = None
            known = job.page.remote_id
            if known is not None:
                try:
                    remote = wiki.update(known, doc)
                except VendorError as exc:
                    if exc.http_status != 404:  # a page deleted in the wiki is made anew
                        raise
            if remote is None:
                # A page an earlier attempt made but could not record carries the marker.
                earlier = wiki.find(doc)
                remote = wiki.update(earlier.id, doc) if earlier else wiki.create(doc)
        return wiki_pages.published(job.page, remote)

    return {WikiPublishRequested.kind: publish}


def wiki_subscriptions(ctx: Ctx, subscriptions: Subscriptions) -> None:
    """A closed retro is published to each of the team's wikis."""

    def closed(event: RetroClosed) -> None:
        wiki_pages.do_publish_closed(ctx, event.retro_id)

    subscriptions.subscribe(RetroClosed, closed)
