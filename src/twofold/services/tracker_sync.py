"""Action and debt items that live in the team's tracker too: pushed as tickets, their status
coming back.

A push writes a pending link and an outbox row in one transaction; the worker creates the
ticket and hands back the key, which is stored in the transaction that marks the row done.
Before creating, the worker looks for a ticket carrying the item's marker label, so a push
tried again after a crash (the ticket made, the key never stored) finds that ticket instead
of making a second one. Status comes back from the tracker's webhooks and, in case one went
missing, from the worker asking what changed every few minutes; both end in `do_apply_status`,
which moves the item through the same path as any other change, so open boards see it.

The other way round, an item done or reopened in Twofold moves its ticket (`move_job`), and a
ticket that already exists can be linked to an item by its key or address (`do_link`). Every
tracker is reached through the `Tracker` protocol, so all of this is written once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from twofold.domain.actions import owner_ids
from twofold.domain.connections import (
    Connection,
    ItemKind,
    Outgoing,
    RemoteStatus,
    Ticket,
    TicketLink,
    TrackerSettings,
    marker,
)
from twofold.domain.debt import DebtStatus
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Invalid, NotFound, Unauthenticated
from twofold.domain.item_history import Change, Source
from twofold.domain.outbox import OutboxItem
from twofold.domain.team_events import (
    DebtStatusChanged,
    TicketLinkRequested,
    TicketPushRequested,
    TrackerPollDue,
)
from twofold.domain.vendors import VENDORS
from twofold.integrations.webhooks import read_webhook
from twofold.services import actions, item_history, outbox
from twofold.services.access import check_in_team, check_member
from twofold.services.connections import Secrets, opened
from twofold.services.context import Ctx
from twofold.services.recorder import Recorder
from twofold.store.database import Tx
from twofold.store.queries import actions as action_q
from twofold.store.queries import connections as conn_q
from twofold.store.queries import debt as debt_q
from twofold.store.queries import item_history as history_q
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import now

MISSING = {"action": "Action item not found.", "debt": "Debt item not found."}
POLL_MARGIN = timedelta(minutes=2)
"""Each poll reaches back this much before the last one, so a change made while a poll ran
is not missed between two windows."""
FIRST_POLL = timedelta(hours=1)
REF_MAX = 400


@dataclass(frozen=True)
class TicketView:
    link: TicketLink
    delivery: OutboxItem | None
    """The push's outbox row while it is not linked: how many tries, the last error."""


def _team_of(tx: Tx, kind: ItemKind, item_id: str) -> str | None:
    if kind == "action":
        record = action_q.action_by_id(tx, item_id)
        return record.item.team_id if record else None
    found = debt_q.item_by_id(tx, item_id)
    return found.item.team_id if found else None


def _view(tx: Tx, link: TicketLink) -> TicketView:
    delivery = None
    if link.state == "pending" and link.outbox_id:
        delivery = outbox.items_by_id(tx, [link.outbox_id]).get(link.outbox_id)
    return TicketView(link, delivery)


def _not_connected() -> Conflict:
    return Conflict(
        "Connect the team to a tracker (Jira, for one) first, on its Integrations page.",
        code="not_connected",
    )


def _queue(
    rec: Recorder, team_id: str, kind: ItemKind, item_id: str, ref: str | None = None
) -> TicketView | None:
    """Queue the item's push (or, given a `ref`, the lookup of an existing ticket); what is
    already queued or linked is left as it is. None when the team has no tracker."""
    tx = rec.tx
    # The connection is locked, not just the link: two people pushing an item that has no
    # link yet would otherwise both insert one, and the second would meet the unique key.
    connection = conn_q.tracker_of_team(tx, team_id, lock=True)
    if connection is None:
        return None
    link = conn_q.link_for(tx, connection.id, kind, item_id, lock=True)
    if link is not None:
        view = _view(tx, link)
        if view.delivery is None or view.delivery.state != "failed":
            if ref is not None:
                raise Conflict(
                    f"This item already follows {link.key or 'a ticket being made'}.",
                    code="already_linked",
                )
            return view
    event: TicketPushRequested | TicketLinkRequested
    if ref is None:
        event = TicketPushRequested(team_id, connection.id, kind, item_id)
    else:
        event = TicketLinkRequested(team_id, connection.id, kind, item_id, ref)
    outbox_id = rec.job(event)
    if link is None:
        link = conn_q.insert_pending(tx, team_id, connection.id, kind, item_id, outbox_id)
    else:
        conn_q.set_outbox(tx, link.id, outbox_id)
    found = conn_q.link_for(tx, connection.id, kind, item_id)
    assert found is not None
    return _view(tx, found)


def do_push(ctx: Ctx, user: User, kind: ItemKind, item_id: str) -> TicketView:
    """Queue the item's ticket. Pushing again changes nothing while it is queued or linked;
    a push the worker gave up on is queued afresh."""
    with ctx.recording() as rec:
        team_id = _team_of(rec.tx, kind, item_id)
        if team_id is None:
            raise NotFound(MISSING[kind])
        check_in_team(rec.tx, user, team_id, MISSING[kind])
        view = _queue(rec, team_id, kind, item_id)
    if view is None:
        raise _not_connected()
    return view


def do_link(ctx: Ctx, user: User, kind: ItemKind, item_id: str, ref: str) -> TicketView:
    """Have the item follow a ticket that exists already, named by its key or address; the
    worker looks it up (a ticket the tracker does not have fails the link, with the reason,
    and another can be named)."""
    cleaned = " ".join((ref or "").split())
    if not cleaned or len(cleaned) > REF_MAX:
        message = f"Give the ticket's key or address (at most {REF_MAX} characters)."
        raise Invalid(
            message, code="validation_error", details=[{"field": "ref", "message": message}]
        )
    with ctx.recording() as rec:
        team_id = _team_of(rec.tx, kind, item_id)
        if team_id is None:
            raise NotFound(MISSING[kind])
        check_in_team(rec.tx, user, team_id, MISSING[kind])
        view = _queue(rec, team_id, kind, item_id, cleaned)
    if view is None:
        raise _not_connected()
    return view


def do_auto_push(ctx: Ctx, kind: ItemKind, item_id: str) -> bool:
    """A new item, pushed when the team's tracker is set to push every new item. True when
    a push was queued."""
    with ctx.recording() as rec:
        team_id = _team_of(rec.tx, kind, item_id)
        if team_id is None:
            return False
        connection = conn_q.tracker_of_team(rec.tx, team_id)
        settings = connection.settings if connection else None
        if not isinstance(settings, TrackerSettings) or not settings.auto_push:
            return False
        return _queue(rec, team_id, kind, item_id) is not None


def tickets(ctx: Ctx, user: User, team_id: str) -> list[TicketView]:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        connection = conn_q.tracker_of_team(tx, team_id)
        if connection is None:
            return []
        links = conn_q.links_of_connection(tx, connection.id)
        return [_view(tx, link) for link in links]


@dataclass(frozen=True)
class PushJob:
    connection: Connection
    secrets: Secrets
    link: TicketLink
    item: Outgoing
    marker: str


def _outgoing(tx: Tx, kind: ItemKind, item_id: str, base_url: str) -> Outgoing | None:
    if kind == "action":
        record = action_q.action_by_id(tx, item_id)
        if record is None:
            return None
        item = record.item
        friction = conn_q.card_friction(tx, record.view.source_card_id)
        labels = ("retro", *((friction,) if friction else ()))
        owner = record.view.owner_name or ""
        text = f"Action item agreed in a Twofold retro.{f' Owner: {owner}.' if owner else ''}"
        # A joint item goes to its PM, named first; the description names both.
        person = user_q.user_by_id(tx, owner_ids(item.owner)[0]) if item.owner else None
        return Outgoing(
            item.title,
            text,
            f"{base_url}/teams/{item.team_id}/actions",
            labels,
            item.due,
            person.email if person else None,
        )
    found = debt_q.item_by_id(tx, item_id)
    if found is None:
        return None
    debt = found.item
    return Outgoing(
        debt.title,
        debt.description or "Tech debt from Twofold's backlog.",
        f"{base_url}/teams/{debt.team_id}/debt",
        ("tech-debt",),
        None,
    )


def push_job(
    ctx: Ctx, event: TicketPushRequested | TicketLinkRequested, base_url: str
) -> PushJob | None:
    """What the worker needs to create (or look up) the ticket; None when there is nothing
    to do any more (the item, or the connection, was removed, or the ticket is linked
    already)."""
    kind: ItemKind = "debt" if event.item_kind == "debt" else "action"
    found = opened(ctx, event.connection_id)
    if found is None:
        return None
    connection, secrets = found
    with ctx.db.read() as tx:
        link = conn_q.link_for(tx, connection.id, kind, event.item_id)
        item = _outgoing(tx, kind, event.item_id, base_url.rstrip("/"))
    if link is None or link.state == "linked" or item is None:
        return None
    return PushJob(connection, secrets, link, item, marker(kind, event.item_id))


def pushed(link_id: str, ticket: Ticket) -> outbox.Completion:
    def record(tx: Tx) -> None:
        conn_q.mark_linked(tx, link_id, ticket.key, ticket.url, ticket.status)

    return record


def do_link_found(ctx: Ctx, link: TicketLink, ticket: Ticket) -> None:
    """An existing ticket looked up for an item: linked, and the item follows its status."""
    with ctx.db.write() as tx:
        conn_q.mark_linked(tx, link.id, ticket.key, ticket.url, ticket.status)
    if ticket.status is not None and ticket.done is not None:
        remote = RemoteStatus(ticket.key, ticket.status, ticket.done, None, now())
        do_apply_status(ctx, link.connection_id, remote)


@dataclass(frozen=True)
class MoveJob:
    connection: Connection
    secrets: Secrets
    link: TicketLink


def move_job(ctx: Ctx, kind: ItemKind, item_id: str) -> MoveJob | None:
    """The linked ticket of an item changed in Twofold, with what the worker needs to move
    it; None when the item has no linked ticket on the team's tracker."""
    with ctx.db.read() as tx:
        links = conn_q.links_of_items(tx, kind, [item_id])
    link = links.get(item_id)
    if link is None or link.state != "linked" or link.key is None:
        return None
    found = opened(ctx, link.connection_id)
    if found is None:
        return None
    return MoveJob(found[0], found[1], link)


def do_record_moved(ctx: Ctx, link_id: str, remote: RemoteStatus) -> None:
    """The ticket's status after Twofold moved it, kept as the last seen (the last change
    wins against a report of an older one)."""
    with ctx.db.write() as tx:
        conn_q.set_remote_status(tx, link_id, remote.status, "Twofold", remote.at or now())


def do_apply_status(ctx: Ctx, connection_id: str, remote: RemoteStatus) -> bool:
    """The ticket's status as the tracker reports it; the item follows when the ticket was
    done or reopened. A report older than the last one kept is ignored (the last change
    wins). True when the item changed."""
    with ctx.db.write() as tx:
        link = conn_q.link_by_key(tx, connection_id, remote.key)
        if link is None:
            return False
        at = remote.at or now()
        if link.status_at is not None and at < link.status_at:
            return False
        conn_q.set_remote_status(tx, link.id, remote.status, remote.by, at)
        connection = conn_q.connection_by_id(tx, connection_id)
    source = item_history.from_tracker(
        connection.vendor if connection else None, remote.key, remote.by
    )
    if link.item_kind == "action":
        try:
            followed = actions.do_follow_tracker(ctx, link.item_id, remote.done, source)
            moved = followed is not None
        except NotFound:
            return False
    else:
        moved = _follow_debt(ctx, link.item_id, remote.done, source)
    if moved:
        # The boards heard it with the change; the team's list pages are told here.
        ctx.notify_team(link.team_id, "actions")
    return moved


def _follow_debt(ctx: Ctx, debt_id: str, done: bool, source: Source) -> bool:
    with ctx.recording() as rec:
        found = debt_q.item_by_id(rec.tx, debt_id)
        if found is None:
            return False
        status = found.item.status
        if done and status not in (DebtStatus.DONE, DebtStatus.WONT_FIX):
            target = DebtStatus.DONE
        elif not done and status == DebtStatus.DONE:
            target = DebtStatus.OPEN
        else:
            return False
        debt_q.update_item(rec.tx, debt_id, {"status": target.value})
        history_q.add(
            rec.tx,
            found.item.team_id,
            "debt",
            debt_id,
            [Change("status", status.value, target.value)],
            source,
        )
        rec.team(DebtStatusChanged(found.item.team_id, debt_id, target.value, by_tracker=True))
    return True


def enqueue_polls(ctx: Ctx, every: timedelta) -> int:
    """One poll per connection and period; every worker may call it, the outbox keeps one."""
    slot = str(int(now().timestamp() // every.total_seconds()))
    queued = 0
    with ctx.recording() as rec:
        for connection in conn_q.all_connections(rec.tx):
            if VENDORS[connection.vendor].kind == "tracker":
                queued += rec.team(TrackerPollDue(connection.team_id, connection.id, slot))
    return queued


def poll_since(connection: Connection, at: datetime) -> datetime:
    """How far back a poll asks: since the last poll, with a margin."""
    return (connection.polled_at or (at - FIRST_POLL)) - POLL_MARGIN


def polled(connection_id: str, at: datetime) -> outbox.Completion:
    def record(tx: Tx) -> None:
        conn_q.set_polled(tx, connection_id, at)

    return record


def do_webhook(
    ctx: Ctx, vendor: str, connection_id: str, body: bytes, headers: dict[str, str]
) -> bool:
    """A webhook from a tracker: applied only when signed with the connection's webhook
    secret (an unknown connection, or one of another vendor, answers the same, so ids cannot
    be probed). True when an item moved."""
    refused = Unauthenticated(
        "The webhook's signature does not match this connection's secret.", code="bad_signature"
    )
    try:
        found = opened(ctx, connection_id)
    except Conflict:  # no key to open the secret with
        raise refused from None
    if found is None or found[0].vendor != vendor or found[1].webhook is None:
        raise refused
    connection, secrets = found
    assert secrets.webhook is not None
    changes = read_webhook(connection.vendor, connection.settings, secrets.webhook, body, headers)
    if changes is None:
        raise refused
    moved = False
    for remote in changes:
        moved = do_apply_status(ctx, connection.id, remote) or moved
    return moved
