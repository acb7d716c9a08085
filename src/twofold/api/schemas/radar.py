"""Bodies for the health radar: one's own answers, and the radar by side."""

from typing import Annotated

from pydantic import Field, StrictInt

from twofold.api.schemas.base import Request, Response
from twofold.domain.vocab import Friction


class RadarAnswersUpdate(Request):
    """The whole answer set: dimensions left out are no longer rated by you."""

    scores: Annotated[dict[Friction, StrictInt], Field(min_length=1, max_length=len(Friction))] = (
        Field(description="A rating from 1 to 5 for each friction point you rate.")
    )


class RadarAnswers(Response):
    retro_id: str
    scores: dict[Friction, int] = Field(
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
    dimension: Friction
    label: str
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
