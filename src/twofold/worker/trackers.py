"""The worker's part in trackers: testing a connection, creating a ticket for an item, and
asking what changed. Each call to the vendor happens here, with no transaction open; what it
learns is handed to services (a ticket's key goes back as a `Completion`, written with the
outbox row's completion)."""

from datetime import UTC, datetime
from typing import Any

from twofold.domain.connections import Connection
from twofold.domain.team_events import ConnectionCheckRequested, TicketPushRequested, TrackerPollDue
from twofold.integrations.jira import client as jira
from twofold.integrations.jira import issues
from twofold.services import connections, tracker_sync
from twofold.services.connections import Secrets
from twofold.services.context import Ctx
from twofold.services.outbox import Completion
from twofold.settings import Settings
from twofold.worker.runner import Handler


def _client(connection: Connection, secrets: Secrets, timeout: float) -> jira.JiraClient:
    account = jira.Account(connection.settings.site_url, connection.settings.email, secrets.token)
    return jira.JiraClient(account, timeout)


def tracker_handlers(ctx: Ctx, settings: Settings) -> dict[str, Handler]:
    timeout = settings.integrations_timeout_seconds
    base_url = settings.public_url or f"http://{settings.host}:{settings.port}"

    def check(payload: dict[str, Any]) -> None:
        """The finding is the answer, an unreachable site included: kept, not retried."""
        event = ConnectionCheckRequested.from_payload(payload)
        found = connections.opened(ctx, event.connection_id)
        if found is None:
            return
        connection, secrets = found
        with _client(connection, secrets, timeout) as client:
            status, message = jira.check(client, connection.settings.project_key)
        connections.do_record_check(ctx, connection.id, status, message)

    def push(payload: dict[str, Any]) -> Completion | None:
        event = TicketPushRequested.from_payload(payload)
        job = tracker_sync.push_job(ctx, event, base_url)
        if job is None:
            return None
        settings_ = job.connection.settings
        with _client(job.connection, job.secrets, timeout) as client:
            # A ticket an earlier attempt made but could not record carries the marker.
            earlier = next(
                client.search(issues.by_marker(settings_, job.marker), issues.STATUS_FIELDS),
                None,
            )
            if earlier is not None:
                key = str(earlier["key"])
                seen = issues.issue_status(earlier)
                return tracker_sync.pushed(
                    job.link.id, key, client.browse_url(key), seen.status if seen else None
                )
            created = client.create_issue(issues.fields(settings_, job.item, job.marker))
        return tracker_sync.pushed(job.link.id, created.key, created.url, None)

    def poll(payload: dict[str, Any]) -> Completion | None:
        event = TrackerPollDue.from_payload(payload)
        found = connections.opened(ctx, event.connection_id)
        if found is None:
            return None
        connection, secrets = found
        at = datetime.now(UTC)
        jql = issues.changed_since(connection.settings, tracker_sync.poll_minutes(connection, at))
        with _client(connection, secrets, timeout) as client:
            for issue in client.search(jql, issues.STATUS_FIELDS):
                seen = issues.issue_status(issue)
                if seen is not None:
                    remote = issues.remote_status(connection.settings, seen)
                    tracker_sync.do_apply_status(ctx, connection.id, remote)
        return tracker_sync.polled(connection.id, at)

    return {
        ConnectionCheckRequested.kind: check,
        TicketPushRequested.kind: push,
        TrackerPollDue.kind: poll,
    }
