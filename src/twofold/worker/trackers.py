"""The worker's part in connections: testing one, creating or looking up a ticket for an item,
asking a tracker what changed, moving a ticket after its item changed in Twofold, and pushing
every new item when the team asked for that. Each call to a vendor happens here, with no
transaction open; what it learns is handed to services (a ticket's key goes back as a
`Completion`, written with the outbox row's completion)."""

from datetime import UTC, datetime
from typing import Any

from twofold.domain.actions import ActionStatus
from twofold.domain.connections import ItemKind
from twofold.domain.debt import DebtStatus
from twofold.domain.errors import Conflict
from twofold.domain.team_events import (
    ActionChanged,
    ActionCreated,
    ConnectionCheckRequested,
    DebtCreated,
    DebtStatusChanged,
    TicketLinkRequested,
    TicketPushRequested,
    TrackerPollDue,
)
from twofold.integrations import checks
from twofold.integrations.trackers import open_tracker
from twofold.services import connections, tracker_sync
from twofold.services.context import Ctx
from twofold.services.outbox import Completion
from twofold.settings import Settings
from twofold.worker.runner import Handler
from twofold.worker.subscriptions import Subscriptions


def tracker_handlers(ctx: Ctx, settings: Settings) -> dict[str, Handler]:
    timeout = settings.integrations_timeout_seconds
    base_url = settings.public_url or f"http://{settings.host}:{settings.port}"

    def check(payload: dict[str, Any]) -> None:
        """The finding is the answer, an unreachable site included: kept, not retried."""
        event = ConnectionCheckRequested.from_payload(payload)
        try:
            found = connections.opened(ctx, event.connection_id)
        except Conflict as exc:  # this worker cannot open the secrets: say so on the page
            connections.do_record_check(ctx, event.connection_id, "error", exc.message)
            return
        if found is None:
            return
        connection, secrets = found
        status, message = checks.check(
            connection.vendor, connection.settings, secrets.token, timeout
        )
        connections.do_record_check(ctx, connection.id, status, message)

    def push(payload: dict[str, Any]) -> Completion | None:
        event = TicketPushRequested.from_payload(payload)
        job = tracker_sync.push_job(ctx, event, base_url)
        if job is None:
            return None
        c = job.connection
        with open_tracker(c.vendor, c.settings, job.secrets.token, timeout) as tracker:
            # A ticket an earlier attempt made but could not record carries the marker.
            ticket = tracker.find_marked(job.marker) or tracker.create(job.item, job.marker)
        return tracker_sync.pushed(job.link.id, ticket)

    def link(payload: dict[str, Any]) -> None:
        """An existing ticket: the item is linked to it, then follows it at once. Linked
        before the row is done, so a retry after a crash finds nothing left to do."""
        event = TicketLinkRequested.from_payload(payload)
        job = tracker_sync.push_job(ctx, event, base_url)
        if job is None:
            return
        c = job.connection
        with open_tracker(c.vendor, c.settings, job.secrets.token, timeout) as tracker:
            ticket = tracker.ticket(event.ref)
        tracker_sync.do_link_found(ctx, job.link, ticket)

    def poll(payload: dict[str, Any]) -> Completion | None:
        event = TrackerPollDue.from_payload(payload)
        found = connections.opened(ctx, event.connection_id)
        if found is None:
            return None
        connection, secrets = found
        at = datetime.now(UTC)
        since = tracker_sync.poll_since(connection, at)
        with open_tracker(connection.vendor, connection.settings, secrets.token, timeout) as t:
            for remote in t.changed_since(since):
                tracker_sync.do_apply_status(ctx, connection.id, remote)
        return tracker_sync.polled(connection.id, at)

    return {
        ConnectionCheckRequested.kind: check,
        TicketPushRequested.kind: push,
        TicketLinkRequested.kind: link,
        TrackerPollDue.kind: poll,
    }


def tracker_subscriptions(ctx: Ctx, settings: Settings, subscriptions: Subscriptions) -> None:
    """What trackers do on team events: new items pushed when the team's tracker is set to
    push every new item, and tickets moved when their items are done or reopened here (not
    when the change came from the ticket itself)."""
    timeout = settings.integrations_timeout_seconds

    def move(kind: ItemKind, item_id: str, done: bool) -> None:
        job = tracker_sync.move_job(ctx, kind, item_id)
        if job is None or job.link.key is None:
            return
        c = job.connection
        with open_tracker(c.vendor, c.settings, job.secrets.token, timeout) as tracker:
            moved = tracker.move(job.link.key, done)
        if moved is not None:
            tracker_sync.do_record_moved(ctx, job.link.id, moved)

    def action_changed(event: ActionChanged) -> None:
        if "status" in event.changed and not event.by_tracker:
            move("action", event.action_id, event.status == ActionStatus.DONE.value)

    def debt_changed(event: DebtStatusChanged) -> None:
        if not event.by_tracker:
            move("debt", event.debt_id, event.status == DebtStatus.DONE.value)

    subscriptions.subscribe(
        ActionCreated, lambda e: void(tracker_sync.do_auto_push(ctx, "action", e.action_id))
    )
    subscriptions.subscribe(
        DebtCreated, lambda e: void(tracker_sync.do_auto_push(ctx, "debt", e.debt_id))
    )
    subscriptions.subscribe(ActionChanged, action_changed)
    subscriptions.subscribe(DebtStatusChanged, debt_changed)


def void(_: object) -> None:
    """Subscribers answer nothing; what a call returned is of no use to the worker."""
