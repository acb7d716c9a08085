"""The tech-debt backlog, ranked jointly by engineering drag and customer impact.

Each side scores what it knows best: engineers the drag (hours lost per sprint, 0-200) and the
effort to fix (story points on the Fibonacci scale 1, 2, 3, 5, 8, 13, as in planning poker);
the PM the customer impact (1-5). An item is ranked only when all three are in; until then it
is listed with the scores it is waiting for, so neither side's view is quietly guessed.

Joint priority:

    drag_score = 1 + 4 * ln(1 + drag_hours) / ln(201)     0 h → 1, 10 h → 2.8, 200 h → 5
    value      = 0.5 * drag_score + 0.5 * impact           1 to 5
    priority   = value / effort                            higher first

Drag is put on a log scale so the first hours lost weigh most (going from 0 to 10 hours a
sprint hurts more than going from 150 to 160) and so it spans 1-5 like impact; the two sides
weigh the same. Dividing by effort favours cheap fixes of equal value. Ties go to the larger
value, then keep the order the items were given in (the store lists oldest first).

Capacity: share = debt points ÷ total points of a sprint, against a 20 % target; a share
within 2 percentage points of the target counts as at target.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from twofold.domain.errors import Invalid

DEBT_TITLE_MAX = 200
DEBT_DESCRIPTION_MAX = 5000
DEBT_AREA_MAX = 80
DRAG_HOURS_MAX = 200
EFFORT_POINTS = (1, 2, 3, 5, 8, 13)
DRAG_WEIGHT = 0.5
IMPACT_WEIGHT = 0.5
DEBT_TARGET_PERCENT = 20.0
AT_TARGET_BAND = 2.0


class DebtStatus(StrEnum):
    OPEN = "open"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_FIX = "wont_fix"


RANKED_STATUSES = frozenset({DebtStatus.OPEN, DebtStatus.PLANNED, DebtStatus.IN_PROGRESS})


class NewDebtItem(BaseModel):
    """A debt item as entered; either side may leave its own scores for later."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DEBT_TITLE_MAX)
    ]
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=DEBT_DESCRIPTION_MAX)
    ] = ""
    area: Annotated[str, StringConstraints(strip_whitespace=True, max_length=DEBT_AREA_MAX)] = ""
    drag_hours: float | None = Field(
        default=None, ge=0, le=DRAG_HOURS_MAX, description="Eng: hours lost per sprint."
    )
    impact: int | None = Field(default=None, ge=1, le=5, description="PM: customer impact.")
    effort: int | None = Field(default=None, description="Eng: story points, 1-13 Fibonacci.")
    status: DebtStatus = DebtStatus.OPEN

    @field_validator("effort")
    @classmethod
    def _effort_on_the_scale(cls, value: int | None) -> int | None:
        if value is not None and value not in EFFORT_POINTS:
            scale = ", ".join(str(p) for p in EFFORT_POINTS)
            raise ValueError(f"Effort is estimated in story points: one of {scale}; got {value}.")
        return value


@dataclass(frozen=True)
class DebtItem:
    id: str
    team_id: str
    title: str
    created_at: datetime
    description: str = ""
    area: str = ""
    drag_hours: float | None = None
    impact: int | None = None
    effort: int | None = None
    status: DebtStatus = DebtStatus.OPEN


class MissingScore(StrEnum):
    PM_IMPACT = "pm_impact"
    ENG_DRAG = "eng_drag"
    ENG_EFFORT = "eng_effort"


@dataclass(frozen=True)
class RankedDebt:
    item: DebtItem
    drag_score: float
    value: float
    priority: float


@dataclass(frozen=True)
class Unscored:
    item: DebtItem
    missing: tuple[MissingScore, ...]


@dataclass(frozen=True)
class DebtRanking:
    ranked: tuple[RankedDebt, ...]
    unscored: tuple[Unscored, ...]

    @property
    def awaiting_pm(self) -> list[DebtItem]:
        return [u.item for u in self.unscored if MissingScore.PM_IMPACT in u.missing]

    @property
    def awaiting_eng(self) -> list[DebtItem]:
        eng = {MissingScore.ENG_DRAG, MissingScore.ENG_EFFORT}
        return [u.item for u in self.unscored if eng.intersection(u.missing)]


def drag_score(drag_hours: float) -> float:
    if not 0 <= drag_hours <= DRAG_HOURS_MAX:
        raise Invalid(f"Drag must be between 0 and {DRAG_HOURS_MAX} hours per sprint.")
    return 1 + 4 * math.log1p(drag_hours) / math.log1p(DRAG_HOURS_MAX)


def value(drag_hours: float, impact: int) -> float:
    if not 1 <= impact <= 5:
        raise Invalid("Customer impact is scored from 1 to 5.")
    return DRAG_WEIGHT * drag_score(drag_hours) + IMPACT_WEIGHT * impact


def priority(drag_hours: float, impact: int, effort: int) -> float:
    if effort not in EFFORT_POINTS:
        raise Invalid("Effort must be one of the story-point values 1, 2, 3, 5, 8, 13.")
    return value(drag_hours, impact) / effort


def missing_scores(item: DebtItem) -> tuple[MissingScore, ...]:
    missing = []
    if item.impact is None:
        missing.append(MissingScore.PM_IMPACT)
    if item.drag_hours is None:
        missing.append(MissingScore.ENG_DRAG)
    if item.effort is None:
        missing.append(MissingScore.ENG_EFFORT)
    return tuple(missing)


def rank(items: Iterable[DebtItem]) -> DebtRanking:
    """Rank the live backlog (open, planned, in progress); done and won't-fix items drop out."""
    ranked: list[RankedDebt] = []
    unscored: list[Unscored] = []
    for item in items:
        if item.status not in RANKED_STATUSES:
            continue
        drag, impact, effort = item.drag_hours, item.impact, item.effort
        if drag is None or impact is None or effort is None:
            unscored.append(Unscored(item, missing_scores(item)))
            continue
        item_value = value(drag, impact)
        ranked.append(RankedDebt(item, drag_score(drag), item_value, item_value / effort))
    # Rounded before comparing so that float noise never decides between equal priorities;
    # sorted() is stable, so full ties keep their given order.
    ranked.sort(key=lambda r: (-round(r.priority, 9), -round(r.value, 9)))
    return DebtRanking(tuple(ranked), tuple(unscored))


class CapacityStatus(StrEnum):
    UNDER = "under"
    AT = "at"
    OVER = "over"


class SprintPoints(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sprint_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    debt_points: float = Field(ge=0)
    total_points: float = Field(ge=0)

    @model_validator(mode="after")
    def _debt_within_total(self) -> Self:
        if self.debt_points > self.total_points:
            raise ValueError(
                f"debt_points ({self.debt_points:g}) cannot be more than the sprint's "
                f"total_points ({self.total_points:g})."
            )
        return self


@dataclass(frozen=True)
class SprintCapacity:
    sprint_id: str
    debt_points: float
    total_points: float
    share: float | None
    status: CapacityStatus | None


def capacity(
    sprint: SprintPoints,
    target: float = DEBT_TARGET_PERCENT,
    band: float = AT_TARGET_BAND,
) -> SprintCapacity:
    """The sprint's debt share in % and where it stands; a sprint with no points has neither."""
    if not 0 <= target <= 100:
        raise Invalid("The tech-debt target is a percentage between 0 and 100.")
    if not 0 <= band <= 50:
        raise Invalid("The at-target band is between 0 and 50 percentage points.")
    if sprint.total_points == 0:
        return SprintCapacity(sprint.sprint_id, sprint.debt_points, 0, None, None)
    share = 100 * sprint.debt_points / sprint.total_points
    if share < target - band:
        status = CapacityStatus.UNDER
    elif share > target + band:
        status = CapacityStatus.OVER
    else:
        status = CapacityStatus.AT
    return SprintCapacity(sprint.sprint_id, sprint.debt_points, sprint.total_points, share, status)
