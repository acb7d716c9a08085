"""A worker as the settings describe it, with a handler for every kind this instance can do."""

from twofold.domain.mail import MAIL_KIND
from twofold.domain.outbox import RetryPolicy
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.worker.mail import mail_handler, smtp_config
from twofold.worker.runner import Handler, Worker


def handlers_for(settings: Settings) -> dict[str, Handler]:
    """Mail is handled only when a mail server is set; until then queued mail waits."""
    handlers: dict[str, Handler] = {}
    if settings.mail_enabled:
        handlers[MAIL_KIND] = mail_handler(smtp_config(settings))
    return handlers


def worker_for(ctx: Ctx, settings: Settings) -> Worker:
    policy = RetryPolicy(
        max_attempts=settings.worker_max_attempts, first_delay=settings.worker_retry_seconds
    )
    return Worker(
        ctx, handlers_for(settings), policy=policy, poll_seconds=settings.worker_poll_seconds
    )
