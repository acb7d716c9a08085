"""Accuracy and speed of the friction-point suggester.

Accuracy is measured on the held-out fifth of the shipped cards with a model trained only on the
other four fifths; the cross-validated figure is over the training part alone, which is where the
model's settings were chosen. Timing covers the base fit and one suggestion as typed.
"""

import statistics
import time
from collections import Counter

from sklearn.model_selection import StratifiedKFold, cross_val_score

from twofold.domain.vocab import Friction
from twofold.insights.friction import Suggester, load_examples, split_held_out
from twofold.insights.friction.model import build_pipeline
from twofold.insights.friction.suggester import CONFIDENT_AT

TIMED_SUGGESTIONS = 400
CV_FOLDS = 5


def _accuracy(pairs: list[tuple[Friction, Friction]]) -> float:
    return sum(a == p for a, p in pairs) / len(pairs) if pairs else 0.0


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    examples = load_examples()
    training, held_out = split_held_out(examples)
    print(f"friction: {len(examples)} cards, {len(training)} training, {len(held_out)} held out")
    for friction, count in sorted(Counter(e.friction for e in examples).items()):
        print(f"  {friction:<22} {count:>5} cards")

    started = time.perf_counter()
    full = Suggester()
    full.warm()
    fit_all = time.perf_counter() - started

    suggester = Suggester(training)
    suggester.warm()
    ranked = [(e, suggester.suggest(e.text)) for e in held_out]
    pairs = [(e.friction, s[0].friction) for e, s in ranked]
    print(f"\nheld-out top-1 accuracy  {_accuracy(pairs):.3f}  (n={len(pairs)})")
    top2 = sum(e.friction in (s[0].friction, s[1].friction) for e, s in ranked) / len(ranked)
    print(f"held-out top-2 accuracy  {top2:.3f}")
    for friction in Friction:
        mine = [p for p in pairs if p[0] == friction]
        print(f"  {friction:<22} {_accuracy(mine):.3f}  (n={len(mine)})")
    confident = [(e.friction, s[0].friction) for e, s in ranked if s[0].confidence >= CONFIDENT_AT]
    print(f"confident (>= {CONFIDENT_AT}): {len(confident) / len(pairs):.0%} of cards, "
          f"accuracy {_accuracy(confident):.3f}")  # fmt: skip

    print("\nconfusions (actual -> suggested), most frequent first")
    confusions = Counter((a, p) for a, p in pairs if a != p)
    for (actual, predicted), count in confusions.most_common(10):
        print(f"  {count:>3}  {actual} -> {predicted}")

    texts = [e.text for e in training]
    labels = [str(e.friction) for e in training]
    folds = StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=0)
    scores = cross_val_score(build_pipeline(), texts, labels, cv=folds)
    print(f"\n{CV_FOLDS}-fold cross-validated accuracy (training part)  "
          f"{scores.mean():.3f} ± {scores.std():.3f}")  # fmt: skip

    samples: list[float] = []
    for i in range(TIMED_SUGGESTIONS):
        text = held_out[i % len(held_out)].text
        start = time.perf_counter()
        full.suggest(text)
        samples.append(time.perf_counter() - start)
    ordered = sorted(samples)
    print(f"\nbase training time (all {len(examples)} cards)  {fit_all * 1000:.0f} ms")
    print(f"suggestion time over {TIMED_SUGGESTIONS} calls  "
          f"mean={statistics.mean(samples) * 1000:.2f} ms  "
          f"p50={_percentile(ordered, 0.5) * 1000:.2f} ms  "
          f"p99={_percentile(ordered, 0.99) * 1000:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
