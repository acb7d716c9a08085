"""Sprint signals and the thresholds a team holds them against (the flags the two make
together are worked out in `flags.py`). Every signal may be left empty: nothing recorded means
nothing known.
"""

from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
    model_validator,
)
from pydantic_core import PydanticCustomError

STORIES_PER_SPRINT_MAX = 200
PULSES_PER_SPRINT_MAX = 100
PULSES_SHOWN_MIN = 3
"""Fewer pulses than this are never averaged for anyone to see: with one or two, whoever saw
someone give theirs could read their score off the average."""
STORY_LABEL_MAX = 200
ESTIMATE_MIN = 0.01


def _range_message(text: str) -> WrapValidator:
    # Pydantic's own "greater than or equal to 0" is correct but reads like a type checker;
    # people filling in a sprint form deserve a sentence about the thing they typed.
    def wrap(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as exc:
            bounds = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
            if all(e["type"] in bounds for e in exc.errors()):
                raise PydanticCustomError("out_of_range", text, {"value": value}) from None
            raise

    return WrapValidator(wrap)


Count = Annotated[int, Field(ge=0), _range_message("A count cannot be negative (got {value}).")]
Points = Annotated[
    float, Field(ge=0), _range_message("Story points cannot be negative (got {value}).")
]
Days = Annotated[
    float, Field(ge=0, le=365), _range_message("Days must be between 0 and 365 (got {value}).")
]
Percent = Annotated[
    float,
    Field(ge=0, le=100),
    _range_message("A percentage must be between 0 and 100 (got {value})."),
]
Pulse = Annotated[
    int,
    Field(ge=1, le=5),
    _range_message("A satisfaction pulse is a score from 1 to 5 (got {value})."),
]
NpsChange = Annotated[
    int,
    Field(ge=-200, le=200),
    _range_message("An NPS change must be between -200 and 200 (got {value})."),
]


class EstimateActual(BaseModel):
    """One story's estimate next to what it took, in the same unit the team estimates in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    story: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=STORY_LABEL_MAX)
    ]
    estimate: Annotated[
        float,
        # Smaller than any real estimate; also keeps actual ÷ estimate a finite number.
        Field(ge=ESTIMATE_MIN),
        _range_message(f"An estimate must be at least {ESTIMATE_MIN} (got {{value}})."),
    ]
    actual: Points


class SprintSignals(BaseModel):
    """What the team recorded about one sprint; every field may be left empty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stories_committed: Count | None = None
    stories_completed: Count | None = None
    points_committed: Points | None = None
    points_completed: Points | None = None
    stories_rejected_in_qa: Count | None = None
    rework_days: Days | None = None
    stories_added_after_start: Count | None = None
    stories_removed_after_start: Count | None = None
    clarifying_questions: Count | None = None
    estimates: Annotated[tuple[EstimateActual, ...], Field(max_length=STORIES_PER_SPRINT_MAX)] = ()
    tech_debt_share: Percent | None = Field(
        default=None, description="Share of the sprint's capacity spent on tech debt, in %."
    )
    shipped_on_time: bool | None = None
    nps_change: NpsChange | None = None
    satisfaction_pulses: Annotated[tuple[Pulse, ...], Field(max_length=PULSES_PER_SPRINT_MAX)] = (
        Field(default=(), description="Anonymous 1-5 scores; only their average is shown.")
    )

    @model_validator(mode="after")
    def _completed_within_committed(self) -> Self:
        pairs = (
            ("Stories", "stories", self.stories_committed, self.stories_completed),
            ("Points", "points", self.points_committed, self.points_completed),
        )
        for said, unit, committed, completed in pairs:
            if committed is not None and completed is not None and completed > committed:
                # `field` puts the message under the figure to fix (see services/validation).
                raise PydanticCustomError(
                    "completed_over_committed",
                    "{said} completed ({completed}) cannot be more than were committed "
                    "({committed}); work added mid-sprint goes under stories added after the "
                    "start.",
                    {
                        "said": said,
                        "completed": _number(completed),
                        "committed": _number(committed),
                        "field": f"{unit}_completed",
                    },
                )
        return self

    @property
    def completion(self) -> tuple[float, Literal["points", "stories"]] | None:
        """The share of the committed work that was completed, in %, and what it was counted
        in: points when both point figures are in (they weigh big stories more), else
        stories. None when nothing was committed or nothing is known."""
        if self.points_committed and self.points_completed is not None:
            return 100 * self.points_completed / self.points_committed, "points"
        if self.stories_committed and self.stories_completed is not None:
            return 100 * self.stories_completed / self.stories_committed, "stories"
        return None

    @property
    def satisfaction(self) -> float | None:
        """The pulse average; single scores are never shown, so nobody's answer stands out."""
        if not self.satisfaction_pulses:
            return None
        return sum(self.satisfaction_pulses) / len(self.satisfaction_pulses)

    @property
    def shown_satisfaction(self) -> float | None:
        """The pulse average once `PULSES_SHOWN_MIN` pulses are in; None before."""
        if len(self.satisfaction_pulses) < PULSES_SHOWN_MIN:
            return None
        return self.satisfaction

    @property
    def estimate_ratio(self) -> float | None:
        """Total actual over total estimate, so one tiny story cannot swing the figure."""
        if not self.estimates:
            return None
        return sum(e.actual for e in self.estimates) / sum(e.estimate for e in self.estimates)


class Thresholds(BaseModel):
    """The healthy range of each signal; defaults are a starting point a team edits."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    clarifying_questions_below: int = Field(
        default=5, ge=1, le=1000, description="Healthy when fewer questions than this."
    )
    tech_debt_share_min: float = Field(
        default=20, ge=0, le=100, description="Healthy when at least this % of capacity."
    )
    rework_days_max: float = Field(default=1, ge=0, le=365)
    estimate_ratio_min: float = Field(default=0.8, gt=0, le=10)
    estimate_ratio_max: float = Field(default=1.25, gt=0, le=10)
    stories_added_max: int = Field(default=1, ge=0, le=STORIES_PER_SPRINT_MAX)
    satisfaction_min: float = Field(default=3, ge=1, le=5)
    nps_change_min: int = Field(
        default=0, ge=-200, le=200, description="Flag an NPS change below this."
    )
    completion_min: float = Field(
        default=80,
        ge=0,
        le=100,
        description="Healthy when at least this % of the committed work is completed.",
    )
    qa_rejections_max: int = Field(
        default=1,
        ge=0,
        le=STORIES_PER_SPRINT_MAX,
        description="Healthy when at most this many stories are rejected in QA.",
    )

    @model_validator(mode="after")
    def _ratio_range_is_a_range(self) -> Self:
        if self.estimate_ratio_min > self.estimate_ratio_max:
            raise PydanticCustomError(
                "range_reversed",
                "The lowest healthy estimate ratio ({low}) cannot be above the highest ({high}).",
                {
                    "low": _number(self.estimate_ratio_min),
                    "high": _number(self.estimate_ratio_max),
                    "field": "estimate_ratio_min",
                },
            )
        return self


def _number(value: float) -> str:
    return f"{value:g}"
