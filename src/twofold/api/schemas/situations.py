"""Suggested groups of cards about one situation, and perception gaps between the sides."""

from typing import Literal

from pydantic import Field

from twofold.api.schemas.base import Response
from twofold.domain.vocab import Friction, Polarity


class SuggestedGroup(Response):
    name: str = Field(description="A short name from the words the cards share; editable.")
    card_ids: list[str] = Field(description="Two or more cards not yet in any group.")
    cohesion: float = Field(
        description="The average odds, 0 to 1, that two of the cards are about one situation."
    )


class GroupSuggestions(Response):
    enabled: bool = Field(description="False when the retro has situation hints turned off.")
    groups: list[SuggestedGroup]


class GapSide(Response):
    """One side's card of a gap. No author: a gap names sides, never people."""

    card_id: str
    side: Literal["product", "engineering"]
    text: str
    polarity: Polarity
    friction: Friction | None
    topic_id: str = Field(description="The card's group, or the card itself when alone.")


class PerceptionGap(Response):
    kind: Literal["opposite_polarity", "different_causes"] = Field(
        description="One side says it went well and the other not, or both say it went badly "
        "and blame different friction points."
    )
    similarity: float = Field(
        description="The odds, 0 to 1, that the two cards are about one situation; 1 when "
        "people put them in one group."
    )
    product: GapSide
    engineering: GapSide


class PerceptionGaps(Response):
    enabled: bool = Field(description="False when the retro has situation hints turned off.")
    too_few_to_show: bool = Field(
        default=False,
        description="True in an anonymous retro that hides roles while a side has fewer than "
        "three authors: a side would name them, so no gap is shown.",
    )
    gaps: list[PerceptionGap]
