"""The board's events as the HTTP API lists them: the same shapes the board socket sends."""

from pydantic import Field

from twofold.api.schemas.base import Response
from twofold.domain.events import BoardEvent


class LoggedEvent(Response):
    seq: int
    tag: str = Field(description="Tells this event from any other that could take its seq.")
    event: BoardEvent


class BoardEventPage(Response):
    """Events after `since`, oldest first, as the board socket would have sent them to you."""

    retro_id: str
    log: str = Field(description="The log's identity: send it back as `log` with the next page.")
    head: int = Field(description="The board's last seq when this page was read.")
    events: list[LoggedEvent]
    next_since: int = Field(description="The `since` of the next page.")
    more: bool = Field(description="Whether events after this page were already logged.")
