"""Bodies for a team's deliveries: the team events in the outbox, as its facilitators see them
(what and when, never the payload)."""

from datetime import datetime

from twofold.api.schemas.base import Response
from twofold.domain.outbox import State


class Delivery(Response):
    id: str
    kind: str
    """The team event's kind, e.g. `team.action_created`."""
    state: State
    attempts: int
    created_at: datetime
    next_try_at: datetime | None
    """When a pending delivery is tried (again); none once failed or done."""
    failed_at: datetime | None
    last_error: str | None


class TeamDeliveries(Response):
    pending: int
    failed: int
    items: list[Delivery]
    """Failed first, newest first, then pending in the order they will be tried; at most 100."""


class Retried(Response):
    retried: int
