"""The worker's part in chat channels: posting a queued summary or digest, and queueing each
closed retro's summary for the channels set to post on close. The call to the vendor happens
here with no transaction open; what the channel answered goes back as a `Completion`."""

from typing import Any

from twofold.domain.team_events import ChannelPostRequested, RetroClosed
from twofold.integrations.chat.channels import message_for, open_channel
from twofold.integrations.vendor_http import VendorError, VendorUnavailable
from twofold.services import channel_posts
from twofold.services.context import Ctx
from twofold.services.outbox import Completion
from twofold.settings import Settings
from twofold.worker.runner import Handler
from twofold.worker.subscriptions import Subscriptions


def channel_handlers(ctx: Ctx, settings: Settings) -> dict[str, Handler]:
    timeout = settings.integrations_timeout_seconds
    base_url = settings.public_url or f"http://{settings.host}:{settings.port}"

    def post(payload: dict[str, Any]) -> Completion | None:
        """A refusal for good fails the post with the vendor's reason and ends the row; a
        busy or unreachable channel is kept on the post and raised for the outbox to retry."""
        event = ChannelPostRequested.from_payload(payload)
        job = channel_posts.post_job(ctx, event.post_id, base_url)
        if job is None:
            return None
        c = job.connection
        message = message_for(c.vendor, job.outline)
        try:
            with open_channel(c.vendor, c.settings, job.secrets.token, timeout) as channel:
                answer = channel.post(message, job.earlier)
        except VendorUnavailable as exc:
            channel_posts.do_record_failure(ctx, job.post.id, exc.message, final=False)
            raise
        except VendorError as exc:
            channel_posts.do_record_failure(ctx, job.post.id, exc.message, final=True)
            return None
        return channel_posts.posted(job.post.id, answer)

    return {ChannelPostRequested.kind: post}


def channel_subscriptions(ctx: Ctx, subscriptions: Subscriptions) -> None:
    subscriptions.subscribe(
        RetroClosed, lambda e: void(channel_posts.do_queue_closed(ctx, e.retro_id))
    )


def void(_: object) -> None:
    """Subscribers answer nothing."""
