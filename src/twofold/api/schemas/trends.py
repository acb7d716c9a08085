"""A team's trends page: one JSON for every chart on it."""

from datetime import date

from pydantic import Field

from twofold.api.schemas.base import Response
from twofold.api.schemas.radar import RadarDimension
from twofold.api.schemas.signals import ThresholdValues
from twofold.api.schemas.situations import PerceptionGap
from twofold.api.schemas.summary import EqualVoice


class SprintFigures(Response):
    """A sprint's figures, as the trends of one team and of several teams both show them."""

    ends: date = Field(description="The sprint's end, or the day its retro closed.")
    sprint_name: str | None
    values: dict[str, float | None] = Field(
        description="Each metric's figure (see `metrics`); null where nothing was recorded."
    )
    actions_agreed: int
    actions_done: int
    actions_dropped: int
    actions_open: int
    actions_carried: int
    radar: list[RadarDimension] = Field(
        description="The health radar's averages per side; a side is shown on a dimension "
        "only once 3 people of that side rated it."
    )
    equal_voice: EqualVoice = Field(
        description="Each side's share of cards, votes, notes and action items, with the "
        "flags; not shown in an anonymous retro with fewer than 3 people on a side."
    )


class TrendSprint(SprintFigures):
    retro_id: str
    title: str
    debt_opened: int
    debt_closed: int


class FrictionCount(Response):
    retro_id: str
    friction: str
    role: str = Field(description="The card author's role.")
    cards: int


class FollowThroughView(Response):
    agreed: int
    done: int
    dropped: int
    still_open: int
    rate: float | None = Field(description="Done over agreed, 0 to 1; null with nothing agreed.")


class OpenActionView(Response):
    id: str
    title: str
    category: str | None
    created: date
    due: date | None


class WaitingDebtView(Response):
    id: str
    title: str
    priority: float
    waiting_days: int


class StartedView(Response):
    on: date
    kind: str = Field(description="`ritual` or `agreement` (the working agreements changed).")
    title: str


class ChangeView(Response):
    metric: str
    before: float = Field(description="The mean of the period's first third.")
    after: float = Field(description="The mean of the period's last third.")
    direction: str = Field(description="`rose`, `fell` or `steady`.")
    improved: bool | None = Field(description="Null where the metric has no better direction.")
    since: StartedView | None
    sentence: str = Field(description="The change in plain English.")


class TeamTrendsView(Response):
    team_id: str
    metrics: list[str] = Field(description="Every metric, in the order to show them.")
    sprints: list[TrendSprint] = Field(description="Oldest first.")
    thresholds: ThresholdValues
    friction: list[FrictionCount]
    follow_through: FollowThroughView
    follow_through_by_category: dict[str, FollowThroughView]
    median_days_to_done: float | None
    oldest_open: list[OpenActionView]
    top_debt: list[WaitingDebtView]
    started: list[StartedView]
    changes: list[ChangeView]


class SprintGaps(Response):
    retro_id: str
    ends: date
    sprint_name: str | None
    perception_gaps: int | None = Field(
        description="Pairs of a product and an engineering card about one situation that "
        "disagree; null where the retro shows none (situation hints off, or an anonymous "
        "retro with fewer than 3 authors on a side)."
    )
    gaps: list[PerceptionGap] = Field(
        default_factory=list,
        description="The gaps themselves, both cards side by side, most alike first; at most "
        "20 per retro. Sides only, never authors.",
    )


class TrendGaps(Response):
    sprints: list[SprintGaps] = Field(description="The same sprints as the trends, oldest first.")
