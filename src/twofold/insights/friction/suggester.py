"""Suggest a friction point for a card while it is typed, and adapt to what a team confirms.

The base model is trained once per process, lazily, from the shipped examples. A team's model is
the same model refitted with the team's confirmed tags weighted above ours: teams name their own
pains ("release train", "the Tuesday sync") and a suggester that never learns them stops being
useful. The server refits in the background (`refits.TeamModels`); `for_team` refits here and
now, for scripts and the benchmark.

The suggester abstains (suggests nothing) when a card is about none of the five friction points
(kudos for a lunch, a vendor outage, a day off), when none of its words was ever seen in an
example (gibberish), and when its best friction point is less likely than `ABSTAIN_BELOW`: a
wrong suggestion costs the author a correction and teaches them to ignore the next one.
"""

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from twofold.domain.limits import CARD_TEXT_MAX
from twofold.domain.vocab import Friction
from twofold.insights.friction.dataset import (
    UNKNOWN,
    CardContext,
    Example,
    load_examples,
    normalise,
)
from twofold.insights.friction.model import FrictionModel, Outcome
from twofold.insights.friction.refits import examples_key, recent_examples

# Below this many letters or digits ("QA", "ok", "+1") a card says nothing we can classify, and
# a guess shown as a suggestion would only teach people to ignore suggestions.
MIN_SIGNIFICANT_CHARS = 4
# The calibrated probability the best friction point needs for a suggestion to be made at all.
# Chosen by the grouped cross-validation of the shipped cards (`python -m bench understanding`
# prints the abstain rates for a range of thresholds): the threshold with the widest margin to
# both goals, abstaining on at least 80 % of cards about none of the five and at most 5 % of real
# friction cards (in whole points; a tie goes to the higher threshold). Cards by other people
# come nearer the boundary than ours, and an earlier 0.50 abstained on over 5 % of theirs; most
# of the abstaining on none cards is "none" ranked first, which no threshold changes, so from
# 0.20 to 0.40 the rates differ by less than half a point.
ABSTAIN_BELOW = 0.35
# One confirmed tag from the team counts as this many of our shipped examples, enough for a
# handful of the team's cards to outweigh our general vocabulary on their own phrases.
TEAM_WEIGHT = 8.0
# Team models `for_team` keeps in memory; each is a few megabytes.
TEAM_CACHE_SIZE = 32

_SIGNIFICANT = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Suggestion:
    friction: Friction
    confidence: float

    @property
    def confident(self) -> bool:
        return self.confidence >= ABSTAIN_BELOW


def _too_short(text: str) -> bool:
    return len(_SIGNIFICANT.findall(text)) < MIN_SIGNIFICANT_CHARS


def abstains(ranked: Sequence[tuple[Outcome, float]], threshold: float = ABSTAIN_BELOW) -> bool:
    """Whether a card ranked so gets no suggestion: "none" comes first, or the best friction
    point is under `threshold`. Empty means the text was not judged at all."""
    if not ranked or ranked[0][0] is None:
        return True
    return ranked[0][1] < threshold


class Suggester:
    """Ranks friction points for a card's text.

    Thread-safe: the model is fitted at most once, under a lock, and a fitted model is only read
    afterwards. Create one per process (see `default_suggester`) so the base fit is paid once.
    """

    def __init__(
        self,
        examples: Sequence[Example] | None = None,
        *,
        team_examples: Sequence[tuple[str, Friction]] = (),
    ) -> None:
        """`examples` defaults to the shipped cards; the benchmark passes the training split
        instead. `team_examples` are weighted above them (use `for_team` rather than this)."""
        self._examples = examples
        self._team_examples = tuple(team_examples)
        self._model: FrictionModel | None = None
        self._fit_lock = threading.Lock()
        self._teams: OrderedDict[str, Suggester] = OrderedDict()
        self._teams_lock = threading.Lock()
        self._team_fit_lock = threading.Lock()

    def warm(self) -> None:
        """Fits now rather than on the first card, e.g. at start-up or before timing."""
        self._fitted()

    @property
    def fitted(self) -> bool:
        return self._model is not None

    def rank(self, text: str, context: CardContext = UNKNOWN) -> list[tuple[Outcome, float]]:
        """Every outcome with its probability, best first, None standing for "none of the five";
        empty when the text is too short, or has no word any example used. For measuring: what
        a person is shown is `suggest`."""
        text = text[:CARD_TEXT_MAX]
        if _too_short(text):
            return []
        return self._fitted().rank(text, context)

    def suggest(
        self, text: str, limit: int = len(Friction), context: CardContext = UNKNOWN
    ) -> list[Suggestion]:
        """Friction points for `text`, best first; empty when the suggester abstains (see the
        module's docstring). Only friction points are listed, never "none"."""
        if limit <= 0:
            return []
        ranked = self.rank(text, context)
        if abstains(ranked):
            return []
        found = [Suggestion(f, p) for f, p in ranked if f is not None]
        return found[:limit]

    def best(self, text: str, context: CardContext = UNKNOWN) -> Suggestion | None:
        """The suggestion worth showing unprompted, or None when the suggester abstains."""
        top = self.suggest(text, limit=1, context=context)
        return top[0] if top else None

    def for_team(self, examples: Sequence[tuple[str, Friction]]) -> "Suggester":
        """A suggester that also learns from a team's confirmed tags, fitted now.

        `examples` are `(card text, confirmed friction)` in the order they were confirmed,
        oldest first; only the last `TEAM_EXAMPLES_MAX` are used. The result is cached by their
        content, so calling this again with the same tags does not refit.
        """
        recent = recent_examples(examples)
        if not recent:
            return self
        key = examples_key(recent)
        cached = self._cached_team(key)
        if cached is not None:
            return cached
        # One refit at a time: a burst of callers must not fit many models in parallel.
        with self._team_fit_lock:
            cached = self._cached_team(key)
            if cached is not None:
                return cached
            team = self.with_team_examples(recent)
            team.warm()
            with self._teams_lock:
                self._teams[key] = team
                while len(self._teams) > TEAM_CACHE_SIZE:
                    self._teams.popitem(last=False)
            return team

    def with_team_examples(self, examples: Sequence[tuple[str, Friction]]) -> "Suggester":
        """A new, unfitted suggester over our examples and these confirmed tags (weighted
        above ours); `warm` fits it."""
        return Suggester(self._examples, team_examples=self._team_examples + tuple(examples))

    def _cached_team(self, key: str) -> "Suggester | None":
        with self._teams_lock:
            team = self._teams.get(key)
            if team is not None:
                self._teams.move_to_end(key)
            return team

    def _fitted(self) -> FrictionModel:
        model = self._model
        if model is not None:
            return model
        with self._fit_lock:
            if self._model is None:
                self._model = self._fit()
            return self._model

    def _fit(self) -> FrictionModel:
        base = load_examples() if self._examples is None else self._examples
        # The team's label wins over ours for a card with the same text: they know what they
        # meant by it.
        overridden = {normalise(text) for text, _ in self._team_examples}
        kept = [e for e in base if normalise(e.text) not in overridden]
        texts = [e.text for e in kept] + [text for text, _ in self._team_examples]
        labels: list[Outcome] = [e.friction for e in kept]
        labels += [f for _, f in self._team_examples]
        weights = [1.0] * len(kept) + [TEAM_WEIGHT] * len(self._team_examples)
        # A team's confirmed tags are read without their context, as the text alone.
        contexts = [e.context for e in kept] + [UNKNOWN] * len(self._team_examples)
        return FrictionModel.fit(texts, labels, weights, contexts)


_default: Suggester | None = None
_default_lock = threading.Lock()


def default_suggester() -> Suggester:
    """The process-wide suggester over the shipped cards, created on first use rather than at
    import so that importing the package costs nothing."""
    global _default  # noqa: PLW0603 -- one lazily built model per process is the point
    with _default_lock:
        if _default is None:
            _default = Suggester()
        return _default
