"""A worker as the settings describe it, with a handler for every kind this instance can do."""

from datetime import timedelta

from twofold.domain.mail import MAIL_KIND
from twofold.domain.outbox import RetryPolicy
from twofold.domain.team_events import ReportRequested
from twofold.integrations.vendor_http import allow_private_addresses
from twofold.services import audit, rollups
from twofold.services.channel_posts import enqueue_digests
from twofold.services.context import Ctx
from twofold.services.health_reports import ReportFiles, do_fail_stalled, do_remove_orphan_files
from twofold.services.scheduled import enqueue_due
from twofold.services.tracker_sync import enqueue_polls
from twofold.settings import Settings
from twofold.worker.channels import channel_handlers, channel_subscriptions
from twofold.worker.mail import mail_handler, smtp_config
from twofold.worker.reports import report_handler
from twofold.worker.rollups import rollup_handler
from twofold.worker.runner import Handler, Worker
from twofold.worker.sprint_reads import sprint_handlers
from twofold.worker.subscriptions import Subscriptions
from twofold.worker.trackers import tracker_handlers, tracker_subscriptions
from twofold.worker.wikis import wiki_handlers, wiki_subscriptions


def subscriptions_for(settings: Settings) -> Subscriptions:
    """What acts on team events on this instance: integrations subscribe here as they are
    configured. Until one does, team events are marked done as the worker reaches them."""
    return Subscriptions()


def handlers_for(
    settings: Settings, subscriptions: Subscriptions | None = None
) -> dict[str, Handler]:
    """Mail is handled only when a mail server is set; until then queued mail waits."""
    handlers = (subscriptions or subscriptions_for(settings)).handlers()
    if settings.mail_enabled:
        handlers[MAIL_KIND] = mail_handler(smtp_config(settings))
    return handlers


def worker_for(ctx: Ctx, settings: Settings, subscriptions: Subscriptions | None = None) -> Worker:
    policy = RetryPolicy(
        max_attempts=settings.worker_max_attempts, first_delay=settings.worker_retry_seconds
    )
    allow_private_addresses(settings.integrations_private_addresses)
    subscribed = subscriptions or subscriptions_for(settings)
    tracker_subscriptions(ctx, settings, subscribed)
    channel_subscriptions(ctx, subscribed)
    wiki_subscriptions(ctx, subscribed)
    handlers = handlers_for(settings, subscribed)
    kind = ReportRequested.kind
    files = ReportFiles.from_settings(settings)
    handlers[kind] = report_handler(ctx, files, handlers[kind])
    handlers[rollups.ROLLUP_KIND] = rollup_handler(ctx)
    handlers.update(tracker_handlers(ctx, settings))
    handlers.update(sprint_handlers(ctx, settings))
    handlers.update(channel_handlers(ctx, settings))
    handlers.update(wiki_handlers(ctx, settings))
    poll_every = timedelta(minutes=settings.integrations_poll_minutes)

    def scheduled(ctx: Ctx) -> int:
        """What falls due with time (reminders, agendas, polls of connected trackers, weekly
        digests to chat channels), and the
        upkeep: reports that stopped while being drawn are failed, files no report row owns any
        more are removed, and closed retros with no current rollup (from before rollups, or
        whose recount was lost) are rolled up, a batch a pass, and audit events older than
        the instance keeps them are forgotten."""
        due = enqueue_due(ctx) + enqueue_polls(ctx, poll_every) + enqueue_digests(ctx)
        do_fail_stalled(ctx, settings.report_stalled_after)
        do_remove_orphan_files(ctx, files)
        rollups.do_sweep(ctx)
        audit.do_purge(ctx, settings.audit_retention_days)
        return due

    return Worker(
        ctx,
        handlers,
        policy=policy,
        poll_seconds=settings.worker_poll_seconds,
        lease=timedelta(seconds=settings.worker_lease_seconds),
        scheduler=scheduled,
    )
