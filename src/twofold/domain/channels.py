"""Chat channels a team's retro summaries and weekly digests are posted to (Slack, Microsoft
Teams), and what one post says before any vendor's format is applied.

Each post is drawn once, as an `Outline` of plain user text, then written out in the vendor's
format (Block Kit, an Adaptive Card) by `integrations/chat`, which escapes every piece of user
text for that format. A webhook address is a secret here (anyone holding it can post to the
channel), so its shape is checked before it is sealed: https, on the vendor's own host. An
instance that tests against a local server turns that off with
`TWOFOLD_INTEGRATIONS_ANY_HOST`, never set in production.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from twofold.domain.connections import VendorSettings

PostKind = Literal["summary", "digest"]
PostState = Literal["pending", "posted", "failed"]

DIGEST_WEEKDAY = 0
"""Monday (ISO weekday 1, Python's 0): the digest goes out in the first worker pass on or
after `DIGEST_HOUR` UTC that day, or later in the week if no worker ran then."""
DIGEST_HOUR = 9


class ChannelSettings(VendorSettings):
    """What every chat channel's settings share: when Twofold posts there unasked."""

    post_on_close: bool = Field(
        default=True,
        title="Post each summary when its retro closes",
        description="Off: summaries are posted only with the Publish button.",
    )
    weekly_digest: bool = Field(
        default=True,
        title="Weekly digest of due and overdue action items",
        description="Posted on Mondays from 09:00 UTC when an open item is due or overdue.",
    )

    def token_problem(self, token: str, any_host: bool) -> str | None:
        """What is wrong with the token, when its shape can tell (None: nothing seen)."""
        return None


def https_on(url: str, hosts: tuple[str, ...], any_host: bool) -> bool:
    """The address is https on one of `hosts` (a leading dot: any name under it); with
    `any_host`, any http(s) address will do (a local test server)."""
    parts = urlsplit(url.strip())
    if not parts.hostname or re.search(r"\s", url.strip()):
        return False
    if any_host:
        return parts.scheme in ("http", "https")
    if parts.scheme != "https" or parts.username or parts.password:
        return False
    host = parts.hostname.casefold()
    return any(host.endswith(h) if h.startswith(".") else host == h for h in hosts)


def iso_week(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


def digest_due(at: datetime) -> bool:
    """True from Monday `DIGEST_HOUR`:00 UTC to the end of the ISO week (`at` in UTC)."""
    return at.weekday() > DIGEST_WEEKDAY or at.hour >= DIGEST_HOUR


def week_end(at: datetime) -> date:
    """The Sunday closing `at`'s ISO week: the digest lists items due up to then."""
    return at.date() + timedelta(days=6 - at.weekday())


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]
    """User text, each line a list item: escaped by whoever writes the format."""


@dataclass(frozen=True)
class Outline:
    """A post before its format: a title, a line under it, sections, and where to read more."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    link: str
    link_label: str


@dataclass(frozen=True)
class Posted:
    """What the channel said back: a message id to update it by, and where to read it."""

    ref: str | None = None
    channel: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class ChannelPost:
    id: str
    team_id: str
    connection_id: str
    retro_id: str | None
    kind: PostKind
    subject: str
    """The retro's id for a summary, the ISO week (2026-W49) for a digest."""
    state: PostState
    ref: str | None
    channel: str | None
    url: str | None
    error: str | None
    attempts: int
    outbox_id: str | None
    created_at: datetime
    updated_at: datetime
    posted_at: datetime | None
