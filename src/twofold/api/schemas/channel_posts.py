"""Bodies for a retro's summary posted to the team's chat channels."""

from datetime import datetime

from twofold.api.schemas.base import Request, Response
from twofold.api.schemas.connections import PushDelivery
from twofold.domain.channels import PostKind, PostState
from twofold.domain.connections import Vendor


class PublishTo(Request):
    connection_id: str
    """Which of the team's chat channels (a connection of kind `channel`)."""


class ChannelPostOut(Response):
    id: str
    connection_id: str
    vendor: Vendor
    name: str
    """The vendor as people call it: Slack, Microsoft Teams."""
    kind: PostKind
    state: PostState
    """pending (queued or being tried again), posted, or failed (the channel refused it)."""
    url: str | None
    """Where the message can be read, when the channel says (a Slack bot's permalink)."""
    error: str | None
    """The channel's reason for the last failed attempt."""
    attempts: int
    posted_at: datetime | None
    updated_at: datetime
    delivery: PushDelivery | None
    """While pending: the outbox's tries, its last error and when it tries next."""
