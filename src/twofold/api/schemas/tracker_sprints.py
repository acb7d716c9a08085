"""Bodies for a retro's sprint read from the team's tracker: the sprints to pick from, and the
figures worked out from the one picked, each with the value in the signals now and whether
someone set that value by hand."""

from datetime import datetime
from typing import Literal

from pydantic import Field

from twofold.api.schemas.base import Request, Response
from twofold.api.schemas.signals import StoryEstimateView

FetchState = Literal["idle", "pending", "done", "failed"]
Questions = Literal["question_mark", "label", "off"]
FigureValue = float | list[StoryEstimateView] | None


class SprintPick(Request):
    sprint_id: str = Field(min_length=1, max_length=32)


class TrackerSprint(Response):
    id: str
    name: str
    state: str
    board: str
    start: datetime | None
    end: datetime | None


class SprintFigure(Response):
    field: str
    """The signal it fills (`stories_committed`, `estimates`, ...)."""
    from_tracker: FigureValue
    current: FigureValue
    """What the retro's signals hold now."""
    overridden: bool
    """Set by hand: it wins, and fetching again leaves it be."""


class TrackerSprintFetch(Response):
    retro_id: str
    connected: bool
    vendor: Literal["jira", "linear", "github"] | None
    """The team's tracker, when its sprints (Linear: cycles; GitHub: milestones or a project's
    iterations) can be read."""
    unit: Literal["sprint", "cycle", "milestone", "iteration"] | None
    """What the tracker's sprints are called: `iteration` for a GitHub team that named a
    project, else the tracker's own word."""
    may_ask: bool
    """Facilitators list and pick sprints; other members see what was read."""
    stage: Literal["sprints", "signals"] | None
    state: FetchState
    error: str | None
    """Failed: why. Pending: what went wrong on the last try, while it is tried again."""
    attempts: int
    sprints: list[TrackerSprint]
    sprint_id: str | None
    sprint_name: str | None
    fetched_at: datetime | None
    figures: list[SprintFigure]
    extras: dict[str, float | str]
    """Figures with no signal of their own (points added, stories reopened, cycle time)."""
    questions: Questions | None
    """How clarifying questions were counted: comments holding a "?", comments on stories
    carrying the team's label, or not at all."""
