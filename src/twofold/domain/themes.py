"""Recurring themes: the same complaint turning up retro after retro.

A problem raised once is a card; raised in three retros, or in two in a row, it is a pattern the
team has not fixed, and when it smells of technical debt the team is offered to turn it into a
debt item where it can be scored and planned.

Cards are compared by meaning-bearing words only: lower-cased, stop words dropped, endings
stripped by a small suffix stemmer (so "deploys", "deploying" and "deployment" meet), then
weighted by TF-IDF across the cards given, so words every card uses count for little. Cards are
taken in date order and each joins the theme whose centroid it is most similar to (cosine), if
that similarity reaches the threshold; comparing with a centroid rather than any single card
keeps one loosely related card from chaining two unrelated themes together. This is plain
Python on purpose: a team's retro history is a few thousand short texts at most.
"""

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from twofold.domain.dates import people_date
from twofold.domain.debt import DEBT_DESCRIPTION_MAX, DEBT_TITLE_MAX, NewDebtItem
from twofold.domain.errors import Invalid
from twofold.domain.sides import Side
from twofold.domain.vocab import Friction, Polarity

MIN_RETROS = 3
CONSECUTIVE_RETROS = 2
SIMILARITY = 0.3
LABEL_TERMS = 3

# Contractions need no entry: tokens() drops every word with an apostrophe.
_STOP_TEXT = """
a about above after again against all almost also am an and any are as at be because been
before being below between both but by can cannot could did do does doing down during each
even ever every few for from further get gets got had has have having he her here hers
herself him himself his how if in into is it its itself just lot lots made make makes me more
most much must my myself need needs never no nor not now of off on once only or other our
ours ourselves out over own quite rather really same she should so some still such take takes
taking than that the their theirs them themselves then there these they this those through to
too took under until up us very was we were what when where which while who whom why will with
would yet you your yours yourself yourselves min mins minute minutes hour hours day days week
weeks time times bit thing things way ways kind sort one two three many
"""
_STOP_WORDS = frozenset(_STOP_TEXT.split())

# Words that mark a theme as technical debt when nobody tagged its cards with a friction point.
_DEBT_HINT_TEXT = """
debt legacy refactor flaky pipeline build deploy test slow migration upgrade outage incident
performance ci tooling hack workaround bug crash timeout dependency monolith
"""

# Longest first, so "ations" wins over "s".
_SUFFIXES: tuple[str, ...] = (
    "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "ers", "er", "ed",
    "es", "s",
)  # fmt: skip
_REPLACEMENTS = {"ations": "ate", "ation": "ate", "ies": "y", "ied": "y"}


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Strip common English endings so a word's forms compare equal; not a linguist's stemmer.

    Remembered: the same few thousand words come back in every card, and counting the example
    cards' words at start stems a quarter of a million of them."""
    for suffix in _SUFFIXES:
        if not word.endswith(suffix):
            continue
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            break
        if suffix == "ed" and word.endswith("eed"):
            break
        base = word[: -len(suffix)]
        if len(base) < 3 or not re.search(r"[aeiouy]", base):
            continue
        word = base + _REPLACEMENTS.get(suffix, "")
        if suffix in {"ing", "ings", "ed", "er", "ers"} and _doubled(word):
            word = word[:-1]
        break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _doubled(word: str) -> bool:
    return len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouylsz"


def tokens(text: str) -> list[tuple[str, str]]:
    """(stem, word) pairs for the words that carry meaning; numbers and stop words are dropped."""
    words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())
    return [
        (stem(w), w)
        for w in words
        if w not in _STOP_WORDS and not w.isdigit() and len(w) > 1 and "'" not in w
    ]


_DEBT_HINTS = frozenset(stem(w) for w in _DEBT_HINT_TEXT.split())


@dataclass(frozen=True)
class ThemeCard:
    card_id: str
    text: str
    retro_id: str
    retro_date: date
    friction: Friction | None = None
    debt_item_id: str | None = None
    polarity: Polarity | None = None
    side: Side | None = None


ClusterCards = Callable[[Sequence[ThemeCard], Mapping[str, int]], list[list[int]]]
"""Clusters (indices) of the cards given about one situation; it is also given each retro's
position in the team's sequence, so that it can tell how many sprints apart two cards are."""


@dataclass(frozen=True)
class Theme:
    label: str
    terms: tuple[str, ...]
    retro_ids: tuple[str, ...]
    cards: tuple[ThemeCard, ...]
    friction: Friction | None
    debt_item_ids: tuple[str, ...]
    offer_escalation: bool
    first_seen: date
    last_seen: date


Vector = dict[str, float]


def _tfidf(docs: Sequence[list[str]]) -> list[Vector]:
    df = Counter(term for doc in docs for term in set(doc))
    n = len(docs)
    vectors: list[Vector] = []
    for doc in docs:
        tf = Counter(doc)
        vec = {t: c * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in tf.items()}
        norm = math.sqrt(sum(w * w for w in vec.values()))
        vectors.append({t: w / norm for t, w in vec.items()})
    return vectors


def _cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


@dataclass
class _Cluster:
    members: list[int]
    centroid: Vector


def _cluster(vectors: Sequence[Vector], threshold: float) -> list[_Cluster]:
    clusters: list[_Cluster] = []
    for index, vec in enumerate(vectors):
        best: _Cluster | None = None
        best_score = threshold
        for cluster in clusters:
            score = _cosine(vec, cluster.centroid)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = cluster, score
        if best is None:
            clusters.append(_Cluster([index], dict(vec)))
        else:
            best.members.append(index)
            for term, weight in vec.items():
                best.centroid[term] = best.centroid.get(term, 0.0) + weight
    return clusters


def _summed(vectors: Iterable[Vector]) -> Vector:
    total: Vector = {}
    for vec in vectors:
        for term, weight in vec.items():
            total[term] = total.get(term, 0.0) + weight
    return total


def _retro_sequence(cards: Sequence[ThemeCard], retro_order: Sequence[str] | None) -> list[str]:
    if retro_order is not None:
        unknown = sorted({c.retro_id for c in cards} - set(retro_order))
        if unknown:
            raise Invalid(f"Cards refer to retros missing from the order: {', '.join(unknown)}.")
        return list(retro_order)
    dates: dict[str, date] = {}
    for card in cards:
        dates[card.retro_id] = min(card.retro_date, dates.get(card.retro_id, card.retro_date))
    return sorted(dates, key=lambda r: (dates[r], r))


def _longest_run(positions: Iterable[int]) -> int:
    best = run = 0
    previous: int | None = None
    for pos in sorted(set(positions)):
        run = run + 1 if previous is not None and pos == previous + 1 else 1
        best = max(best, run)
        previous = pos
    return best


def _dominant_friction(cards: Sequence[ThemeCard]) -> Friction | None:
    counts = Counter(c.friction for c in cards if c.friction is not None)
    if not counts:
        return None
    order = list(Friction)
    return max(counts, key=lambda f: (counts[f], -order.index(f)))


def recurring_themes(
    cards: Sequence[ThemeCard],
    *,
    min_retros: int = MIN_RETROS,
    consecutive_retros: int = CONSECUTIVE_RETROS,
    similarity: float = SIMILARITY,
    retro_order: Sequence[str] | None = None,
    cluster_cards: ClusterCards | None = None,
) -> list[Theme]:
    """Themes seen in at least `min_retros` retros, or in `consecutive_retros` retros in a row.

    "In a row" follows `retro_order` when given (all of the team's retros, oldest first), since
    a retro where nobody mentioned the topic breaks a streak even if it has no cards here;
    otherwise the order of the retros the cards come from. Most widespread themes come first.

    `cluster_cards`, when given, decides which cards are about the same situation in place of
    the word clustering here; the app passes the same-situation odds, which weigh what the
    board knows of each card besides its words.
    """
    if min_retros < 2 or consecutive_retros < 2:
        raise Invalid("A theme recurs only across at least 2 retros.")
    if not 0 < similarity <= 1:
        raise Invalid("The similarity threshold is between 0 (exclusive) and 1.")
    sequence = _retro_sequence(cards, retro_order)
    position = {retro_id: i for i, retro_id in enumerate(sequence)}
    ordered = sorted(cards, key=lambda c: (position[c.retro_id], c.card_id))
    tokenised = [(card, tokens(card.text)) for card in ordered]
    tokenised = [(card, toks) for card, toks in tokenised if toks]
    vectors = _tfidf([[s for s, _ in toks] for _, toks in tokenised])

    themes: list[Theme] = []
    if cluster_cards is None:
        clusters = _cluster(vectors, similarity)
    else:
        clusters = [
            _Cluster(members, _summed(vectors[i] for i in members))
            for members in cluster_cards([card for card, _ in tokenised], position)
        ]
    for cluster in clusters:
        members = [tokenised[i][0] for i in cluster.members]
        retros = sorted({c.retro_id for c in members}, key=position.__getitem__)
        recurring = len(retros) >= min_retros or (
            _longest_run(position[r] for r in retros) >= consecutive_retros
        )
        if not recurring:
            continue
        terms = _top_terms(cluster, [tokenised[i][1] for i in cluster.members])
        stems = {s for i in cluster.members for s, _ in tokenised[i][1]}
        friction = _dominant_friction(members)
        linked = tuple(dict.fromkeys(c.debt_item_id for c in members if c.debt_item_id))
        debt_like = friction in {Friction.TECH_DEBT, Friction.VELOCITY_QUALITY} or (
            friction is None and bool(stems & _DEBT_HINTS)
        )
        themes.append(
            Theme(
                label=", ".join(terms),
                terms=terms,
                retro_ids=tuple(retros),
                cards=tuple(members),
                friction=friction,
                debt_item_ids=linked,
                offer_escalation=debt_like and not linked,
                first_seen=min(c.retro_date for c in members),
                last_seen=max(c.retro_date for c in members),
            )
        )
    themes.sort(key=lambda t: (-len(t.retro_ids), -len(t.cards), -t.last_seen.toordinal()))
    return themes


def _top_terms(
    cluster: _Cluster, member_tokens: Sequence[list[tuple[str, str]]]
) -> tuple[str, ...]:
    # Words the theme's cards share make the label (a word only one card used says little about
    # the rest); the centroid weight breaks ties, and each stem is shown as the form people
    # wrote most often, since stems are not words.
    spread = Counter(s for toks in member_tokens for s in {s for s, _ in toks})
    forms: dict[str, Counter[str]] = {}
    for toks in member_tokens:
        for s, word in toks:
            forms.setdefault(s, Counter())[word] += 1
    best = sorted(spread, key=lambda s: (-spread[s], -cluster.centroid.get(s, 0.0), s))
    shared = [s for s in best if spread[s] > 1]
    best = shared or best
    return tuple(min(forms[s], key=lambda w: (-forms[s][w], w)) for s in best[:LABEL_TERMS])


def escalation_draft(theme: Theme) -> NewDebtItem:
    """A debt item pre-filled from the theme; the scores are left to the PM and engineers."""
    lines = [
        f"Raised in {len(theme.retro_ids)} retros between {people_date(theme.first_seen)} "
        f"and {people_date(theme.last_seen)}:"
    ]
    lines += [f"- {c.text.strip()} ({people_date(c.retro_date)})" for c in theme.cards]
    description = "\n".join(lines)
    if len(description) > DEBT_DESCRIPTION_MAX:
        description = description[: DEBT_DESCRIPTION_MAX - 1] + "…"
    title = f"Recurring: {theme.label}"[:DEBT_TITLE_MAX]
    return NewDebtItem(title=title, description=description)
