"""Fit the weights of the same-situation odds and choose their thresholds, on the tuning sets.

`python -m bench situations --fit` measures every pair of cards of each team of the tuning sets
(the dev set and the brief set: never a blind set), labels a pair 1 when both cards carry one
situation, and fits a logistic regression on the standardised measures. Each card's tag is
kept in one copy of the data and left out half the time in a second, so the weights also hold
for boards where people tagged few cards.

The thresholds are chosen on out-of-fold odds: each writer's teams are scored by weights
fitted without that writer (the dev set counts as one more writer), so a threshold is judged
on words its weights never saw. The rule is `situations._choice`'s. The result is printed as
Python to paste into `src/twofold/insights/situations/odds.py`, `grouping.py` and `gaps.py`.
"""

import random
from collections.abc import Sequence

import numpy as np

from bench import situations as bench
from twofold.insights.situations import cluster, perception_gaps
from twofold.insights.situations.odds import FEATURES, TAG_MEASURES, Odds, SituationCard, measures

TAG_KEPT = 0.5
"""In the second copy of the data, the chance that a card keeps its tag."""
SEED = 7
ODDS_THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7)


class _Team:
    """One team's cards with their measures, labels and the pairs' indices."""

    def __init__(self, writer: str, cards: list[bench.Card], rng: random.Random) -> None:
        self.writer = writer
        self.cards = cards
        tagged = bench.team_cards(cards)
        untagged = [
            c if rng.random() < TAG_KEPT else bench.untagged(c)
            for c in tagged  # the same cards, some tags left out
        ]
        self.upper = np.triu_indices(len(cards), k=1)
        self.x = _rows(tagged)
        self.x_untagged = _rows(untagged)
        # Each retro's board measured on its own, as the app measures it, for the gaps.
        self.boards = [
            (board, _rows(board))
            for board in (
                [bench.situation_card(c) for c in retro]
                for retro in bench.by_key(cards, "retro").values()
            )
        ]
        situation = [c["situation"] for c in cards]
        self.y = np.array(
            [
                situation[i] is not None and situation[i] == situation[j]
                for i, j in zip(*self.upper, strict=True)
            ]
        )


def _rows(cards: Sequence[SituationCard]) -> np.ndarray:
    """One row of measures per pair of `cards` (the upper triangle, row by row)."""
    found = measures(cards)
    upper = np.triu_indices(len(cards), k=1)
    return np.column_stack([found[name][upper] for name in FEATURES])


def _teams() -> list[_Team]:
    rng = random.Random(SEED)
    teams: list[_Team] = []
    for name, cards_path, _ in bench.tuning():
        for cards in bench.by_key(bench.read(cards_path), "team").values():
            writer = cards[0].get("source", name).split("/")[0]
            teams.append(_Team(writer, cards, rng))
    return teams


def _fit(teams: Sequence[_Team]) -> tuple[float, np.ndarray]:
    """Intercept and weights on the raw measures (standardisation folded in)."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([t.x for t in teams] + [t.x_untagged for t in teams])
    y = np.concatenate([t.y for t in teams] * 2)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    return float(model.intercept_[0] - (weights * mean).sum()), weights


def _square(n: int, values: np.ndarray) -> np.ndarray:
    odds = np.eye(n)
    upper = np.triu_indices(n, k=1)
    odds[upper] = values
    odds[(upper[1], upper[0])] = values
    return odds


def _odds(n: int, rows: np.ndarray, intercept: float, weights: np.ndarray) -> Odds:
    """A board's odds by these weights, with and without the tag measures."""
    untagged = weights * np.array([name not in TAG_MEASURES for name in FEATURES])
    return Odds(
        _square(n, 1.0 / (1.0 + np.exp(-(intercept + rows @ weights)))),
        _square(n, 1.0 / (1.0 + np.exp(-(intercept + rows @ untagged)))),
    )


def main() -> None:
    teams = _teams()
    writers = sorted({t.writer for t in teams})
    print(f"fitting on {len(teams)} teams of {len(writers)} writers, "
          f"{sum(len(t.y) for t in teams)} pairs, {sum(int(t.y.sum()) for t in teams)} about one situation")  # fmt: skip
    held_out: dict[int, tuple[float, np.ndarray]] = {}
    for writer in writers:
        fitted = _fit([t for t in teams if t.writer != writer])
        held_out |= {k: fitted for k, team in enumerate(teams) if team.writer == writer}
    themes: list[tuple[float, float, float]] = []
    gaps: list[tuple[float, float, float]] = []
    gap_truth = bench.tuning_gaps()
    print("out-of-fold odds: themes across retros, perception gaps (precision / recall)")
    for at in ODDS_THRESHOLDS:
        hit = found = true = 0
        gap_found: set[frozenset[str]] = set()
        for k, team in enumerate(teams):
            intercept, weights = held_out[k]
            ids = [c["id"] for c in team.cards]
            odds = _odds(len(ids), team.x, intercept, weights).tagged
            pairs = bench.pairs([ids[i] for i in m] for m in cluster(odds, at))
            truth = bench.truth(team.cards)
            hit, found, true = hit + len(pairs & truth), found + len(pairs), true + len(truth)
            for board, rows in team.boards:
                on_board = _odds(len(board), rows, intercept, weights)
                gap_found |= bench.gap_pairs(perception_gaps(board, threshold=at, odds=on_board))
        gap_hit = len(gap_found & gap_truth)
        theme_rate = (hit / found if found else 0.0, hit / true if true else 0.0)
        gap_rate = (
            gap_hit / len(gap_found) if gap_found else 0.0,
            gap_hit / len(gap_truth) if gap_truth else 0.0,
        )
        themes.append((at, *theme_rate))
        gaps.append((at, *gap_rate))
        print(f"  {at:4.2f}  themes {theme_rate[0]:.2f} / {theme_rate[1]:.2f}"
              f"  gaps {gap_rate[0]:.2f} / {gap_rate[1]:.2f}")  # fmt: skip
    intercept, weights = _fit(teams)
    print("\n# odds.py")
    print(f"INTERCEPT = {intercept:.4f}")
    print("WEIGHTS: dict[str, float] = {")
    for name, weight in zip(FEATURES, weights, strict=True):
        print(f'    "{name}": {weight:.4f},')
    print("}")
    print(f"# grouping.py: GROUP_ODDS = {bench.choice(themes, bench.THEMES_PRECISION)}")
    print(f"# gaps.py: GAP_ODDS = {bench.choice(gaps, bench.GAPS_PRECISION)}")
