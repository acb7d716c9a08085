"""Cards about the same situation, put together: proposals for the board's group phase and
the clusters behind recurring themes across retros.

Clustering is average-linkage over the same-situation odds (`odds`): every card starts alone
and the two clusters whose cards' pairs are most likely one situation on average are merged,
while that average reaches the threshold. Averaging over all pairs keeps one card that is
loosely like two situations from chaining them together.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from twofold.domain.themes import tokens
from twofold.insights.situations.odds import SituationCard, same_situation_odds
from twofold.insights.situations.similarity import NOISE_STEMS, normalise

GROUP_ODDS = 0.3
"""Average odds at which two clusters of cards are one situation, chosen on the tuning sets'
out-of-fold odds by `python -m bench situations --fit`: the lowest that reaches the 0.80
precision the goal for themes asks for, or else the one with the best F0.5."""

NAME_WORDS = 3
NAME_MAX = 80


def cluster(similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """Indices of the items in each cluster, each in index order, clusters by first index."""
    # Loaded when first needed: most requests never cluster.
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = similarity.shape[0]
    if n < 2:
        return [[i] for i in range(n)]
    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # Merged while the average similarity reaches the threshold: distance at most 1 - threshold.
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    members: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        members.setdefault(int(label), []).append(index)
    return sorted(members.values(), key=lambda m: m[0])


def same_situation(
    cards: Sequence[SituationCard], threshold: float = GROUP_ODDS
) -> list[list[int]]:
    """Clusters of `cards` about the same situation (indices), loners included."""
    return cluster(same_situation_odds(cards), threshold) if cards else []


@dataclass(frozen=True)
class SuggestedGroup:
    name: str
    card_ids: tuple[str, ...]
    cohesion: float
    """Average odds that two of the group's cards are about one situation, in [0, 1]."""


def name_for(texts: Sequence[str]) -> str:
    """A short name from the words most of the texts share, in the form people wrote most."""
    spread: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    first: dict[str, int] = {}
    for text in texts:
        toks = [(s, w) for s, w in tokens(normalise(text)) if s not in NOISE_STEMS]
        for s, w in toks:
            forms.setdefault(s, Counter())[w] += 1
            first.setdefault(s, len(first))
        spread.update({s for s, _ in toks})
    if not spread:
        return "Same situation"
    ranked = sorted(spread, key=lambda s: (-spread[s], first[s]))
    shared = [s for s in ranked if spread[s] > 1] or ranked
    words = [min(forms[s], key=lambda w: (-forms[s][w], w)) for s in shared[:NAME_WORDS]]
    return " ".join(words).capitalize()[:NAME_MAX]


def suggest_groups(
    cards: Sequence[SituationCard], *, threshold: float = GROUP_ODDS
) -> list[SuggestedGroup]:
    """Groups of two or more of `cards` about the same situation, most cohesive first. A card
    alike to no other stays out of every group."""
    if len(cards) < 2:
        return []
    sim = same_situation_odds(cards)
    groups: list[SuggestedGroup] = []
    for members in cluster(sim, threshold):
        if len(members) < 2:
            continue
        block = sim[np.ix_(members, members)]
        pairs = len(members) * (len(members) - 1)
        cohesion = float((block.sum() - len(members)) / pairs)
        groups.append(
            SuggestedGroup(
                name=name_for([cards[i].text for i in members]),
                card_ids=tuple(cards[i].card_id for i in members),
                cohesion=round(cohesion, 3),
            )
        )
    groups.sort(key=lambda g: (-g.cohesion, g.card_ids))
    return groups
