"""How alike two cards are in the situation they describe, computed here and nowhere else.

Cards about one situation rarely share many words ("calendar sync shipped early" and "we
skipped the load tests on the calendar integration"), so a text is seen two ways:

- words: lower-cased, team jargon spelled out ("ci" -> "pipeline", "sso" -> "single sign on"),
  stop words and the words of mood ("great", "frustrating") dropped, since two people can feel
  opposite things about one situation, then stemmed and weighted by TF-IDF, with document
  frequencies counted over the suggester's example cards as well as the cards compared, so
  that words every retro uses count for little even on a board of a dozen cards;
- character n-grams (3 to 5 letters inside words) of the same text, which meet where words
  differ only in form ("invoice" and "invoicing", "e2e" and "end-to-end" once spelled out).

The same-situation odds (`odds`) weigh the two cosines with what else the board knows.
Everything is a small sparse-matrix product: no model is downloaded and no text leaves the
server.
"""

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any, NamedTuple

import numpy as np

from twofold.domain.themes import stem, tokens

GRAM_MIN, GRAM_MAX = 3, 5

# Jargon and abbreviations, spelled out the way the rest of a team writes them.
_JARGON: dict[str, str] = {
    "ci": "pipeline build",
    "cd": "pipeline deploy",
    "e2e": "end to end test",
    "qa": "testing",
    "pr": "pull request",
    "prs": "pull request",
    "ac": "acceptance criteria",
    "acs": "acceptance criteria",
    "db": "database",
    "infra": "infrastructure",
    "perf": "performance",
    "auth": "authentication",
    "sso": "single sign on",
    "saml": "single sign on saml",
    "oidc": "single sign on oidc",
    "signin": "login",
    "prod": "production",
    "env": "environment",
    "reqs": "requirements",
    "spec": "specification",
    "specs": "specification",
    "k8s": "kubernetes",
    "sdk": "library sdk",
    "lib": "library",
    "ux": "design",
    "ui": "design interface",
    "figma": "design figma",
    "mockup": "design mockup",
    "deadline": "date deadline",
    "deadlines": "date deadline",
    "eta": "date estimate",
    "hotfix": "fix bug",
    "hotfixes": "fix bug",
    "regression": "bug regression",
    "flaky": "flaky unstable",
    "unstable": "flaky unstable",
    "invoice": "invoice billing",
    "invoices": "invoice billing",
    "invoicing": "invoice billing",
    "calendar": "calendar sync",
    "changelog": "release notes",
}

# Words of mood and of retros in general: they say how someone felt or that it was a sprint,
# not what happened, and people on two sides of one situation feel differently about it.
_NOISE_TEXT = """
good great awesome amazing love loved lovely nice happy glad thanks thank kudos well
bad terrible awful frustrating frustrated annoying annoyed sad worried nervous scary pain
painful hate again still already finally actually just sprint sprints team retro work worked
working done went go going got keep keeps kept need needs want wants new old whole half
everyone nobody somebody someone anyone people folks guys last next first second
"""
NOISE_STEMS = frozenset(stem(w) for w in _NOISE_TEXT.split())

_SPLIT = re.compile(r"[a-z0-9]+")


def normalise(text: str) -> str:
    """The text lower-cased with jargon spelled out; kept readable for the character view."""
    words = _SPLIT.findall(text.lower().replace("-", " ").replace("/", " "))
    return " ".join(_JARGON.get(w, w) for w in words)


def _content(text: str) -> list[tuple[str, str]]:
    """(stem, word) for the words that say what a card is about (no stop words, no mood, no
    retro words)."""
    return [(s, w) for s, w in tokens(normalise(text)) if s not in NOISE_STEMS]


def _content_grams(content: Sequence[tuple[str, str]]) -> list[str]:
    return [gram for _, word in content for gram in _word_grams(word)]


class _Frequencies(NamedTuple):
    """In how many of a corpus's cards each term occurs, for weighting terms by rarity."""

    cards: int
    stems: Counter[str]
    grams: Counter[str]


def char_grams(text: str) -> list[str]:
    """Runs of 3 to 5 characters inside each word, the word's edges marked by a space, so that
    "invoice" and "invoicing" share most of theirs."""
    grams: list[str] = []
    for word in text.split():
        grams.extend(_word_grams(word))
    return grams


@lru_cache(maxsize=1 << 16)
def _word_grams(word: str) -> tuple[str, ...]:
    """One word's runs; remembered, since the same words come back in every card."""
    padded = f" {word} "
    return tuple(
        padded[i : i + n]
        for n in range(GRAM_MIN, min(GRAM_MAX, len(padded)) + 1)
        for i in range(len(padded) - n + 1)
    )


@cache
def _background() -> _Frequencies:
    """Term frequencies over the example cards shipped with the suggester.

    A board has a few dozen cards, too few to tell a word every retro uses ("release",
    "ticket") from the one that names this situation ("payroll", "geofence"). Counted over
    thousands of retro cards, the common words weigh little on any board. Read once per
    process; the cards are only counted, never shown.
    """
    from twofold.insights.friction.dataset import load_examples

    texts = [e.text for e in load_examples()]
    stems: Counter[str] = Counter()
    grams: Counter[str] = Counter()
    for text in texts:
        content = _content(text)
        stems.update({s for s, _ in content})
        grams.update(set(_content_grams(content)))
    return _Frequencies(len(texts), stems, grams)


def warm() -> None:
    """Counts the example cards' word frequencies now rather than in the first request."""
    _background()


def _unit_rows(docs: Sequence[Sequence[str]], known: Counter[str], known_cards: int) -> Any:
    """One row per card: each term's 1 + log(count), times its smoothed inverse document
    frequency over the background and these cards together, scaled to unit length."""
    from scipy import sparse

    here: Counter[str] = Counter()
    for doc in docs:
        here.update(set(doc))
    cards = known_cards + len(docs)
    columns: dict[str, int] = {}
    indptr: list[int] = [0]
    indices: list[int] = []
    values: list[float] = []
    for doc in docs:
        row: dict[int, float] = {}
        for term, count in Counter(doc).items():
            idf = math.log((1 + cards) / (1 + known[term] + here[term])) + 1
            row[columns.setdefault(term, len(columns))] = (1 + math.log(count)) * idf
        norm = math.sqrt(sum(v * v for v in row.values())) or 1.0
        indices.extend(row)
        values.extend(v / norm for v in row.values())
        indptr.append(len(indices))
    shape = (len(docs), max(1, len(columns)))
    # Single precision: a team's whole history makes n x n products of thousands of cards.
    return sparse.csr_matrix((values, indices, indptr), shape=shape, dtype=np.float32)


class Views(NamedTuple):
    """A board's cards seen both ways, plus what their shared words
    are worth: the inputs the same-situation odds weigh (`odds`)."""

    words: np.ndarray
    """Cosine of the cards' stems, n x n."""
    grams: np.ndarray
    """Cosine of the cards' character runs, n x n."""
    shared: np.ndarray
    """Summed rarity (inverse document frequency) of the stems two cards share, n x n."""
    stems: np.ndarray
    """How many content stems each card has, n."""
    rarest: np.ndarray
    """The rarity of each card's rarest stem (0 for a card without one), n."""


def views(texts: Sequence[str]) -> Views:
    """Both views of `texts` and the rarity of what each pair shares."""
    from scipy import sparse

    background = _background()
    contents = [_content(t) for t in texts]
    docs = [[s for s, _ in content] for content in contents]
    words = _unit_rows(docs, background.stems, background.cards)
    grams = _unit_rows([_content_grams(c) for c in contents], background.grams, background.cards)
    columns: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for row, doc in enumerate(docs):
        for term in set(doc):
            rows.append(row)
            cols.append(columns.setdefault(term, len(columns)))
    present = sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(docs), max(1, len(columns))),
    )
    rarity = np.zeros(max(1, len(columns)), dtype=np.float32)
    for term, column in columns.items():
        rarity[column] = math.log((1 + background.cards) / (1 + background.stems[term]))
    shared = (present.multiply(rarity[np.newaxis, :]).tocsr() @ present.T).toarray()
    rarest = np.array(
        [max((rarity[columns[t]] for t in set(doc)), default=0.0) for doc in docs], dtype=float
    )
    return Views(
        words=(words @ words.T).toarray(),
        grams=(grams @ grams.T).toarray(),
        shared=shared,
        stems=np.array([len(doc) for doc in docs], dtype=float),
        rarest=rarest,
    )
