"""What became of an action item or debt item, change by change, and who or what changed it.

A tracker that moves an item (its ticket done in Jira, say) and a person who moves it here can
disagree; the last change wins, and the history is where a team sees which one that was.
Values are kept as codes (a status, a category) or as the text people see (a title, an owner's
name), so the reader words them in their own language and a renamed member stays readable.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from twofold.domain.events import ActionView


class ChangedBy(StrEnum):
    PERSON = "person"
    """Someone on the item's page or the board's editor."""
    REVIEW = "review"
    """A retro's review of earlier items (done, carried over, dropped)."""
    TRACKER = "tracker"
    """The item's ticket moved in the team's tracker."""


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Source:
    """Who or what made a change."""

    via: ChangedBy
    by_user_id: str | None = None
    """The account, so deleting it can find the change; guests and trackers have none."""
    by_name: str | None = None
    """The person, as named when they made the change; for a tracker, who it says moved it."""
    tracker: str | None = None
    """For a tracker's change: which tracker (a `Vendor` value)."""
    ticket: str | None = None
    """For a tracker's change: the ticket's key (`PROJ-12`)."""


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    field: str
    before: str | None
    after: str | None
    source: Source
    note: str | None
    """Why, where the change asks for a reason (dropping an item)."""


def owner_text(view: ActionView) -> str | None:
    """An owner as people read it; a joint owner is both names, PM first."""
    if view.owner_kind == "joint":
        return f"{view.joint_pm_name or '?'} + {view.joint_tech_lead_name or '?'}"
    return view.owner_name or None


def action_changes(before: ActionView, after: ActionView) -> list[Change]:
    """The fields of an action item a person follows, each that differs."""
    pairs = (
        ("status", before.status, after.status),
        ("title", before.title, after.title),
        ("owner", owner_text(before), owner_text(after)),
        ("due", _day(before.due), _day(after.due)),
        ("category", _code(before.category), _code(after.category)),
    )
    return [Change(f, old, new) for f, old, new in pairs if old != new]


def debt_changes(before: Mapping[str, object], after: Mapping[str, object]) -> list[Change]:
    """The fields of a debt item kept in its history: its status and title."""
    return [
        Change(f, _code(before.get(f)), _code(after.get(f)))
        for f in ("status", "title")
        if _code(before.get(f)) != _code(after.get(f))
    ]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _code(value: object) -> str | None:
    if value is None:
        return None
    return str(value.value) if isinstance(value, StrEnum) else str(value)
