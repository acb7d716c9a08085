"""An action item's or debt item's history, as its page lists it."""

from datetime import datetime
from typing import Literal

from twofold.api.schemas.base import Response
from twofold.domain.item_history import ChangedBy, HistoryEntry


class HistoryEntryOut(Response):
    """One field changed. `field` is `status`, `title`, `owner`, `due` (a date, ISO) or
    `category` (action items); `status` or `title` (debt items). Status and category are codes
    for the reader to word. `via` says who changed it: a person here (`by` their name as it
    was), a retro's review, or the tracker (`tracker`, `ticket`, and `by` when the tracker says
    who moved the ticket). `note` is the reason given for a drop."""

    at: datetime
    field: Literal["status", "title", "owner", "due", "category"]
    before: str | None
    after: str | None
    via: ChangedBy
    by: str | None
    tracker: str | None
    ticket: str | None
    note: str | None


def history_out(entries: list[HistoryEntry]) -> list[HistoryEntryOut]:
    return [
        HistoryEntryOut(
            at=e.at,
            field=e.field,
            before=e.before,
            after=e.after,
            via=e.source.via,
            by=e.source.by_name,
            tracker=e.source.tracker,
            ticket=e.source.ticket,
            note=e.note,
        )
        for e in entries
    ]
