"""Bodies for a team's action items and its follow-through.

Items come back in the board's `ActionView` shape, so the team page and the live board read the
same thing. The limits and the lifecycle are the domain's (`domain/actions.py`).
"""

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints

from twofold.api.schemas.base import Request, Response
from twofold.domain.actions import (
    ACTION_TITLE_MAX,
    DROP_REASON_MAX,
    ActionCategory,
    ActionStatus,
    Owner,
)
from twofold.domain.vocab import Role

OWNER_NAME_MAX = 80


class ActionUpdate(Request):
    """Only the fields present change; `null` clears the due date, owner or category."""

    title: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, min_length=1, max_length=ACTION_TITLE_MAX),
        ]
        | None
    ) = Field(default=None, description="What the team agreed to do.")

    status: ActionStatus | None = Field(
        default=None,
        description="open, in_progress, done or dropped; done and dropped can be reopened.",
    )
    reason: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=DROP_REASON_MAX)] | None
    ) = Field(default=None, description="Why the item is dropped; required to drop.")
    due: date | None = Field(default=None, description="Not before the day it was created.")
    owner: Owner | None = Field(
        default=None,
        description='{"kind": "person", "user_id"} or {"kind": "joint", "pm_user_id", '
        '"tech_lead_user_id"}; owners are members of the team.',
    )
    owner_name: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=OWNER_NAME_MAX)] | None
    ) = Field(
        default=None,
        description="An owner without an account (a guest of the retro, say), by name; "
        "replaces a member owner. Not together with `owner`.",
    )
    category: ActionCategory | None = None


class OwnerChoice(Response):
    """A member who may own action items: names and roles only."""

    user_id: str
    display_name: str
    role: Role


class Rate(Response):
    due: int = Field(description="Items due by the date (or finished early).")
    done: int
    excluded_drops: int = Field(description="Dropped on time with a reason: not counted.")
    rate: float | None = Field(description="done ÷ due; null when nothing is due.")


class CategoryRate(Rate):
    category: ActionCategory


class FollowThrough(Response):
    as_of: date
    overall: Rate
    categories: list[CategoryRate]
