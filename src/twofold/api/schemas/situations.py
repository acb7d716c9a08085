"""Suggested groups of cards about one situation, and perception gaps between the sides."""

from typing import Literal

from pydantic import Field

from twofold.api.schemas.base import Response
from twofold.domain.vocab import Friction, Polarity
from twofold.insights import situations
from twofold.insights.situations import GapCard


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


def _side(card: GapCard) -> GapSide:
    if card.side is None or card.polarity is None:
        raise ValueError("a gap's cards have a side and a polarity")
    return GapSide(
        card_id=card.card_id,
        side=card.side.value,
        text=card.text,
        polarity=card.polarity,
        friction=card.friction,
        topic_id=card.topic_id,
    )


def gap_view(gap: situations.PerceptionGap) -> PerceptionGap:
    return PerceptionGap(
        kind=gap.kind,
        similarity=gap.similarity,
        product=_side(gap.product),
        engineering=_side(gap.engineering),
    )
