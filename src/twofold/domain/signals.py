"""Sprint signals and the thresholds that turn them into discussion prompts.

A signal is only worth a retro's time when it is outside the range the team agreed is healthy,
so `evaluate` returns flags for those alone, each with a question the team can start from.
Nothing recorded means nothing known: a signal left empty is never flagged.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Self

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

from twofold.domain.vocab import Friction

STORIES_PER_SPRINT_MAX = 200
PULSES_PER_SPRINT_MAX = 100
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
            ("stories", self.stories_committed, self.stories_completed),
            ("points", self.points_committed, self.points_completed),
        )
        for unit, committed, completed in pairs:
            if committed is not None and completed is not None and completed > committed:
                raise ValueError(
                    f"{unit}_completed ({_number(completed)}) cannot be more than "
                    f"{unit}_committed ({_number(committed)}); work added mid-sprint belongs "
                    "in stories_added_after_start."
                )
        return self

    @property
    def satisfaction(self) -> float | None:
        """The pulse average; single scores are never shown, so nobody's answer stands out."""
        if not self.satisfaction_pulses:
            return None
        return sum(self.satisfaction_pulses) / len(self.satisfaction_pulses)

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

    @model_validator(mode="after")
    def _ratio_range_is_a_range(self) -> Self:
        if self.estimate_ratio_min > self.estimate_ratio_max:
            raise ValueError(
                f"estimate_ratio_min ({_number(self.estimate_ratio_min)}) cannot be more than "
                f"estimate_ratio_max ({_number(self.estimate_ratio_max)})."
            )
        return self


class Signal(StrEnum):
    CLARIFYING_QUESTIONS = "clarifying_questions"
    TECH_DEBT_SHARE = "tech_debt_share"
    REWORK_DAYS = "rework_days"
    ESTIMATE_RATIO = "estimate_ratio"
    STORIES_ADDED = "stories_added_after_start"
    SHIPPED_ON_TIME = "shipped_on_time"
    SATISFACTION = "satisfaction"
    NPS_CHANGE = "nps_change"


@dataclass(frozen=True)
class Flag:
    """A signal outside its healthy range, with the question to open the conversation."""

    signal: Signal
    value: float | bool
    threshold: str
    prompt: str
    friction: Friction


def evaluate(signals: SprintSignals, thresholds: Thresholds) -> list[Flag]:
    """Flags in a fixed order (that of `Signal`), so agendas and reports read the same way."""
    t = thresholds
    flags: list[Flag] = []

    questions = signals.clarifying_questions
    if questions is not None and questions >= t.clarifying_questions_below:
        flags.append(
            Flag(
                Signal.CLARIFYING_QUESTIONS,
                questions,
                f"fewer than {t.clarifying_questions_below}",
                f"{_plural(questions, 'clarifying question')} came up mid-sprint — which stories "
                "reached development with gaps, and what would have caught them sooner?",
                Friction.REQUIREMENTS_CLARITY,
            )
        )

    share = signals.tech_debt_share
    if share is not None and share < t.tech_debt_share_min:
        flags.append(
            Flag(
                Signal.TECH_DEBT_SHARE,
                share,
                f"at least {_number(t.tech_debt_share_min)}%",
                f"Only {_number(share)}% of capacity went to tech debt "
                f"(target {_number(t.tech_debt_share_min)}%) — what did we put off, "
                "and what is it costing us?",
                Friction.TECH_DEBT,
            )
        )

    rework = signals.rework_days
    if rework is not None and rework > t.rework_days_max:
        flags.append(
            Flag(
                Signal.REWORK_DAYS,
                rework,
                f"at most {_days(t.rework_days_max)}",
                f"{_days(rework)} of rework this sprint — what did the stories that "
                "bounced back have in common?",
                Friction.VELOCITY_QUALITY,
            )
        )

    ratio = signals.estimate_ratio
    if ratio is not None and not t.estimate_ratio_min <= ratio <= t.estimate_ratio_max:
        question = (
            "which stories surprised us, and what did we not know when we estimated?"
            if ratio > t.estimate_ratio_max
            else "were we padding, or did scope quietly shrink?"
        )
        flags.append(
            Flag(
                Signal.ESTIMATE_RATIO,
                round(ratio, 2),
                f"between {_number(t.estimate_ratio_min)} and {_number(t.estimate_ratio_max)}",
                f"Work took {_number(round(ratio, 2))} times its estimates overall — {question}",
                Friction.ESTIMATION,
            )
        )

    added = signals.stories_added_after_start
    if added is not None and added > t.stories_added_max:
        flags.append(
            Flag(
                Signal.STORIES_ADDED,
                added,
                f"at most {t.stories_added_max}",
                f"{_plural(added, 'story', 'stories')} joined after the sprint started — who asked for them, "
                "and could any have waited for planning?",
                Friction.REQUIREMENTS_CLARITY,
            )
        )

    if signals.shipped_on_time is False:
        flags.append(
            Flag(
                Signal.SHIPPED_ON_TIME,
                False,
                "shipped on time",
                "The sprint did not ship on time — when did we first know, and who heard it last?",
                Friction.COMMUNICATION,
            )
        )

    mood = signals.satisfaction
    if mood is not None and mood < t.satisfaction_min:
        flags.append(
            Flag(
                Signal.SATISFACTION,
                round(mood, 1),
                f"at least {_number(t.satisfaction_min)} of 5",
                f"Team satisfaction averaged {_number(round(mood, 1))} of 5 — what would "
                "make the next sprint feel better to work in?",
                Friction.COMMUNICATION,
            )
        )

    nps = signals.nps_change
    if nps is not None and nps < t.nps_change_min:
        if nps < 0:
            movement = f"fell by {_plural(-nps, 'point')}"
        elif nps == 0:
            movement = "did not move"
        else:
            movement = f"rose by only {_plural(nps, 'point')}"
        flags.append(
            Flag(
                Signal.NPS_CHANGE,
                nps,
                f"at least {t.nps_change_min:+d}",
                f"NPS {movement} — what did customers notice this sprint that we did not?",
                Friction.REQUIREMENTS_CLARITY,
            )
        )

    return flags


def _number(value: float) -> str:
    return f"{value:g}"


def _plural(value: float, unit: str, units: str | None = None) -> str:
    return f"{_number(value)} {unit if value == 1 else units or unit + 's'}"


def _days(value: float) -> str:
    return _plural(value, "day")
