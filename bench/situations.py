"""Same-situation grouping and perception gaps, measured on hand-labelled cards.

Each set is a JSON Lines file of cards (id, team, retro, column, polarity, role, friction,
situation, text) with a `<set>-gaps.jsonl` beside it listing labelled pairs ({"a", "b",
"gap"}). The tuning sets (the dev set, bench/data/situations_dev.jsonl, and the brief set of
example retros) are where the odds' weights were fitted and their thresholds chosen
(`--fit`, bench/situation_fit.py); any pair of files under bench/data/blind/ is scored the
same way, without anything there having been looked at, and the run works when there is none.

Figures, per set:
- board grouping: the suggestions for each retro's board, scored pairwise against the
  situation labels (a pair of cards is "together" when both carry the same situation);
- themes across retros: every card of a team clustered at once, scored the same way; and,
  as a diagnostic, only the pairs found between two cards that carry a situation label
  (writers leave most cards unlabelled, see `_within`);
- perception gaps: the gaps found on each retro's board against the pairs labelled as gaps.

Cards are given to the odds as the board knows them: their side (by the default grouping of
roles), polarity and sprint, and their labelled friction point standing in for the tag people
confirm. Then the time to group a board of 50 cards (median and worst of repeated runs).
"""

import itertools
import json
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from twofold.domain.sides import DEFAULT_GROUPING
from twofold.domain.vocab import Friction, Polarity, Role
from twofold.insights.friction.dataset import BRIEF_FILE
from twofold.insights.situations import (
    GapCard,
    PerceptionGap,
    perception_gaps,
    same_situation,
    suggest_groups,
)
from twofold.insights.situations.gaps import GAP_ODDS
from twofold.insights.situations.grouping import GROUP_ODDS

DATA = Path(__file__).parent / "data"
DEV = DATA / "situations_dev.jsonl"
# Whole retros written from the blind sets' brief by other writers; shipped as training cards
# for the friction suggester, and the set the situation thresholds are chosen on.
BRIEF = Path(str(resources.files("twofold.insights.friction").joinpath("data", BRIEF_FILE)))
BLIND = DATA / "blind"
# The precision the goals ask for: themes at 0.80, perception gaps at 0.60.
THEMES_PRECISION = 0.80
GAPS_PRECISION = 0.60
TIMED_RUNS = 20
BOARD_SIZE = 50

Card = dict[str, Any]


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def tuning() -> list[tuple[str, Path, Path]]:
    return [
        ("dev", DEV, DATA / "situations_dev-gaps.jsonl"),
        ("brief (other writers)", BRIEF, DATA / "brief-gaps.jsonl"),
    ]


def tuning_gaps() -> set[frozenset[str]]:
    """The pairs labelled as gaps in every tuning set."""
    return set().union(*(_gap_truth(read(g)) for _, _, g in tuning()))


def _sets() -> list[tuple[str, Path, Path]]:
    found = tuning()
    if BLIND.is_dir():
        for cards in sorted(BLIND.glob("*.jsonl")):
            gaps = cards.with_name(f"{cards.stem}-gaps.jsonl")
            if not cards.stem.endswith("-gaps") and gaps.is_file():
                found.append((f"blind/{cards.stem}", cards, gaps))
    return found


def pairs(groups: Iterable[Sequence[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}


def truth(cards: Sequence[Card]) -> set[frozenset[str]]:
    by_situation: dict[str, list[str]] = defaultdict(list)
    for card in cards:
        if card["situation"]:
            by_situation[card["situation"]].append(card["id"])
    return pairs(by_situation.values())


def _gap_truth(gap_rows: Sequence[dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset((r["a"], r["b"])) for r in gap_rows if r["gap"]}


def _pr(found: set[frozenset[str]], truth: set[frozenset[str]]) -> str:
    hit = len(found & truth)
    precision = hit / len(found) if found else 0.0
    recall = hit / len(truth) if truth else 0.0
    return f"precision {precision:.2f}  recall {recall:.2f}  ({hit} of {len(found)} found, {len(truth)} true)"


def by_key(cards: Sequence[Card], key: str) -> dict[str, list[Card]]:
    out: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        out[card[key]].append(card)
    return out


def situation_card(card: Card, *, sprint: int = 0) -> GapCard:
    """A labelled card as the board would know it: its labelled friction point stands in for
    the tag people confirm, "none" for no tag."""
    friction = card["friction"]
    return GapCard(
        card_id=card["id"],
        text=card["text"],
        side=DEFAULT_GROUPING[Role(card["role"])],
        polarity=Polarity(card["polarity"]),
        friction=None if friction in (None, "none") else Friction(friction),
        topic_id=card["id"],
        sprint=sprint,
    )


def team_cards(cards: Sequence[Card]) -> list[GapCard]:
    """A team's cards as the odds see them, each retro numbered in the team's order."""
    sprints = {r: i for i, r in enumerate(sorted({c["retro"] for c in cards}, key=str))}
    return [situation_card(c, sprint=sprints[c["retro"]]) for c in cards]


def untagged(card: GapCard) -> GapCard:
    return replace(card, friction=None)


def gap_pairs(gaps: Iterable[PerceptionGap]) -> set[frozenset[str]]:
    return {frozenset((g.product.card_id, g.engineering.card_id)) for g in gaps}


def _found(
    cards: list[Card], *, tagged: bool = True
) -> tuple[set[frozenset[str]], set[frozenset[str]], set[frozenset[str]]]:
    """Pairs put together on each retro's board, in themes across each team's retros, and
    perception gaps found on each board, as the app finds them (each board on its own). With
    `tagged` false, as if nobody had tagged a card."""
    keep = (lambda c: c) if tagged else untagged
    found_board: set[frozenset[str]] = set()
    found_team: set[frozenset[str]] = set()
    found_gaps: set[frozenset[str]] = set()
    for team in by_key(cards, "team").values():
        seen = [keep(c) for c in team_cards(team)]
        found_team |= pairs([seen[i].card_id for i in m] for m in same_situation(seen))
        for board in by_key(team, "retro").values():
            on_board = [keep(situation_card(c)) for c in board]
            found_board |= pairs(g.card_ids for g in suggest_groups(on_board))
            found_gaps |= gap_pairs(perception_gaps(on_board))
    return found_board, found_team, found_gaps


def _truths(
    cards: list[Card], gap_rows: list[dict[str, Any]]
) -> tuple[set[frozenset[str]], set[frozenset[str]], set[frozenset[str]]]:
    board = set().union(*(truth(b) for b in _boards(cards).values()))
    team = set().union(*(truth(t) for t in by_key(cards, "team").values()))
    return board, team, _gap_truth(gap_rows)


def _within(found: set[frozenset[str]], labelled: set[str]) -> set[frozenset[str]]:
    """The pairs found whose two cards both carry a situation label. Writers label only the
    threads they meant to recur; two cards left unlabelled may still be about one thing
    ("the timesheet import came back from QA" and "we merged the timesheet import with a known
    bug"), yet count against precision. Precision among these pairs shows how much of what
    is missed is that. A diagnostic, not the goal's figure."""
    return {pair for pair in found if pair <= labelled}


def _boards(cards: Sequence[Card]) -> dict[str, list[Card]]:
    """One board per retro of a team: sets number each team's retros from 1."""
    out: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        out[f"{card['team']}/{card['retro']}"].append(card)
    return out


def _score(name: str, cards: list[Card], gap_rows: list[dict[str, Any]]) -> None:
    print(f"\n== {name}: {len(cards)} cards, {len(_boards(cards))} retros")
    truth_board, truth_team, true_gaps = _truths(cards, gap_rows)
    board, team, gaps = _found(cards)
    labelled = {c["id"] for c in cards if c["situation"]}
    print(f"board grouping       {_pr(board, truth_board)}")
    print(f"themes across retros {_pr(team, truth_team)}")
    print(f"  labelled cards only: themes {_pr(_within(team, labelled), truth_team)}")
    print(f"perception gaps      {_pr(gaps, true_gaps)}")
    # People do not tag every card: the same with no card tagged (no gap of different causes).
    board, team, gaps = _found(cards, tagged=False)
    print(f"  untagged: board    {_pr(board, truth_board)}")
    print(f"  untagged: themes   {_pr(team, truth_team)}")
    print(f"  untagged: gaps     {_pr(gaps, true_gaps)}")


def _f_half(precision: float, recall: float) -> float:
    """F0.5: precision counts twice as much as recall, since a wrong suggestion costs a person
    a dismissal and a wrong gap misleads a retro, while a missed one costs nothing new."""
    return 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0


def choice(rates: Sequence[tuple[float, float, float]], goal: float) -> float:
    """The lowest threshold whose precision reaches the goal's (the most recall at the
    precision asked for); where none does, the one with the highest F0.5."""
    for at, precision, _ in rates:
        if precision >= goal:
            return at
    return max(rates, key=lambda r: (_f_half(r[1], r[2]), r[0]))[0]


def _timing(cards: list[Card]) -> None:
    repeated = (cards * (BOARD_SIZE // len(cards) + 1))[:BOARD_SIZE]
    board = [situation_card({**c, "id": f"{i}-{c['id']}"}) for i, c in enumerate(repeated)]
    runs: list[float] = []
    for _ in range(TIMED_RUNS):
        start = time.perf_counter()
        suggest_groups(board)
        runs.append((time.perf_counter() - start) * 1000)
    print(
        f"\ngrouping a board of {BOARD_SIZE} cards: median {statistics.median(runs):.1f} ms, "
        f"worst {max(runs):.1f} ms over {TIMED_RUNS} runs"
    )


def main(args: Sequence[str] = ()) -> None:
    if "--fit" in args:
        from bench import situation_fit

        situation_fit.main()
        return
    print(
        "Same-situation grouping and perception gaps (odds thresholds chosen on the dev and "
        f"brief sets: grouping {GROUP_ODDS}, gaps {GAP_ODDS})"
    )
    sets = _sets()
    if len(sets) == len(tuning()):
        print("(no blind sets under bench/data/blind/)")
    for name, cards_path, gaps_path in sets:
        _score(name, read(cards_path), read(gaps_path))
    _timing(read(DEV))
