"""Bodies for a team's connections to its tools and the tickets its items became. Secrets go
in; only their last characters come out."""

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from twofold.api.schemas.base import Request, Response
from twofold.domain.connections import CheckStatus, ItemKind, TicketState
from twofold.domain.outbox import State


class JiraSettingsBody(Request):
    site_url: str = Field(max_length=200, examples=["https://example.atlassian.net"])
    email: str = Field(max_length=254)
    project_key: str = Field(max_length=20, examples=["OPS"])
    done_statuses: list[str] = Field(default_factory=list, max_length=20)
    """Statuses that mean done; empty: every status in Jira's Done category."""
    issue_type: str = Field(default="Task", max_length=60)
    story_points_field: str = Field(default="customfield_10016", max_length=60)
    """The field holding story points (sprint signals)."""
    qa_statuses: list[str] = Field(default_factory=list, max_length=20)
    """Statuses that mean "in QA": a story leaving one for anything but done was sent back."""
    debt_labels: list[str] = Field(default_factory=lambda: ["tech-debt"], max_length=20)
    debt_issue_types: list[str] = Field(default_factory=list, max_length=20)
    """Labels and issue types that make a story tech debt, for the tech-debt share."""
    questions: Literal["question_mark", "label", "off"] = "question_mark"
    """How clarifying questions are counted: comments holding a "?", comments on stories
    carrying `question_label`, or not at all."""
    question_label: str = Field(default="question", max_length=255)


class NewConnection(Request):
    vendor: Literal["jira"]
    settings: JiraSettingsBody
    token: str = Field(max_length=2000)
    """The API token; stored sealed, never shown again."""
    webhook_secret: str | None = Field(default=None, max_length=2000)
    """The secret given to Jira's webhook, to check its signature; stored sealed."""

    def settings_dict(self) -> dict[str, Any]:
        return self.settings.model_dump()


class ConnectionCheckOut(Response):
    status: CheckStatus
    message: str
    checked_at: datetime


class ConnectionOut(Response):
    id: str
    vendor: Literal["jira"]
    site_url: str
    email: str
    project_key: str
    done_statuses: list[str]
    issue_type: str
    story_points_field: str
    qa_statuses: list[str]
    debt_labels: list[str]
    debt_issue_types: list[str]
    questions: Literal["question_mark", "label", "off"]
    question_label: str
    token_hint: str
    """The token's last four characters behind dots; the token itself is never returned."""
    has_webhook_secret: bool
    webhook_path: str
    """Where Jira's webhook is to send its events, on this instance's address."""
    check: ConnectionCheckOut | None
    check_pending: bool
    polled_at: datetime | None
    created_at: datetime


class PushDelivery(Response):
    state: State
    attempts: int
    last_error: str | None
    next_try_at: datetime | None


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
