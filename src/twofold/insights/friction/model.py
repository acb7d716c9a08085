"""The text classifier: TF-IDF features feeding a calibrated linear SVM.

Word uni- and bigrams carry the vocabulary of each friction point ("story points", "flaky
tests"); character n-grams inside words carry what words miss on short sticky notes: typos,
plurals, and jargon we never wrote down ("reqs", "refactoring", "flakey"). A linear model over
both trains in well under a second on a few thousand cards, so the team-specific models can be
refitted on demand instead of stored.

The settings were chosen by five-fold cross-validation on the training split (`python -m bench
friction` prints the figure); the held-out split played no part in choosing them.
"""

from collections.abc import Sequence
from typing import cast

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from twofold.domain.vocab import Friction

# Cross-validated accuracy was flat between 0.3 and 1.0; the middle keeps some regularisation
# for the short, noisy cards teams actually write.
SVM_C = 0.5
# Calibration folds: the SVM's margins become probabilities that mean something when shown as a
# confidence, at the cost of fitting the SVM this many times. Five folds bought no accuracy over
# three and took half as long again to train and to answer.
CALIBRATION_FOLDS = 3


def build_pipeline() -> Pipeline:
    """A fresh, unfitted pipeline; exposed so that the benchmark cross-validates exactly what
    production trains."""
    words = TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", lowercase=True
    )
    # min_df=2 drops the character n-grams that occur in a single card, which only memorise it.
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=2,
        sublinear_tf=True,
        strip_accents="unicode",
        lowercase=True,
    )
    classifier = CalibratedClassifierCV(LinearSVC(C=SVM_C), cv=CALIBRATION_FOLDS)
    return Pipeline(
        [("features", FeatureUnion([("words", words), ("chars", chars)])), ("clf", classifier)]
    )


class FrictionModel:
    """A fitted pipeline behind a typed face; the rest of the package never sees scikit-learn."""

    def __init__(self, pipeline: Pipeline) -> None:
        self._pipeline = pipeline
        classes = cast("Sequence[str]", pipeline.classes_)
        self._classes = tuple(Friction(c) for c in classes)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        labels: Sequence[Friction],
        weights: Sequence[float] | None = None,
    ) -> "FrictionModel":
        missing = set(Friction) - set(labels)
        if missing:
            # A class the model never saw could never be suggested; better to refuse than to
            # ship a model that silently cannot say "estimation".
            raise ValueError(f"no examples for {sorted(missing)}")
        pipeline = build_pipeline()
        params = {} if weights is None else {"clf__sample_weight": list(weights)}
        pipeline.fit(list(texts), [str(label) for label in labels], **params)
        return cls(pipeline)

    def rank(self, text: str) -> list[tuple[Friction, float]]:
        """Every friction point with its probability, most likely first."""
        probabilities = cast("Sequence[Sequence[float]]", self._pipeline.predict_proba([text]))
        ranked = zip(self._classes, (float(p) for p in probabilities[0]), strict=True)
        return sorted(ranked, key=lambda pair: pair[1], reverse=True)

    def predict(self, texts: Sequence[str]) -> list[Friction]:
        """Batch prediction, for measuring accuracy over many cards at once."""
        predicted = cast("Sequence[str]", self._pipeline.predict(list(texts)))
        return [Friction(label) for label in predicted]
