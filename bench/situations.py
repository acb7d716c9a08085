"""Same-situation grouping and perception gaps, measured on hand-labelled cards.

Each set is a JSON Lines file of cards (id, team, retro, column, polarity, role, friction,
situation, text) with a `<set>-gaps.jsonl` beside it listing labelled pairs ({"a", "b",
"gap"}). The dev set (bench/data/situations_dev.jsonl) is where the thresholds were chosen;
any pair of files under bench/data/blind/ is scored the same way, without anything there
having been looked at, and the run works when there is none.

Figures, per set:
- board grouping: the suggestions for each retro's board, scored pairwise against the
  situation labels (a pair of cards is "together" when both carry the same situation);
- themes across retros: every card of a team clustered at once, scored the same way;
- perception gaps: the gaps found on each retro's board against the pairs labelled as gaps,
  with the cards' labelled friction points standing in for the tags people confirm;
- time to group a board of 50 cards (median and worst of repeated runs).
"""

import itertools
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from twofold.domain.sides import DEFAULT_GROUPING
from twofold.domain.vocab import Friction, Polarity, Role
from twofold.insights.situations import GapCard, cluster, perception_gaps, similarity_matrix
from twofold.insights.situations.grouping import GROUP_SIMILARITY, suggest_groups

DATA = Path(__file__).parent / "data"
DEV = DATA / "situations_dev.jsonl"
BLIND = DATA / "blind"
TIMED_RUNS = 20
BOARD_SIZE = 50

Card = dict[str, Any]


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _sets() -> list[tuple[str, Path, Path]]:
    found = [("dev", DEV, DATA / "situations_dev-gaps.jsonl")]
    if BLIND.is_dir():
        for cards in sorted(BLIND.glob("*.jsonl")):
            gaps = cards.with_name(f"{cards.stem}-gaps.jsonl")
            if not cards.stem.endswith("-gaps") and gaps.is_file():
                found.append((f"blind/{cards.stem}", cards, gaps))
    return found


def _pairs(groups: Iterable[Sequence[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def _truth(cards: Sequence[Card]) -> set[frozenset[str]]:
    by_situation: dict[str, list[str]] = defaultdict(list)
    for card in cards:
        if card["situation"]:
            by_situation[card["situation"]].append(card["id"])
    return _pairs(by_situation.values())


def _pr(found: set[frozenset[str]], truth: set[frozenset[str]]) -> str:
    hit = len(found & truth)
    precision = hit / len(found) if found else 0.0
    recall = hit / len(truth) if truth else 0.0
    return f"precision {precision:.2f}  recall {recall:.2f}  ({hit} of {len(found)} found, {len(truth)} true)"


def _by(cards: Sequence[Card], key: str) -> dict[str, list[Card]]:
    out: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        out[card[key]].append(card)
    return out


def _boards(cards: Sequence[Card]) -> dict[str, list[Card]]:
    """One board per retro of a team: sets number each team's retros from 1."""
    out: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        out[f"{card['team']}/{card['retro']}"].append(card)
    return out


def _gap_card(card: Card) -> GapCard:
    friction = card["friction"]
    return GapCard(
        card_id=card["id"],
        text=card["text"],
        side=DEFAULT_GROUPING[Role(card["role"])],
        polarity=Polarity(card["polarity"]),
        friction=None if friction in (None, "none") else Friction(friction),
        topic_id=card["id"],
    )


def _score(name: str, cards: list[Card], gap_rows: list[dict[str, Any]]) -> None:
    print(f"\n== {name}: {len(cards)} cards, {len(_boards(cards))} retros")
    truth_board: set[frozenset[str]] = set()
    found_board: set[frozenset[str]] = set()
    found_gaps: set[frozenset[str]] = set()
    for board in _boards(cards).values():
        truth_board |= _truth(board)
        groups = suggest_groups([(c["id"], c["text"]) for c in board])
        found_board |= _pairs(g.card_ids for g in groups)
        found_gaps |= {
            frozenset((g.product.card_id, g.engineering.card_id))
            for g in perception_gaps([_gap_card(c) for c in board])
        }
    print(f"board grouping       {_pr(found_board, truth_board)}")
    truth_team: set[frozenset[str]] = set()
    found_team: set[frozenset[str]] = set()
    for team in _by(cards, "team").values():
        truth_team |= _truth(team)
        sim = similarity_matrix([c["text"] for c in team])
        found_team |= _pairs(
            [team[i]["id"] for i in members] for members in cluster(sim, GROUP_SIMILARITY)
        )
    print(f"themes across retros {_pr(found_team, truth_team)}")
    true_gaps = {frozenset((r["a"], r["b"])) for r in gap_rows if r["gap"]}
    print(f"perception gaps      {_pr(found_gaps, true_gaps)}")


def _timing(cards: list[Card]) -> None:
    board = [(c["id"], c["text"]) for c in (cards * (BOARD_SIZE // len(cards) + 1))[:BOARD_SIZE]]
    board = [(f"{i}-{card_id}", text) for i, (card_id, text) in enumerate(board)]
    runs: list[float] = []
    for _ in range(TIMED_RUNS):
        start = time.perf_counter()
        suggest_groups(board)
        runs.append((time.perf_counter() - start) * 1000)
    print(
        f"\ngrouping a board of {BOARD_SIZE} cards: median {statistics.median(runs):.1f} ms, "
        f"worst {max(runs):.1f} ms over {TIMED_RUNS} runs"
    )


def main() -> None:
    print("Same-situation grouping and perception gaps (thresholds chosen on the dev set)")
    sets = _sets()
    if len(sets) == 1:
        print("(no blind sets under bench/data/blind/)")
    for name, cards_path, gaps_path in sets:
        _score(name, _read(cards_path), _read(gaps_path))
    _timing(_read(DEV))
