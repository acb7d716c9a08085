"""Perception gaps: product and engineering writing about one situation and disagreeing.

A pair is a gap when one card comes from the product side and the other from the engineering
side (by the team's grouping of roles), they are about the same situation (people put them in
one group, or the same-situation odds of `odds` are high enough), and they disagree: one went
well and the other did not, or both went badly and are tagged with different friction points
(each side blames a different cause; judged on the odds without tags, see `Odds`). Proposals
disagree with nobody: they look ahead.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from twofold.domain.sides import Side
from twofold.domain.vocab import Polarity
from twofold.insights.situations.odds import Odds, SituationCard, situation_odds

GAP_ODDS = 0.5
"""Odds at which a product card and an engineering card are about one situation, chosen on
the tuning sets' out-of-fold odds by `python -m bench situations --fit`: the lowest at which
gaps reach 0.60 precision, or else the one with the best F0.5."""

GapKind = Literal["opposite_polarity", "different_causes"]


@dataclass(frozen=True)
class GapCard(SituationCard):
    topic_id: str
    """The card's group, or the card itself when it stands alone."""


@dataclass(frozen=True)
class PerceptionGap:
    product: GapCard
    engineering: GapCard
    kind: GapKind
    similarity: float
    """The odds that the two cards are about one situation (1 for cards grouped by people)."""


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
    cards: Sequence[GapCard], *, threshold: float = GAP_ODDS, odds: Odds | None = None
) -> list[PerceptionGap]:
    """Every gap between a product card and an engineering card of `cards`, most alike first.
    `odds`, when given, are the cards' pairs' (as `situation_odds` gives them). Two cards
    that blame different causes are judged on the odds without their tags: that they differ
    is what makes them a gap, not a sign of two situations."""
    product = [i for i, c in enumerate(cards) if c.side == Side.PRODUCT]
    engineering = [i for i, c in enumerate(cards) if c.side == Side.ENGINEERING]
    if not product or not engineering:
        return []
    found = situation_odds(cards) if odds is None else odds
    gaps: list[PerceptionGap] = []
    for i in product:
        for j in engineering:
            p, e = cards[i], cards[j]
            kind = disagreement(p, e)
            if kind is None:
                continue
            sim = found.tagged if kind == "opposite_polarity" else found.untagged
            score = 1.0 if p.topic_id == e.topic_id else float(sim[i, j])
            if score >= threshold:
                gaps.append(PerceptionGap(p, e, kind, round(score, 3)))
    gaps.sort(key=lambda g: (-g.similarity, g.product.card_id, g.engineering.card_id))
    return gaps
