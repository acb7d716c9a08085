"""Bodies for a team's connections to its tools and the tickets its items became. Secrets go
in; only their last characters come out."""

from datetime import datetime
from typing import Any

from pydantic import Field

from twofold.api.schemas.base import Request, Response
from twofold.domain.connections import CheckStatus, ConnectionKind, ItemKind, TicketState, Vendor
from twofold.domain.outbox import OutboxItem, State
from twofold.domain.vendors import InputKind


class NewConnection(Request):
    vendor: Vendor
    settings: dict[str, Any] = Field(
        examples=[
            {"site_url": "https://example.atlassian.net", "email": "a@b.c", "project_key": "OPS"}
        ]
    )
    """The vendor's settings, as `GET /api/integrations/vendors` lists its fields."""
    token: str = Field(max_length=2000)
    """The API token (or webhook address, for chat tools); stored sealed, never shown again."""
    webhook_secret: str | None = Field(default=None, max_length=2000)
    """The secret given to the vendor's webhook, to check its signature; stored sealed."""


class TicketRef(Request):
    ref: str = Field(max_length=400, examples=["OPS-12"])
    """The ticket's key or its address."""


class FormFieldOut(Response):
    name: str
    label: str
    help: str
    input: InputKind
    required: bool
    default: Any
    placeholder: str
    options: list[str]
    """The values a `choice` takes."""


class VendorOut(Response):
    vendor: Vendor
    name: str
    kind: ConnectionKind
    fields: list[FormFieldOut]
    token_label: str
    token_help: str
    webhook_help: str | None
    """How the vendor's webhook is set up; none: the vendor sends none Twofold reads."""


class ConnectionCheckOut(Response):
    status: CheckStatus
    message: str
    checked_at: datetime


class ConnectionOut(Response):
    id: str
    vendor: Vendor
    kind: ConnectionKind
    name: str
    where: str
    """Where it points, in a few words ("OPS on https://example.atlassian.net")."""
    settings: dict[str, Any]
    """The settings as given; nothing secret is among them."""
    token_hint: str
    """The token's last four characters behind dots; the token itself is never returned."""
    has_webhook_secret: bool
    webhook_path: str | None
    """Where the vendor's webhook is to send its events, on this instance's address."""
    check: ConnectionCheckOut | None
    check_pending: bool
    polled_at: datetime | None
    created_at: datetime


class PushDelivery(Response):
    state: State
    attempts: int
    last_error: str | None
    next_try_at: datetime | None

    @classmethod
    def of(cls, item: OutboxItem | None) -> "PushDelivery | None":
        if item is None:
            return None
        return cls(
            state=item.state,
            attempts=item.attempts,
            last_error=item.last_error,
            next_try_at=item.available_at if item.state == "pending" else None,
        )


class TicketOut(Response):
    item_kind: ItemKind
    item_id: str
    state: TicketState
    """`pending` until the ticket exists and its key is stored, then `linked`."""
    key: str | None
    url: str | None
    remote_status: str | None
    status_by: str | None
    status_at: datetime | None
    delivery: PushDelivery | None
    """While pending: the push's tries and last error (a tracker down shows here)."""
