"""Bodies for sprint signals, satisfaction pulses and team thresholds.

Fields reuse the domain's types, so a bad figure gets the domain's sentence about it ("A count
cannot be negative (got -3)."), and each request is also built into its domain model once, so
rules across fields (completed within committed, a range's minimum within its maximum) are
refused here with the domain's own message rather than failing later.
"""

from datetime import datetime
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from twofold.api.schemas.base import Request, Response, rule_broken
from twofold.domain.flags import FlagCode, Signal
from twofold.domain.signals import (
    ESTIMATE_MIN,
    STORIES_PER_SPRINT_MAX,
    STORY_LABEL_MAX,
    Count,
    Days,
    NpsChange,
    Percent,
    Points,
    Pulse,
    SprintSignals,
    Thresholds,
)
from twofold.domain.vocab import Friction

# The domain sets no ceiling on counts and points; these keep absurd figures out, since the
# sums and prompts built from them would overflow a float.
COUNT_MAX = 10_000
POINTS_MAX = 100_000


def _at_most(limit: int, what: str) -> AfterValidator:
    def check(value: float) -> float:
        if value > limit:
            raise PydanticCustomError(
                "too_large",
                "{what} cannot be more than {limit} (got {value}).",
                {"what": what, "limit": limit, "value": value},
            )
        return value

    return AfterValidator(check)


SprintCount = Annotated[Count, _at_most(COUNT_MAX, "A count")]
SprintPoints = Annotated[Points, _at_most(POINTS_MAX, "Story points")]


def _domain_rules(model: type[BaseModel], data: dict[str, Any]) -> None:
    """Raise the domain model's own message when `data` breaks a rule across fields."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise rule_broken("inconsistent", exc) from None


class _Figures(Request):
    # JSON from Python's parser may carry Infinity and NaN, which no figure can be.
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class StoryEstimate(_Figures):
    story: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=STORY_LABEL_MAX)
    ]
    estimate: Annotated[float, Field(ge=ESTIMATE_MIN, le=POINTS_MAX)]
    actual: SprintPoints


class SignalsUpdate(_Figures):
    """Every figure of the sprint; any left out or null is recorded as unknown. Satisfaction
    pulses are not set here: each participant gives one with `POST .../signals/pulse`."""

    stories_committed: SprintCount | None = None
    stories_completed: SprintCount | None = None
    points_committed: SprintPoints | None = None
    points_completed: SprintPoints | None = None
    stories_rejected_in_qa: SprintCount | None = None
    rework_days: Days | None = None
    stories_added_after_start: SprintCount | None = None
    stories_removed_after_start: SprintCount | None = None
    clarifying_questions: SprintCount | None = None
    estimates: Annotated[list[StoryEstimate], Field(max_length=STORIES_PER_SPRINT_MAX)] = Field(
        default_factory=list
    )
    tech_debt_share: Percent | None = Field(
        default=None, description="Share of the sprint's capacity spent on tech debt, in %."
    )
    shipped_on_time: bool | None = None
    nps_change: NpsChange | None = None

    @model_validator(mode="before")
    @classmethod
    def _no_pulses(cls, data: Any) -> Any:
        # Said outright, because the answer to GET shows pulses and a client may send them back.
        if isinstance(data, dict) and "satisfaction_pulses" in data:
            raise PydanticCustomError(
                "pulses_not_recorded",
                "satisfaction_pulses cannot be set here: each participant gives their own pulse "
                "with POST /api/retros/<retro_id>/signals/pulse.",
            )
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _domain_rules(SprintSignals, self.model_dump())
        return self

    def to_domain(self) -> SprintSignals:
        return SprintSignals.model_validate(self.model_dump())


class PulseCreate(Request):
    score: Pulse


class ThresholdsUpdate(_Figures):
    """A team's healthy ranges; any left out or null follows the default."""

    clarifying_questions_below: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        default=None, description="Healthy when fewer clarifying questions than this."
    )
    tech_debt_share_min: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None, description="Healthy when at least this % of capacity goes to tech debt."
    )
    rework_days_max: Annotated[float, Field(ge=0, le=365)] | None = None
    estimate_ratio_min: Annotated[float, Field(gt=0, le=10)] | None = Field(
        default=None, description="Healthy when actual over estimate is at least this."
    )
    estimate_ratio_max: Annotated[float, Field(gt=0, le=10)] | None = Field(
        default=None, description="Healthy when actual over estimate is at most this."
    )
    stories_added_max: Annotated[int, Field(ge=0, le=STORIES_PER_SPRINT_MAX)] | None = None
    satisfaction_min: Annotated[float, Field(ge=1, le=5)] | None = Field(
        default=None, description="Healthy when the average pulse is at least this."
    )
    nps_change_min: Annotated[int, Field(ge=-200, le=200)] | None = Field(
        default=None, description="Flag an NPS change below this."
    )
    completion_min: Annotated[float, Field(ge=0, le=100)] | None = Field(
        default=None, description="Healthy when at least this % of the committed work is done."
    )
    qa_rejections_max: Annotated[int, Field(ge=0, le=STORIES_PER_SPRINT_MAX)] | None = Field(
        default=None, description="Healthy when at most this many stories are rejected in QA."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        _domain_rules(Thresholds, self.model_dump(exclude_none=True))
        return self

    def to_domain(self) -> Thresholds:
        """Only the thresholds given are set on the result, so the rest keep following the
        defaults when they are stored."""
        return Thresholds.model_validate(self.model_dump(exclude_none=True))


class StoryEstimateView(Response):
    story: str
    estimate: float
    actual: float


class SignalValues(Response):
    """The figures as recorded, in the shape `PUT` takes them."""

    stories_committed: int | None
    stories_completed: int | None
    points_committed: float | None
    points_completed: float | None
    stories_rejected_in_qa: int | None
    rework_days: float | None
    stories_added_after_start: int | None
    stories_removed_after_start: int | None
    clarifying_questions: int | None
    estimates: list[StoryEstimateView]
    tech_debt_share: float | None
    shipped_on_time: bool | None
    nps_change: int | None


class PulseSummary(Response):
    count: int
    average: float | None = Field(
        description="The average score, shown to members once there are at least 3 scores."
    )
    given_by_me: bool


class SignalFlag(Response):
    signal: Signal
    code: FlagCode = Field(description="What is off and which way; clients word it from this.")
    value: bool | int | float
    params: dict[str, float | str] = Field(
        description="The team's limits the value was held against: `ideal` for a one-sided "
        "limit, `min` and `max` for a band, `unit` where the figure was counted in one of several."
    )
    threshold: str = Field(description="The healthy range, in English.")
    prompt: str = Field(description="A question to open the discussion with, in English.")
    friction: Friction


class Completion(Response):
    percent: float = Field(description="Completed over committed, in %.")
    counted_in: Literal["points", "stories"] = Field(
        description="Points when both point figures are recorded, else stories."
    )


class RetroSignals(Response):
    retro_id: str
    signals: SignalValues | None = Field(description="Null for guests, who see the flags only.")
    estimate_ratio: float | None = Field(
        description="Total actual over total estimate, when estimates are recorded."
    )
    completion: Completion | None = Field(
        description="How much of the committed work was completed, when that is recorded."
    )
    pulses: PulseSummary
    flags: list[SignalFlag]
    updated_at: datetime | None = Field(description="When the figures were last recorded.")
    updated_by: str | None = Field(description="The user id of whoever recorded them.")


class ThresholdValues(Response):
    clarifying_questions_below: int
    tech_debt_share_min: float
    rework_days_max: float
    estimate_ratio_min: float
    estimate_ratio_max: float
    stories_added_max: int
    satisfaction_min: float
    nps_change_min: int
    completion_min: float
    qa_rejections_max: int


class TeamThresholds(Response):
    team_id: str
    thresholds: ThresholdValues = Field(description="What the team's flags are measured by.")
    defaults: ThresholdValues
    updated_at: datetime | None = Field(description="Null while the team uses the defaults.")
