"""Which cards are about the same situation, and where product and engineering see one
situation differently. Computed locally from the cards' text and what the board knows of them (see `odds`)."""

from twofold.insights.situations.gaps import (
    GapCard,
    GapKind,
    PerceptionGap,
    disagreement,
    perception_gaps,
)
from twofold.insights.situations.grouping import (
    SuggestedGroup,
    cluster,
    name_for,
    same_situation,
    suggest_groups,
)
from twofold.insights.situations.odds import (
    Odds,
    SituationCard,
    same_situation_odds,
    situation_odds,
)
from twofold.insights.situations.similarity import normalise, warm

__all__ = [
    "GapCard",
    "GapKind",
    "Odds",
    "PerceptionGap",
    "SituationCard",
    "SuggestedGroup",
    "cluster",
    "disagreement",
    "name_for",
    "normalise",
    "perception_gaps",
    "same_situation",
    "same_situation_odds",
    "situation_odds",
    "suggest_groups",
    "warm",
]
