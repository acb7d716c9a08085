"""Perception gaps: product and engineering writing about one situation and disagreeing.

A pair is a gap when one card comes from the product side and the other from the engineering
side (by the team's grouping of roles), they are about the same situation (people put them in
one group, or their texts are alike enough), and they disagree: one went well and the other
did not, or both went badly and are tagged with different friction points (each side blames
a different cause). Proposals disagree with nobody: they look ahead.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from twofold.domain.sides import Side
from twofold.domain.vocab import Friction, Polarity
from twofold.insights.situations.similarity import similarity_matrix

GAP_SIMILARITY = 0.3
"""Similarity at which a product card and an engineering card are about one situation: the
lowest at which the tuning sets' gaps reach 0.60 precision (`python -m bench situations`)."""

GapKind = Literal["opposite_polarity", "different_causes"]


@dataclass(frozen=True)
class GapCard:
    card_id: str
    text: str
    side: Side | None
    polarity: Polarity
    friction: Friction | None
    topic_id: str
    """The card's group, or the card itself when it stands alone."""


@dataclass(frozen=True)
class PerceptionGap:
    product: GapCard
    engineering: GapCard
    kind: GapKind
    similarity: float


def disagreement(a: GapCard, b: GapCard) -> GapKind | None:
    """How two cards about one situation disagree, if they do."""
    polarities = {a.polarity, b.polarity}
    if polarities == {Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL}:
        return "opposite_polarity"
    if (
        polarities == {Polarity.DIDNT_GO_WELL}
        and a.friction is not None
        and b.friction is not None
        and a.friction != b.friction
    ):
        return "different_causes"
    return None


def perception_gaps(
    cards: Sequence[GapCard], *, threshold: float = GAP_SIMILARITY
) -> list[PerceptionGap]:
    """Every gap between a product card and an engineering card of `cards`, most alike first."""
    product = [c for c in cards if c.side == Side.PRODUCT]
    engineering = [c for c in cards if c.side == Side.ENGINEERING]
    if not product or not engineering:
        return []
    both = product + engineering
    sim = similarity_matrix([c.text for c in both])
    gaps: list[PerceptionGap] = []
    for i, p in enumerate(product):
        for j, e in enumerate(engineering, start=len(product)):
            kind = disagreement(p, e)
            if kind is None:
                continue
            score = float(sim[i, j])
            if p.topic_id == e.topic_id or score >= threshold:
                gaps.append(PerceptionGap(p, e, kind, round(score, 3)))
    gaps.sort(key=lambda g: (-g.similarity, g.product.card_id, g.engineering.card_id))
    return gaps
