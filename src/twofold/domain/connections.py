"""A team's connections to the tools it plans in, and the tickets its items became there.

A connection is made per team by one of its facilitators: which vendor, the settings that say
where and how (a Jira site, the account, the project, which statuses count as done), and a
secret (an API token) kept sealed at rest and never handed back, only its last four
characters. One connection per vendor and team. Each vendor's settings are a model of their
own here; `integrations/<vendor>/` speaks to the vendor.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from twofold.domain.errors import Invalid

Vendor = Literal["jira"]
ItemKind = Literal["action", "debt"]
CheckStatus = Literal["ok", "bad_token", "forbidden", "unknown_project", "unreachable", "error"]
"""What a connection test found: it works; the token was refused (401); the account may not
do what is needed (403); the project is not there, or not visible to the account (404); the
site did not answer in time or at all; anything else the site answered."""

TicketState = Literal["pending", "linked"]

SECRET_SHOWN = 4
"""Characters of a secret shown back, so people can tell which token is stored."""

PROJECT_KEY = re.compile(r"^[A-Z][A-Z0-9_]{0,19}$")


class JiraSettings(BaseModel):
    """Where a team's Jira is and how its statuses read. `done_statuses` names the statuses
    that mean done; left empty, every status in Jira's own "Done" category does. Any other
    status reopens an item that was done."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    site_url: str = Field(min_length=8, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    project_key: str = Field(min_length=1, max_length=20)
    done_statuses: tuple[str, ...] = Field(default=(), max_length=20)
    issue_type: str = Field(default="Task", min_length=1, max_length=60)
    # How the team's sprint signals are read from its sprints (docs/integrations.md).
    story_points_field: str = Field(default="customfield_10016", max_length=60)
    qa_statuses: tuple[str, ...] = Field(default=(), max_length=20)
    debt_labels: tuple[str, ...] = Field(default=("tech-debt",), max_length=20)
    debt_issue_types: tuple[str, ...] = Field(default=(), max_length=20)
    questions: Literal["question_mark", "label", "off"] = "question_mark"
    question_label: str = Field(default="question", min_length=1, max_length=255)

    @field_validator("site_url")
    @classmethod
    def _site(cls, value: str) -> str:
        url = value.strip().rstrip("/")
        if not re.match(r"^https?://[^\s/]+(:\d+)?(/[^\s]*)?$", url):
            raise ValueError("give the site's address, such as https://example.atlassian.net")
        return url

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
        return tuple(s.strip() for s in value if s.strip())

    def is_done(self, status_name: str, category_key: str | None) -> bool:
        if self.done_statuses:
            wanted = {s.casefold() for s in self.done_statuses}
            return status_name.strip().casefold() in wanted
        return category_key == "done"


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
    settings: JiraSettings
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


def check_vendor(vendor: str) -> Vendor:
    if vendor != "jira":
        raise Invalid(
            f"Twofold cannot connect to {vendor!r} yet; it connects to Jira.",
            code="unknown_vendor",
            params={"vendor": vendor},
        )
    return "jira"


@dataclass(frozen=True)
class Outgoing:
    """An item as it goes out to a tracker, whatever its kind: the link leads back to it."""

    title: str
    text: str
    link: str
    labels: tuple[str, ...]
    due: date | None


@dataclass(frozen=True)
class RemoteStatus:
    """A ticket's status as its tracker reported it (webhook or poll)."""

    key: str
    status: str
    done: bool
    by: str | None
    at: datetime | None
