"""The odds that two cards are about the same situation, from everything the board knows.

Shared words alone find few of the pairs people mean: writers tell one situation in other
words, and two cards about different things in one product share its nouns. What else the
board knows tells a lot. Of the example cards' pairs about one situation, nine in ten carry
the same friction point, against one in six of other pairs; a proposal rarely retells what
happened; a card of three words says too little to be matched at all.

So the odds are a logistic model over a few measures of a pair (`FEATURES`): the cosines of
their words and of their character runs (`similarity`), the rarity of the stems they share,
whether both are tagged and agree or differ, how many sprints apart they were written, their
polarities and sides, and how much the shorter card says. Its weights (`WEIGHTS`) were fitted by `python -m bench situations
--fit` on the example retros written from the evaluation brief, with a card's tag left out
half the time, since people do not tag every card; that command prints them again. Nothing
is fitted at run time: the odds of a board are a few n x n array sums.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from twofold.domain.sides import Side
from twofold.domain.vocab import Friction, Polarity
from twofold.insights.situations.similarity import Views, views


@dataclass(frozen=True)
class SituationCard:
    """What a card brings to the question "same situation?"."""

    card_id: str
    text: str
    side: Side | None
    polarity: Polarity | None
    friction: Friction | None
    """The friction point people confirmed; None when nobody tagged the card."""
    sprint: int = field(default=0, kw_only=True)
    """The position of the card's retro among the team's retros; equal on one board."""


SPRINTS_APART_MAX = 3
STEMS_MAX = 20

Measure = Callable[[Sequence[SituationCard], Views], np.ndarray]


def _codes(values: Sequence[Hashable | None]) -> np.ndarray:
    """Each value as a small integer, -1 for None, so pairs compare as arrays."""
    seen: dict[Hashable, int] = {}
    return np.array([-1 if v is None else seen.setdefault(v, len(seen)) for v in values])


def _both_known(values: Sequence[Hashable | None], *, same: bool) -> np.ndarray:
    """1 where both cards have the value and it is the same (or, with `same` false, differs),
    else 0."""
    codes = _codes(values)
    known = codes >= 0
    agree = codes[:, None] == codes[None, :]
    found: np.ndarray = (agree if same else ~agree) & known[:, None] & known[None, :]
    return found.astype(np.float32)


def _sprints_apart(cards: Sequence[SituationCard], _: Views) -> np.ndarray:
    sprints = np.array([c.sprint for c in cards], dtype=float)
    apart: np.ndarray = np.minimum(np.abs(sprints[:, None] - sprints[None, :]), SPRINTS_APART_MAX)
    return apart


def _either_proposal(cards: Sequence[SituationCard], _: Views) -> np.ndarray:
    proposal = np.array([c.polarity == Polarity.PROPOSAL for c in cards], dtype=float)
    either: np.ndarray = np.maximum(proposal[:, None], proposal[None, :])
    return either


FEATURES: dict[str, Measure] = {
    "words": lambda _, v: v.words,
    "grams": lambda _, v: v.grams,
    "shared_rarity": lambda _, v: np.log1p(v.shared),
    "same_tag": lambda cards, _: _both_known([c.friction for c in cards], same=True),
    "other_tag": lambda cards, _: _both_known([c.friction for c in cards], same=False),
    "same_sprint": lambda cards, _: _both_known([c.sprint for c in cards], same=True),
    "sprints_apart": _sprints_apart,
    "same_polarity": lambda cards, _: _both_known([c.polarity for c in cards], same=True),
    "either_proposal": _either_proposal,
    "same_side": lambda cards, _: _both_known([c.side for c in cards], same=True),
    "shorter_stems": lambda _, v: np.minimum.outer(
        np.minimum(v.stems, STEMS_MAX), np.minimum(v.stems, STEMS_MAX)
    ),
    "rarer_rarest": lambda _, v: np.minimum.outer(v.rarest, v.rarest),
}
"""The measures of a pair the odds weigh, each an n x n array over a board's cards."""

INTERCEPT = -7.5730
WEIGHTS: dict[str, float] = {
    "words": 2.9672,
    "grams": 3.8355,
    "shared_rarity": 1.1762,
    "same_tag": 1.3013,
    "other_tag": -1.5056,
    "same_sprint": -0.2461,
    "sprints_apart": -0.5559,
    "same_polarity": -0.0784,
    "either_proposal": -1.1212,
    "same_side": -0.3815,
    "shorter_stems": 0.0574,
    "rarer_rarest": 0.2743,
}
"""Fitted by `python -m bench situations --fit` (see the module's docstring)."""


TAG_MEASURES = frozenset({"same_tag", "other_tag"})
"""The measures that read the cards' friction points."""


class Odds(NamedTuple):
    """The odds of every pair of a board's cards, with and without their friction points.

    Two cards blamed on different friction points are, by the tags, less likely one
    situation; but a product card and an engineering card that blame different causes for one
    situation are exactly the perception gap to find, so that kind of gap is judged on the
    odds without the tags (`untagged`)."""

    tagged: np.ndarray
    untagged: np.ndarray


def measures(cards: Sequence[SituationCard]) -> dict[str, np.ndarray]:
    """Every measure of every pair of `cards`, by name (for fitting the weights)."""
    seen = views([c.text for c in cards])
    return {name: measure(cards, seen) for name, measure in FEATURES.items()}


def _probability(logit: np.ndarray) -> np.ndarray:
    odds: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(logit, -50.0, 50.0)))
    np.fill_diagonal(odds, 1.0)
    return odds


def situation_odds(cards: Sequence[SituationCard]) -> Odds:
    """The probability that each pair of `cards` is about one situation, 1 on the diagonal,
    with and without the cards' friction points. One measure is held at a time, in single
    precision, so a team's whole history (thousands of cards) fits in memory."""
    n = len(cards)
    if n == 0:
        return Odds(np.zeros((0, 0)), np.zeros((0, 0)))
    seen = views([c.text for c in cards])
    untagged = np.full((n, n), INTERCEPT, dtype=np.float32)
    tags = np.zeros((n, n), dtype=np.float32)
    for name, measure in FEATURES.items():
        target = tags if name in TAG_MEASURES else untagged
        target += WEIGHTS[name] * measure(cards, seen)
    tags += untagged
    return Odds(_probability(tags), _probability(untagged))


def same_situation_odds(cards: Sequence[SituationCard]) -> np.ndarray:
    """The probability that each pair of `cards` is about one situation, 1 on the diagonal."""
    return situation_odds(cards).tagged
