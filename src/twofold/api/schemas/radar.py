"""Bodies for the health radar: one's own answers, the radar by side, and a team's own
dimensions."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StrictInt

from twofold.api.schemas.base import Request, Response
from twofold.domain.radar import BUILT_IN
from twofold.domain.radar_dimensions import LABEL_MAX, TEAM_DIMENSIONS_MAX

DimensionKey = Annotated[str, Field(max_length=40)]


class RadarAnswersUpdate(Request):
    """The whole answer set: dimensions left out are no longer rated by you."""

    scores: Annotated[
        dict[DimensionKey, StrictInt],
        Field(min_length=1, max_length=len(BUILT_IN) + TEAM_DIMENSIONS_MAX),
    ] = Field(
        description="A rating from 1 to 5 for each dimension you rate, by its `dimension` key "
        "in the retro's radar: a friction point's name, or the id of one of the team's own."
    )


class RadarAnswers(Response):
    retro_id: str
    scores: dict[str, int] = Field(
        description="Your own ratings; empty until you answer. Nobody else can read them."
    )


class RadarSide(Response):
    shown: bool = Field(
        description="False while fewer than 3 people of this side rated the dimension "
        '("too few answers"): no figure is given then, not even the count.'
    )
    average: float | None
    count: int | None


class RadarDimension(Response):
    dimension: str = Field(
        description="A friction point's name, or the id of one of the team's own dimensions."
    )
    label: str
    team_defined: bool = Field(description="Whether this is one of the team's own dimensions.")
    product: RadarSide = Field(description="PMs and designers.")
    engineering: RadarSide = Field(description="Engineers, tech leads and QA.")
    gap: float | None = Field(
        description="The perception gap: product's average minus engineering's, when both "
        "sides are shown."
    )


class RetroRadar(Response):
    retro_id: str
    enabled: bool = Field(description="Whether this retro uses the health radar.")
    open: bool = Field(description="Whether answers are taken now (the radar is on, in check-in).")
    respondents: int = Field(description="How many people have answered, on any side.")
    dimensions: list[RadarDimension]


class TeamDimensionView(Response):
    id: str
    label: str
    added_at: datetime
    retired_at: datetime | None = Field(
        description="When it stopped being asked; retros that asked it still show it."
    )


class TeamDimensions(Response):
    team_id: str
    in_use: list[TeamDimensionView] = Field(
        description="Asked in the team's retros started from when each was added."
    )
    retired: list[TeamDimensionView]
    limit: int = Field(description="How many may be in use at once.")


class DimensionLabel(Request):
    label: str = Field(
        max_length=200,
        description=f"One line, 2 to {LABEL_MAX} characters, unlike the five friction points' "
        "labels and the team's other dimensions.",
    )
