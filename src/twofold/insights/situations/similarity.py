"""How alike two cards are in the situation they describe, computed here and nowhere else.

Cards about one situation rarely share many words ("calendar sync shipped early" and "we
skipped the load tests on the calendar integration"), so two views of a text are combined:

- words: lower-cased, team jargon spelled out ("ci" -> "pipeline", "sso" -> "single sign on"),
  stop words and the words of mood ("great", "frustrating") dropped, since two people can feel
  opposite things about one situation, then stemmed and weighted by TF-IDF over the cards
  compared, so words every card uses count for little;
- character n-grams (3 to 5 letters inside words) of the same text, which meet where words
  differ only in form ("invoice" and "invoicing", "e2e" and "end-to-end" once spelled out).

The similarity of two cards is the weighted mean of the two cosines. Everything is a small
sparse-matrix product from scikit-learn: no model is downloaded and no text leaves the server.
"""

import re
from collections.abc import Sequence

import numpy as np

from twofold.domain.themes import stem, tokens

WORD_WEIGHT = 0.6
"""Share of the word view in the combined similarity; the rest is the character view."""

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


def content_stems(text: str) -> list[str]:
    """The stems that say what a card is about (no stop words, no mood, no retro words)."""
    return [s for s, _ in tokens(normalise(text)) if s not in NOISE_STEMS]


def _content_text(text: str) -> str:
    return " ".join(w for s, w in tokens(normalise(text)) if s not in NOISE_STEMS)


def _identity(doc: list[str]) -> list[str]:
    return doc


def similarity_matrix(texts: Sequence[str], *, word_weight: float = WORD_WEIGHT) -> np.ndarray:
    """Pairwise similarities of `texts` in [0, 1], 1 on the diagonal."""
    # Imported when first needed: scikit-learn takes about a second to load, and every server
    # and command would pay it at start-up for a feature used in the group phase.
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(texts)
    if n == 0:
        return np.zeros((0, 0))
    stems = [content_stems(t) for t in texts]
    result = np.zeros((n, n))
    if any(stems):
        words = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2").fit_transform(
            stems
        )
        result += word_weight * (words @ words.T).toarray()
    contents = [_content_text(t) for t in texts]
    if any(contents):
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, norm="l2"
        ).fit_transform(contents)
        result += (1 - word_weight) * (chars @ chars.T).toarray()
    np.fill_diagonal(result, 1.0)
    return np.clip(result, 0.0, 1.0)
