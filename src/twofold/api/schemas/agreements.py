"""Bodies for a team's working agreements and its PM + tech-lead pairing log.

The limits are the domain's (`domain/agreements.py`); whether the acceptance-criteria template
keeps its Edge Cases section is checked by the domain's own rule, so the answer is the same
whoever asks.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from twofold.api.schemas.base import Request, Response
from twofold.domain.agreements import (
    AC_TEMPLATE_MAX,
    DOD_ITEM_MAX,
    DOD_ITEMS_MAX,
    EDGE_CASES,
)

STORY_REF_MAX = 64
STORY_TITLE_MAX = 200
STORIES_CHECKED_MAX = 200

Id = Annotated[str, Field(min_length=1, max_length=64)]
DodItem = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DOD_ITEM_MAX)
]
StoryRef = Annotated[str, StringConstraints(strip_whitespace=True, max_length=STORY_REF_MAX)]
StoryTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=STORY_TITLE_MAX)
]
StoryPoints = Annotated[
    float, Field(ge=0, le=1000, allow_inf_nan=False, description="The story's estimate.")
]


class AgreementsUpdate(Request):
    definition_of_done: Annotated[list[DodItem], Field(min_length=1, max_length=DOD_ITEMS_MAX)]
    acceptance_template: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=AC_TEMPLATE_MAX)
    ] = Field(description=f"Must keep an {EDGE_CASES!r} heading line, e.g. '## {EDGE_CASES}'.")
    pairing_points_over: int = Field(
        ge=1, le=100, description="Stories over this many points need a PM + tech-lead pairing."
    )


class TeamAgreements(Response):
    team_id: str
    definition_of_done: list[str]
    acceptance_template: str
    pairing_points_over: int
    is_default: bool = Field(description="True until the team saves its own agreements.")
    may_edit: bool = Field(description="Whether the caller may change them (facilitators).")
    updated_at: datetime | None


class StoryPairingCreate(Request):
    story_ref: StoryRef = Field(default="", description="The tracker's key, e.g. PROJ-123.")
    story_title: StoryTitle
    points: StoryPoints | None = None
    paired_on: date | None = Field(default=None, description="Defaults to today.")
    pm_user_id: Id
    tech_lead_user_id: Id


class StoryPairing(Response):
    id: str
    team_id: str
    story_ref: str
    story_title: str
    points: float | None
    paired_on: date
    pm_user_id: str | None
    tech_lead_user_id: str | None
    recorded_by: str | None
    created_at: datetime


class PairingCheckStory(Request):
    title: StoryTitle
    points: StoryPoints | None = None
    ref: StoryRef = ""


class PairingCheckRequest(Request):
    stories: Annotated[list[PairingCheckStory], Field(max_length=STORIES_CHECKED_MAX)]


class CheckedStory(Response):
    title: str
    points: float | None
    ref: str


class PairingCheckResult(Response):
    points_over: float
    needing_pairing: list[CheckedStory] = Field(
        description="Over the threshold with no pairing recorded, biggest first."
    )
    paired: list[CheckedStory] = Field(description="Over the threshold and already paired on.")
