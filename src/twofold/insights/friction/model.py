"""The classifier: TF-IDF features of the text and the card's context, feeding a calibrated
linear SVM with six outcomes, the five friction points and "none of them".

Word uni- and bigrams carry the vocabulary of each friction point ("story points", "flaky
tests"); character n-grams inside words carry what words miss on short sticky notes: typos,
plurals, and jargon we never wrote down ("reqs", "refactoring", "flakey"). The context (the
column's kind, the card's polarity, the author's role) adds a few indicator features: "the
legacy importer again" reads differently from a tech lead in the engineering column than from
a PM proposing a change. Unknown context adds none, so a card without it is judged on its words.

A linear model over all of it trains in about a second on a few thousand cards, so the
team-specific models can be refitted on demand instead of stored.
"""

from collections.abc import Sequence
from typing import cast

import numpy as np
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from twofold.domain.vocab import Friction
from twofold.insights.friction.dataset import NONE, CardContext

# Cross-validated accuracy was flat between 0.3 and 1.0; the middle keeps some regularisation
# for the short, noisy cards teams actually write.
SVM_C = 0.5
# Calibration folds: the SVM's margins become probabilities that mean something when shown as a
# confidence and compared with the abstain threshold, at the cost of fitting the SVM this many
# times. Five folds bought no accuracy over three and took half as long again.
CALIBRATION_FOLDS = 3
# How much one context indicator weighs against the text's features (each TF-IDF block has unit
# length): strong enough to tip a card whose words sit between two friction points, too weak to
# overrule words that clearly name one.
CONTEXT_WEIGHT = 0.35

Outcome = Friction | None
"""A friction point, or None for "about none of them"."""


def context_tokens(context: CardContext) -> list[str]:
    """The context as indicator names; the pairs let "proposal in the collaboration column" and
    "went well, from a PM" weigh apart from their parts."""
    parts = [
        f"column={context.column}" if context.column else "",
        f"polarity={context.polarity}" if context.polarity else "",
        f"role={context.role}" if context.role else "",
    ]
    known = [p for p in parts if p]
    pairs = [f"{a}&{b}" for i, a in enumerate(known) for b in known[i + 1 :]]
    return known + pairs


class _Tfidf:
    """A fitted `TfidfVectorizer`'s transform, written out for the few cards a request has.

    scikit-learn's own transform checks and converts its input on every call, which costs more
    than the arithmetic for one card and would eat most of a suggestion's time budget. The same
    analyzer, vocabulary and weights give the same numbers (a test holds the two equal)."""

    def __init__(self, fitted: TfidfVectorizer) -> None:
        self._analyze = fitted.build_analyzer()
        self._vocabulary: dict[str, int] = dict(fitted.vocabulary_)
        self._idf = np.asarray(fitted.idf_, dtype=np.float64)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[int] = []
        values: list[float] = []
        for text in texts:
            counts: dict[int, int] = {}
            for token in self._analyze(text):
                index = self._vocabulary.get(token)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            columns = sorted(counts)
            # sublinear_tf: 1 + log(count), then idf, then unit length.
            row = np.array([1.0 + np.log(counts[c]) for c in columns]) * self._idf[columns]
            norm = float(np.sqrt(np.dot(row, row))) if columns else 0.0
            indices.extend(columns)
            values.extend((row / norm).tolist() if norm else row.tolist())
            indptr.append(len(indices))
        shape = (len(texts), len(self._idf))
        return sparse.csr_matrix((values, indices, indptr), shape=shape)


class CardFeatures:
    """Text and context as one sparse row per card."""

    def __init__(self) -> None:
        self.words = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", lowercase=True
        )
        # min_df=2 drops the character n-grams that occur in a single card, which only memorise it.
        self.chars = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            min_df=2,
            sublinear_tf=True,
            strip_accents="unicode",
            lowercase=True,
        )
        self.context_index: dict[str, int] = {}
        self._fast: tuple[_Tfidf, _Tfidf] | None = None

    def fit_transform(
        self, texts: Sequence[str], contexts: Sequence[CardContext]
    ) -> sparse.csr_matrix:
        words = self.words.fit_transform(texts)
        chars = self.chars.fit_transform(texts)
        names = sorted({t for c in contexts for t in context_tokens(c)})
        self.context_index = {name: i for i, name in enumerate(names)}
        self._fast = (_Tfidf(self.words), _Tfidf(self.chars))
        return self._stack(words, chars, contexts)

    def transform(
        self, texts: Sequence[str], contexts: Sequence[CardContext]
    ) -> tuple[sparse.csr_matrix, list[bool]]:
        """The rows, and for each card whether any of its words or word pairs occurs in an
        example: none at all means gibberish, or a language we have no examples in."""
        if self._fast is None:
            raise RuntimeError("features used before they were fitted")
        fast_words, fast_chars = self._fast
        words = fast_words.transform(texts)
        known = [bool(n) for n in np.diff(words.indptr)]
        return self._stack(words, fast_chars.transform(texts), contexts), known

    def transform_slow(
        self, texts: Sequence[str], contexts: Sequence[CardContext]
    ) -> sparse.csr_matrix:
        """The rows as scikit-learn computes them; for checking `transform` against."""
        return self._stack(self.words.transform(texts), self.chars.transform(texts), contexts)

    def _stack(
        self, words: sparse.spmatrix, chars: sparse.spmatrix, contexts: Sequence[CardContext]
    ) -> sparse.csr_matrix:
        rows: list[int] = []
        cols: list[int] = []
        for row, context in enumerate(contexts):
            for token in context_tokens(context):
                index = self.context_index.get(token)
                if index is not None:
                    rows.append(row)
                    cols.append(index)
        values = np.full(len(rows), CONTEXT_WEIGHT)
        shape = (len(contexts), max(1, len(self.context_index)))
        extra = sparse.csr_matrix((values, (rows, cols)), shape=shape)
        return cast("sparse.csr_matrix", sparse.hstack([words, chars, extra], format="csr"))


Row = tuple[str, Outcome, float, CardContext]
"""One training card: text, outcome, weight, context."""


def balance_context(rows: Sequence[Row]) -> list[Row]:
    """The training rows, arranged so that knowing a card's context says nothing by itself.

    Most examples have no context, and many of those that do are about none of the five; fed
    as they are, "this card has a column" would read as "this card is about nothing". So every
    card with context is also taught without it (its words count for text-only requests too),
    and among cards with context, those about none of the five are weighted down until they
    make up the same share as among cards without.
    """
    unknown = [(t, o, w, CardContext()) for t, o, w, c in rows if c != CardContext()]
    plain = [r for r in rows if r[3] == CardContext()] + unknown
    known = [r for r in rows if r[3] != CardContext()]
    none_plain = sum(w for _, o, w, _ in plain if o is None)
    real_plain = sum(w for _, o, w, _ in plain if o is not None)
    none_known = sum(w for _, o, w, _ in known if o is None)
    real_known = sum(w for _, o, w, _ in known if o is not None)
    scale = 1.0
    if none_known and real_plain:
        scale = min(1.0, (none_plain / real_plain) * real_known / none_known)
    return plain + [(t, o, w * scale if o is None else w, c) for t, o, w, c in known]


def _label(outcome: Outcome) -> str:
    return NONE if outcome is None else str(outcome)


def _outcome(label: str) -> Outcome:
    return None if label == NONE else Friction(label)


class _Calibrated:
    """A fitted `CalibratedClassifierCV` (one sigmoid-calibrated linear SVM) as the arithmetic it
    does: margins, one sigmoid per outcome, then normalised to sum to one. Like `_Tfidf`, it
    skips the per-call input checks that cost more than the sums for one card."""

    def __init__(self, fitted: CalibratedClassifierCV) -> None:
        (calibrated,) = fitted.calibrated_classifiers_
        svm = calibrated.estimator
        self._coef = np.asarray(svm.coef_, dtype=np.float64).T
        self._intercept = np.asarray(svm.intercept_, dtype=np.float64)
        self._a = np.array([float(c.a_) for c in calibrated.calibrators])
        self._b = np.array([float(c.b_) for c in calibrated.calibrators])

    def predict_proba(self, matrix: sparse.csr_matrix) -> list[list[float]]:
        margins = np.asarray(matrix @ self._coef) + self._intercept
        proba = 1.0 / (1.0 + np.exp(self._a * margins + self._b))
        total = proba.sum(axis=1, keepdims=True)
        uniform = np.full_like(proba, 1.0 / proba.shape[1])
        normalised = np.divide(proba, total, out=uniform, where=total != 0)
        return cast("list[list[float]]", normalised.tolist())


class FrictionModel:
    """A fitted model behind a typed face; the rest of the package never sees scikit-learn."""

    def __init__(self, features: CardFeatures, classifier: CalibratedClassifierCV) -> None:
        self._features = features
        self._classifier = classifier
        self._fast = _Calibrated(classifier)
        classes = cast("Sequence[str]", classifier.classes_)
        self._outcomes = tuple(_outcome(c) for c in classes)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[Outcome],
        weights: Sequence[float] | None = None,
        contexts: Sequence[CardContext] | None = None,
    ) -> "FrictionModel":
        missing = set(Friction) - set(labels)
        if missing:
            # A class the model never saw could never be suggested; better to refuse than to
            # ship a model that silently cannot say "estimation".
            raise ValueError(f"no examples for {sorted(missing)}")
        if contexts is None:
            contexts = [CardContext()] * len(texts)
        if weights is None:
            weights = [1.0] * len(texts)
        rows = balance_context(list(zip(texts, labels, weights, contexts, strict=True)))
        texts = [r[0] for r in rows]
        labels = [r[1] for r in rows]
        weights = [r[2] for r in rows]
        features = CardFeatures()
        matrix = features.fit_transform(texts, [r[3] for r in rows])
        # ensemble=False: one SVM fitted on every card answers, calibrated on the folds' held-out
        # margins, rather than one SVM per fold; a third of the work per suggestion.
        classifier = CalibratedClassifierCV(
            LinearSVC(C=SVM_C), method="sigmoid", cv=CALIBRATION_FOLDS, ensemble=False
        )
        classifier.fit(
            matrix, [_label(label) for label in labels], sample_weight=np.asarray(weights)
        )
        return cls(features, classifier)

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        return self._outcomes

    def rank(self, text: str, context: CardContext) -> list[tuple[Outcome, float]]:
        """Every outcome (the five friction points, and None when the model learnt it) with its
        probability, most likely first; empty when no word of the text occurs in an example."""
        return self.rank_many([text], [context])[0]

    def rank_many(
        self, texts: Sequence[str], contexts: Sequence[CardContext]
    ) -> list[list[tuple[Outcome, float]]]:
        """`rank` for many cards at once, for measuring accuracy over a whole set."""
        matrix, known = self._features.transform(list(texts), list(contexts))
        probabilities = self._fast.predict_proba(matrix)
        ranked: list[list[tuple[Outcome, float]]] = []
        for row, seen in zip(probabilities, known, strict=True):
            pairs = zip(self._outcomes, (float(p) for p in row), strict=True)
            ranked.append(sorted(pairs, key=lambda pair: pair[1], reverse=True) if seen else [])
        return ranked

    def probabilities_slow(
        self, texts: Sequence[str], contexts: Sequence[CardContext]
    ) -> list[list[float]]:
        """What scikit-learn's own transform and predict_proba give, in `outcomes` order; for
        checking the quick path against."""
        matrix = self._features.transform_slow(list(texts), list(contexts))
        return cast("list[list[float]]", self._classifier.predict_proba(matrix).tolist())
