"""Bodies for Tech Health reports: asking for one, and following it until its file is ready."""

from datetime import date, datetime

from pydantic import Field

from twofold.api.schemas.base import Request, Response
from twofold.domain.health_report import ReportFormat, ReportStatus
from twofold.domain.vocab import TextLanguage
from twofold.services.trends import LAST_MOST


class ReportAsked(Request):
    """A period is the latest `last` closed sprints, or the sprints that ended between `from`
    and `to`; with neither, the latest six."""

    format: ReportFormat
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")
    last: int | None = Field(default=None, ge=1, le=LAST_MOST)
    language: TextLanguage | None = None
    """What the report is written in (the web UI gives the reader's); else the team's."""


class ReportJobView(Response):
    id: str
    team_id: str
    format: ReportFormat
    period_from: date | None
    period_to: date | None
    last: int | None
    status: ReportStatus
    progress: int
    """0 to 100; 100 once the file is ready."""
    error: str | None
    """Why the report failed, in words people can act on."""
    file_name: str | None
    size_bytes: int | None
    attempts: int
    retryable: bool
    created_at: datetime
    finished_at: datetime | None
    file_url: str | None
    """Where to download the file once it is done."""


class ReportList(Response):
    items: list[ReportJobView]
    """The team's latest reports, newest first (at most 20)."""
