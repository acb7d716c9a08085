"""Accuracy and speed of the friction-point suggester.

Accuracy is measured twice. The held-out fifth of the shipped cards is scored by a model trained
only on the other four fifths; the cross-validated figure is over the training part alone, which
is where the model's settings were chosen. Both come from cards written in one voice, so
eval_voices.tsv, written separately in the voices real boards use, is scored by the production
model trained on all the shipped cards. Timing covers the base fit, one suggestion as typed,
and a team's refit in the background with the suggestions answered while it runs.
"""

import statistics
import time
from collections import Counter
from collections.abc import Sequence

from sklearn.model_selection import StratifiedKFold, cross_val_score

from twofold.domain.vocab import Friction
from twofold.insights.friction import Example, Suggester, TeamModels, load_examples, split_held_out
from twofold.insights.friction.dataset import load_eval_voices, normalise
from twofold.insights.friction.model import build_pipeline
from twofold.insights.friction.suggester import CONFIDENT_AT

TIMED_SUGGESTIONS = 400
# A team with a full history of confirmed tags: the largest refit there is.
TEAM_TAGS = 300
CV_FOLDS = 5
CONFUSIONS_SHOWN = 10


def _accuracy(pairs: list[tuple[Friction, Friction]]) -> float:
    return sum(a == p for a, p in pairs) / len(pairs) if pairs else 0.0


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def _report(name: str, suggester: Suggester, cards: Sequence[Example]) -> None:
    ranked = [(e, suggester.suggest(e.text)) for e in cards]
    pairs = [(e.friction, s[0].friction) for e, s in ranked]
    in_top2 = [e.friction in {x.friction for x in s[:2]} for e, s in ranked]
    print(f"\n{name} top-1 accuracy  {_accuracy(pairs):.3f}  (n={len(pairs)})")
    print(f"{name} top-2 accuracy  {sum(in_top2) / len(in_top2):.3f}")
    for friction in Friction:
        mine = [i for i, p in enumerate(pairs) if p[0] == friction]
        top2 = sum(in_top2[i] for i in mine) / len(mine) if mine else 0.0
        print(f"  {friction:<22} {_accuracy([pairs[i] for i in mine]):.3f}  "
              f"top-2 {top2:.3f}  (n={len(mine)})")  # fmt: skip
    confident = [(e.friction, s[0].friction) for e, s in ranked if s[0].confidence >= CONFIDENT_AT]
    print(f"confident (>= {CONFIDENT_AT}): {len(confident) / len(pairs):.0%} of cards, "
          f"accuracy {_accuracy(confident):.3f}")  # fmt: skip

    print(f"{name} confusions (actual -> suggested), most frequent first")
    confusions = Counter((a, p) for a, p in pairs if a != p)
    for (actual, predicted), count in confusions.most_common(CONFUSIONS_SHOWN):
        print(f"  {count:>3}  {actual} -> {predicted}")


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
    _report("held-out", suggester, held_out)

    # The held-out cards share the training cards' voice; these were written apart from them,
    # so they are scored against the production model, trained on every shipped card.
    voices = load_eval_voices()
    shipped = {normalise(e.text) for e in examples}
    overlap = sum(normalise(e.text) in shipped for e in voices)
    print(f"\neval_voices: {len(voices)} cards written apart from cards.tsv, "
          f"scored by the model trained on all {len(examples)} cards"
          f"{f' ({overlap} also in cards.tsv!)' if overlap else ''}")  # fmt: skip
    _report("eval_voices", full, voices)

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
    _background_refit(full, held_out)


def _background_refit(full: Suggester, cards: Sequence[Example]) -> None:
    """How long a team's refit takes, and how long suggestions take while it runs: they are
    answered by the model the team had, never held up by the refit."""
    models = TeamModels(full)
    team = [(e.text, e.friction) for e in cards[:TEAM_TAGS]]
    started = time.perf_counter()
    models.suggester("team:bench", team)
    samples: list[float] = []
    while not models.wait_until_idle(0):
        text = cards[len(samples) % len(cards)].text
        start = time.perf_counter()
        models.suggester("team:bench", team).suggest(text)
        samples.append(time.perf_counter() - start)
    refit = time.perf_counter() - started
    print(f"team refit in the background ({len(team)} tags)  {refit * 1000:.0f} ms")
    if samples:
        ordered = sorted(samples)
        print(f"suggestions answered during it  n={len(samples)}  "
              f"p50={_percentile(ordered, 0.5) * 1000:.2f} ms  "
              f"max={ordered[-1] * 1000:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
