"""Retro summaries published as pages on the team's wikis (Confluence, Notion), and
published again in place.

Publishing writes the retro's page row (pending the first time) and an outbox row in one
transaction; the worker builds the page from the closing summary, creates it or updates the
page it made before, and hands back the page's id, address and version, stored in the
transaction that marks the outbox row done. Before creating, the worker looks for a page
carrying the retro's marker, so a publication tried again after a crash (the page made, its id
never stored) updates that page instead of making a second one. Every closed retro is
published to each of the team's wikis; a facilitator can publish again from the summary.
"""

from dataclasses import dataclass

from twofold.domain.connections import Connection
from twofold.domain.entities import Retro, User
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.outbox import OutboxItem
from twofold.domain.phases import Phase
from twofold.domain.team_events import WikiPublishRequested
from twofold.domain.vendors import VENDORS
from twofold.domain.wiki_pages import PageDoc, RemotePage, WikiPage
from twofold.services import outbox
from twofold.services.access import check_facilitates, check_retro_member
from twofold.services.connections import Secrets, opened
from twofold.services.context import Ctx
from twofold.services.recorder import Recorder
from twofold.services.summary import summary_in
from twofold.services.summary_page import page_doc
from twofold.services.summary_shares import OUTSIDER
from twofold.store.database import Tx
from twofold.store.queries import connections as conn_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import wiki_pages as page_q

NO_WIKI = "Wiki connection not found."


@dataclass(frozen=True)
class PageView:
    page: WikiPage | None
    """None while the retro was never published on this wiki."""
    connection: Connection
    delivery: OutboxItem | None
    """The latest publication's outbox row while it is not done: how many tries, the last
    error, or that it was given up."""


def _view(tx: Tx, page: WikiPage, connection: Connection) -> PageView:
    delivery = None
    if page.outbox_id:
        delivery = outbox.items_by_id(tx, [page.outbox_id]).get(page.outbox_id)
        if delivery is not None and delivery.state == "done":
            delivery = None
    return PageView(page, connection, delivery)


def _wikis_of(tx: Tx, team_id: str, *, lock: bool = False) -> list[Connection]:
    return [
        c
        for c in conn_q.connections_of_team(tx, team_id, lock=lock)
        if VENDORS[c.vendor].kind == "wiki"
    ]


def _queue(rec: Recorder, retro: Retro, connection: Connection) -> PageView:
    """Queue the retro's publication on `connection`; one already waiting is left as it is
    (it will publish the summary as it is when it runs)."""
    tx = rec.tx
    page = page_q.page_for(tx, connection.id, retro.id, lock=True)
    if page is not None:
        view = _view(tx, page, connection)
        if view.delivery is not None and view.delivery.state == "pending":
            return view
    outbox_id = rec.job(WikiPublishRequested(retro.team_id, connection.id, retro.id))
    if page is None:
        page_q.insert_pending(tx, retro.team_id, retro.id, connection.id, outbox_id)
    else:
        page_q.set_outbox(tx, page.id, outbox_id)
    found = page_q.page_for(tx, connection.id, retro.id)
    assert found is not None
    return _view(tx, found, connection)


def _check_closed(retro: Retro) -> None:
    if retro.phase != Phase.CLOSED:
        raise Conflict(
            "A retro's summary is published once the retro is closed.",
            code="wrong_phase",
            params={"phase": retro.phase.value},
        )


def do_publish(ctx: Ctx, user: User, retro_id: str, connection_id: str) -> PageView:
    """Publish (or publish again) the closed retro's summary on one of the team's wikis."""
    with ctx.recording() as rec:
        retro = check_retro_member(rec.tx, user, retro_id)
        me = team_q.membership(rec.tx, retro.team_id, user.id)
        assert me is not None
        check_facilitates(me, "publish a retro's summary")
        # Locked like the tracker's connection: two clicks at once queue one publication.
        wikis = {c.id: c for c in _wikis_of(rec.tx, retro.team_id, lock=True)}
        connection = wikis.get(connection_id)
        if connection is None:
            raise NotFound(NO_WIKI)
        _check_closed(retro)
        return _queue(rec, retro, connection)


def do_publish_closed(ctx: Ctx, retro_id: str) -> int:
    """A retro just closed: its summary goes to each of the team's wikis. How many were
    queued."""
    with ctx.recording() as rec:
        retro = retro_q.retro_by_id(rec.tx, retro_id)
        if retro is None or retro.phase != Phase.CLOSED:
            return 0
        wikis = _wikis_of(rec.tx, retro.team_id, lock=True)
        for connection in wikis:
            _queue(rec, retro, connection)
        return len(wikis)


def pages(ctx: Ctx, user: User, retro_id: str) -> list[PageView]:
    """Where the retro's summary is published, for the team's members: one per wiki the team
    has connected, published or not."""
    with ctx.db.read() as tx:
        retro = check_retro_member(tx, user, retro_id)
        found = {p.connection_id: p for p in page_q.pages_of_retro(tx, retro.id)}
        return [
            _view(tx, found[c.id], c) if c.id in found else PageView(None, c, None)
            for c in _wikis_of(tx, retro.team_id)
        ]


@dataclass(frozen=True)
class PublishJob:
    connection: Connection
    secrets: Secrets
    page: WikiPage
    doc: PageDoc


def publish_job(ctx: Ctx, event: WikiPublishRequested, base_url: str) -> PublishJob | None:
    """What the worker needs to publish the page; None when there is nothing to do any more
    (the connection or the retro was removed, or the retro was reopened)."""
    found = opened(ctx, event.connection_id)
    if found is None:
        return None
    connection, secrets = found
    with ctx.db.read() as tx:
        page = page_q.page_for(tx, connection.id, event.retro_id)
        retro = retro_q.retro_by_id(tx, event.retro_id)
        if page is None or retro is None or retro.phase != Phase.CLOSED:
            return None
        summary = summary_in(tx, retro, OUTSIDER)
    link = f"{base_url.rstrip('/')}/retros/{retro.id}"
    return PublishJob(connection, secrets, page, page_doc(summary, link))


def published(page: WikiPage, remote: RemotePage) -> outbox.Completion:
    """The page as the wiki has it now. A wiki that counts versions (Confluence) says which;
    for one that does not (Notion), each publication counts one."""
    version = remote.version if remote.version > 0 else (page.version or 0) + 1

    def record(tx: Tx) -> None:
        page_q.mark_published(tx, page.id, remote, version)

    return record
