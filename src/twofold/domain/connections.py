"""A team's connections to the tools it plans in, and the tickets its items became there.

A connection is made per team by one of its facilitators: which vendor, the settings that say
where and how (a Jira site, the account, the project, which statuses count as done), and a
secret (an API token) kept sealed at rest and never handed back, only its last four
characters. One connection per vendor and team, and one tracker per team, so "push to the
team's tracker" has one meaning. Each vendor's settings are a model of their own (Jira's here,
the others beside it); `domain/vendors.py` lists them, `integrations/<vendor>/` speaks to the
vendor.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Vendor = Literal["jira", "linear", "github", "slack", "teams", "confluence", "notion"]
ConnectionKind = Literal["tracker", "channel", "wiki"]
"""A tracker holds tickets (items are pushed there and their status comes back); a channel is
where summaries and digests are posted; a wiki is where summaries are published as pages."""
ItemKind = Literal["action", "debt"]
CheckStatus = Literal["ok", "bad_token", "forbidden", "unknown_project", "unreachable", "error"]
"""What a connection test found: it works; the token was refused (401); the account may not
do what is needed (403); the project is not there, or not visible to the account (404); the
site did not answer in time or at all; anything else the site answered."""

TicketState = Literal["pending", "linked"]

SECRET_SHOWN = 4
"""Characters of a secret shown back, so people can tell which token is stored."""

PROJECT_KEY = re.compile(r"^[A-Z][A-Z0-9_]{0,19}$")


def site_url(value: str, example: str) -> str:
    """A vendor site's address, without a trailing slash."""
    url = value.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+(:\d+)?(/[^\s]*)?$", url):
        raise ValueError(f"give the site's address, such as {example}")
    return url


def names(value: tuple[str, ...]) -> tuple[str, ...]:
    """A list of names as people type them: trimmed, blanks dropped."""
    return tuple(s.strip() for s in value if s.strip())


def done_by_name(named: tuple[str, ...], name: str, otherwise: bool) -> bool:
    """Whether a ticket's status means done: among the names the team gave (in any case),
    else what the tracker's own kind of status says."""
    if named:
        return name.strip().casefold() in {s.casefold() for s in named}
    return otherwise


def atlassian_site(product: str) -> Any:
    """The site field of an Atlassian Cloud product (Jira, Confluence)."""
    return Field(
        min_length=8,
        max_length=200,
        title=f"{product} site",
        examples=["https://your-site.atlassian.net"],
    )


def atlassian_email() -> Any:
    """The account an Atlassian API token belongs to (sent with it as Basic auth)."""
    return Field(
        min_length=3,
        max_length=254,
        title="Account email",
        description="The Atlassian account the API token belongs to.",
    )


def qa_field(word: str) -> Any:
    """The statuses (states) a story is in while QA looks at it, for rework."""
    return Field(
        default=(),
        max_length=20,
        title=f"QA {word}",
        description="A story moved back out of one of these was rejected in QA (rework).",
    )


def debt_labels_field() -> Any:
    return Field(
        default=("tech-debt",),
        max_length=20,
        title="Tech-debt labels",
        description="Completed work with one of these labels counts as tech debt.",
    )


def questions_field() -> Any:
    return Field(
        default="question_mark",
        title="Clarifying questions",
        description=(
            "question_mark: comments with a ? on stories in progress; label: comments on "
            "stories carrying the question label; off: not counted."
        ),
    )


def question_label_field() -> Any:
    return Field(default="question", min_length=1, max_length=255, title="Question label")


QuestionRule = Literal["question_mark", "label", "off"]


class VendorSettings(BaseModel):
    """What every vendor's settings share: nothing secret (secrets are sealed apart), and
    nothing the model does not know (a misspelt field is refused, not ignored). Each field's
    title, description and first example are what the connect form shows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def where(self) -> str:
        """Where the connection points, in a few words, for lists and messages."""
        return ""


class TrackerSettings(VendorSettings):
    """A tracker's settings: where tickets go, and whether every new item goes there."""

    auto_push: bool = Field(
        default=False,
        title="Push every new item",
        description="Every new action item and debt item becomes a ticket without a click.",
    )


class JiraSettings(TrackerSettings):
    """Where a team's Jira is and how its statuses read. `done_statuses` names the statuses
    that mean done; left empty, every status in Jira's own "Done" category does. Any other
    status reopens an item that was done."""

    site_url: str = atlassian_site("Jira")
    email: str = atlassian_email()
    project_key: str = Field(min_length=1, max_length=20, title="Project key", examples=["OPS"])
    done_statuses: tuple[str, ...] = Field(
        default=(),
        max_length=20,
        title="Statuses that mean done",
        description="Empty: any status in Jira's Done category.",
    )
    issue_type: str = Field(default="Task", min_length=1, max_length=60, title="Issue type")

    # How the team's sprint signals are read from its sprints (docs/integrations.md).
    story_points_field: str = Field(
        default="customfield_10016",
        max_length=60,
        title="Story points field",
        description="The id of the field that holds story points on this site.",
    )
    qa_statuses: tuple[str, ...] = qa_field("statuses")
    debt_labels: tuple[str, ...] = debt_labels_field()
    debt_issue_types: tuple[str, ...] = Field(
        default=(),
        max_length=20,
        title="Tech-debt issue types",
        description="Completed work of one of these issue types counts as tech debt too.",
    )
    questions: QuestionRule = questions_field()
    question_label: str = question_label_field()

    def where(self) -> str:
        return f"{self.project_key} on {self.site_url}"

    @field_validator("site_url")
    @classmethod
    def _site(cls, value: str) -> str:
        return site_url(value, "https://example.atlassian.net")

    @field_validator("project_key")
    @classmethod
    def _key(cls, value: str) -> str:
        key = value.strip().upper()
        if not PROJECT_KEY.match(key):
            raise ValueError("a project key is letters and digits, starting with a letter")
        return key

    @field_validator("story_points_field")
    @classmethod
    def _points_field(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_]{1,60}", value.strip()):
            raise ValueError("give the field's id, such as customfield_10016")
        return value.strip()

    @field_validator("done_statuses", "qa_statuses", "debt_labels", "debt_issue_types")
    @classmethod
    def _statuses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return names(value)

    def is_done(self, status_name: str, category_key: str | None) -> bool:
        return done_by_name(self.done_statuses, status_name, category_key == "done")


def masked(secret: str) -> str:
    """What is shown of a secret: its last characters, the rest as dots (a short secret shows
    nothing of itself)."""
    if len(secret) <= SECRET_SHOWN * 2:
        return "•" * 8
    return "•" * 8 + secret[-SECRET_SHOWN:]


@dataclass(frozen=True)
class ConnectionCheck:
    status: CheckStatus
    message: str
    checked_at: datetime


@dataclass(frozen=True)
class Connection:
    id: str
    team_id: str
    vendor: Vendor
    settings: VendorSettings
    secret_hint: str
    has_webhook_secret: bool
    created_at: datetime
    check: ConnectionCheck | None = None
    check_pending: bool = False
    polled_at: datetime | None = None


@dataclass(frozen=True)
class SealedSecrets:
    """A connection's secrets as stored: sealed, readable only with the instance's key."""

    token: str
    webhook: str | None


@dataclass(frozen=True)
class TicketLink:
    """An item pushed (or being pushed) to a connection's tracker."""

    id: str
    team_id: str
    connection_id: str
    item_kind: ItemKind
    item_id: str
    state: TicketState
    key: str | None
    url: str | None
    outbox_id: str | None
    remote_status: str | None
    status_by: str | None
    status_at: datetime | None
    created_at: datetime


def marker(item_kind: ItemKind, item_id: str) -> str:
    """The label a pushed ticket carries, so a push tried again finds the ticket an earlier
    attempt created before it could record it (Jira labels take no spaces)."""
    return f"twofold-{item_kind}-{item_id}"


SYNC_LABEL = "twofold"
"""Carried by every ticket Twofold creates, so the polling search finds only ours."""


@dataclass(frozen=True)
class Outgoing:
    """An item as it goes out to a tracker, whatever its kind: the link leads back to it."""

    title: str
    text: str
    link: str
    labels: tuple[str, ...]
    due: date | None
    assignee_email: str | None = None
    """The owner's email, for trackers that can find the person by it; no match, no one."""


@dataclass(frozen=True)
class Ticket:
    """A ticket as its tracker has it: found, made, or looked up to link."""

    key: str
    url: str
    status: str | None = None
    done: bool | None = None


@dataclass(frozen=True)
class RemoteStatus:
    """A ticket's status as its tracker reported it (webhook or poll)."""

    key: str
    status: str
    done: bool
    by: str | None
    at: datetime | None
