"""Bodies for the tech-debt backlog, its ranking, recurring themes and sprint capacity.

The limits are the domain's (`domain/debt.py`), so the API refuses exactly what the rules do,
field by field, before anything is stored.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from twofold.api.schemas.base import Request, Response
from twofold.domain.debt import (
    DEBT_AREA_MAX,
    DEBT_DESCRIPTION_MAX,
    DEBT_TITLE_MAX,
    DRAG_HOURS_MAX,
    EFFORT_POINTS,
    CapacityStatus,
    DebtStatus,
    MissingScore,
)
from twofold.domain.vocab import Friction

Id = Annotated[str, Field(min_length=1, max_length=64)]
DebtTitle = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DEBT_TITLE_MAX)
]
DebtDescription = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=DEBT_DESCRIPTION_MAX)
]
DebtArea = Annotated[str, StringConstraints(strip_whitespace=True, max_length=DEBT_AREA_MAX)]
DragHours = Annotated[
    float,
    Field(ge=0, le=DRAG_HOURS_MAX, allow_inf_nan=False, description="Eng: hours lost per sprint."),
]
Impact = Annotated[int, Field(ge=1, le=5, description="PM: customer impact, 1-5.")]
Effort = Annotated[int, Field(description="Eng: story points, one of 1, 2, 3, 5, 8, 13.")]
# A generous ceiling: no sprint plans anywhere near this many points.
Points = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)]
LinkKind = Literal["card", "action"]


def _on_the_scale(value: int | None) -> int | None:
    if value is not None and value not in EFFORT_POINTS:
        scale = ", ".join(str(p) for p in EFFORT_POINTS)
        raise ValueError(f"Effort is estimated in story points: one of {scale}; got {value}.")
    return value


class DebtLinkCreate(Request):
    kind: LinkKind
    target_id: Id


class DebtCreate(Request):
    title: DebtTitle
    description: DebtDescription = ""
    area: DebtArea = ""
    drag_hours: DragHours | None = None
    impact: Impact | None = None
    effort: Effort | None = None
    status: DebtStatus = DebtStatus.OPEN
    links: Annotated[list[DebtLinkCreate], Field(max_length=100)] = Field(
        default_factory=list,
        description="The revealed cards and action items of this team that raised the item.",
    )

    _effort = field_validator("effort")(_on_the_scale)


class DebtUpdate(Request):
    """Fields left out stay as they are; `null` clears a score."""

    title: DebtTitle | None = None
    description: DebtDescription | None = None
    area: DebtArea | None = None
    drag_hours: DragHours | None = None
    impact: Impact | None = None
    effort: Effort | None = None
    status: DebtStatus | None = None

    _effort = field_validator("effort")(_on_the_scale)


class DebtLink(Response):
    kind: LinkKind
    target_id: str
    retro_id: str | None


class DebtItem(Response):
    id: str
    team_id: str
    title: str
    description: str
    area: str
    drag_hours: float | None
    impact: int | None
    effort: int | None
    status: DebtStatus
    drag_score: float | None = Field(description="Drag on the 1-5 scale, once drag is scored.")
    value: float | None = Field(description="0.5 * drag score + 0.5 * impact, once both are in.")
    priority: float | None = Field(description="value ÷ effort, once all three scores are in.")
    missing: list[MissingScore] = Field(description="The scores still to be given.")
    created_by: str | None
    eng_scored_by: str | None
    pm_scored_by: str | None
    created_at: datetime
    updated_at: datetime
    links: list[DebtLink]


class DebtRanking(Response):
    ranked: list[DebtItem] = Field(description="Fully scored live items, highest priority first.")
    unscored: list[DebtItem] = Field(description="Live items still missing a score, oldest first.")
    awaiting_pm: list[str] = Field(description="Ids of items waiting for the PM's impact score.")
    awaiting_eng: list[str] = Field(description="Ids of items waiting for drag or effort.")


class ThemeCard(Response):
    card_id: str
    text: str
    retro_id: str
    retro_date: date
    friction: Friction | None
    debt_item_id: str | None


class Theme(Response):
    label: str
    terms: list[str]
    retro_ids: list[str]
    cards: list[ThemeCard]
    friction: Friction | None
    debt_item_ids: list[str]
    offer_escalation: bool
    first_seen: date
    last_seen: date


class ThemeEscalate(Request):
    card_ids: Annotated[list[Id], Field(min_length=1, max_length=1000)] = Field(
        description="Cards of the theme (all of them, or any of them) as listed by the themes."
    )


class CapacityUpdate(Request):
    total_points: Points
    debt_points: Points

    @field_validator("debt_points")
    @classmethod
    def _debt_within_total(cls, value: float, info: ValidationInfo) -> float:
        total = info.data.get("total_points")
        if total is not None and value > total:
            raise ValueError(
                f"debt_points ({value:g}) cannot be more than the sprint's "
                f"total_points ({total:g})."
            )
        return value


class Capacity(Response):
    retro_id: str
    total_points: float | None = Field(description="Null until the sprint's points are recorded.")
    debt_points: float | None
    share: float | None = Field(description="Debt points as a % of the total; null without points.")
    status: CapacityStatus | None
    target_percent: float
    at_target_band: float = Field(description="Percentage points either side of the target.")


class BacklogCard(Response):
    card_id: str
    debt_id: str = Field(description="The (first) debt item the card raised.")
