"""The labelled retro cards shipped with the package, and the split we measure accuracy on.

The examples live in text files rather than a pickle so that a reviewer can read, diff and
correct every label, and the model is rebuilt from them at start-up instead of trusting a binary.

Four files:

- `cards.tsv`: `label<TAB>text`, cards whose context is unknown.
- `cards_context.jsonl`: one JSON object per line, with `text`, `friction` (a friction point or
  `none`) and optionally `column` (product, engineering, collaboration), `polarity`, `role` and
  `source`: cards with what the board knows about them besides their words, and cards about
  none of the five friction points.
- `cards_voices.jsonl`: the same format, every card marked with the `source` it was written in
  (`voices-terse-eng`, `voices-qa`, ...): voices the first two files lack, such as sticky notes,
  long stories, non-native English, QA, design and managers, several product domains.
- `cards_brief.jsonl`: the same format plus `id`, `team`, `retro` and `situation`: whole retros
  of made-up teams, each set written from one brief by a writer who saw none of the other
  files, so that the model learns from other people's words and not only ours. The extra keys
  are for measuring same-situation grouping (`bench/situations.py`); training ignores them.

A card's source is the batch it was written in. Cards written together resemble each other, so
the grouped cross-validation (`grouped_folds`) keeps each source on one side of every split; the
cards of the first two files, which carry none, are grouped by runs of `SOURCE_RUN` lines.
"""

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple, TypeVar

from twofold.domain.vocab import ColumnKind, Friction, Polarity, Role

DATA_FILE = "cards.tsv"
CONTEXT_FILE = "cards_context.jsonl"
VOICES_FILE = "cards_voices.jsonl"
BRIEF_FILE = "cards_brief.jsonl"
NONE = "none"
"""How a card about none of the five friction points is labelled in the data files; in code it
is `None`. It is an outcome of the model, never a tag a card can carry."""
# Cards written apart from cards.tsv, in voices it may not cover; only ever scored, never
# trained on, so that the figure says how the model copes with cards unlike its examples.
EVAL_FILE = "eval_voices.tsv"
# A fifth of the cards are never trained on when we measure accuracy; enough per class (100+)
# for a per-class figure that does not jump around with one card.
HELD_OUT_PERCENT = 20
# Cards without a source are grouped by runs of this many lines of their file: written one after
# another, neighbours share phrasing, and a split that puts them on both sides flatters the model.
SOURCE_RUN = 50
# Folds of the grouped cross-validation; the abstain threshold is chosen over all of them.
FOLDS = 5

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class CardContext:
    """What the board knows about a card besides its words; None where it is not known (a card
    from a template without product and engineering columns, a script that sends text only)."""

    column: ColumnKind | None = None
    polarity: Polarity | None = None
    role: Role | None = None


UNKNOWN = CardContext()


class Example(NamedTuple):
    """A card and its friction point, None for a card about none of them; a plain tuple so that
    a team's confirmed tags, read from the database as `(text, friction)` pairs, can be passed
    wherever examples are expected."""

    text: str
    friction: Friction | None
    context: CardContext = UNKNOWN
    source: str = ""


def normalise(text: str) -> str:
    """Case and spacing do not change what a card is about, so they must not change which split
    it falls in or whether two cards count as the same."""
    return _SPACES.sub(" ", text).strip().casefold()


def parse(lines: Iterable[str]) -> list[Example]:
    """Reads `label<TAB>text` lines; a wrong label fails loudly here rather than teaching the
    model a class the product does not have."""
    examples: list[Example] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        label, sep, text = line.partition("\t")
        if not sep or not text.strip():
            raise ValueError(f"line {number}: expected 'label<TAB>text'")
        try:
            friction = Friction(label)
        except ValueError:
            raise ValueError(f"line {number}: unknown friction point {label!r}") from None
        examples.append(Example(text.strip(), friction))
    return examples


_CONTEXT_KEYS = frozenset({"text", "friction", "column", "polarity", "role", "source"})
# Keys of whole retros (`cards_brief.jsonl`), read by the benchmark of situations, not here.
_RETRO_KEYS = frozenset({"id", "team", "retro", "situation"})


_Context = TypeVar("_Context", ColumnKind, Polarity, Role)


def _optional(kind: type[_Context], value: object, where: str) -> _Context | None:
    if value is None:
        return None
    try:
        return kind(str(value))
    except ValueError:
        raise ValueError(f"{where}: unknown {kind.__name__} {value!r}") from None


def parse_jsonl(lines: Iterable[str]) -> list[Example]:
    """Reads one card per line as a JSON object (see the module's docstring); an unknown key,
    label or context value fails loudly, like a wrong label in `parse`."""
    examples: list[Example] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"line {number}"
        record = json.loads(raw)
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ValueError(f"{where}: expected an object with a text")
        extra = set(record) - _CONTEXT_KEYS - _RETRO_KEYS
        if extra:
            raise ValueError(f"{where}: unknown keys {sorted(extra)}")
        label = record.get("friction")
        try:
            friction = None if label == NONE else Friction(str(label))
        except ValueError:
            raise ValueError(f"{where}: unknown friction point {label!r}") from None
        context = CardContext(
            _optional(ColumnKind, record.get("column"), where),
            _optional(Polarity, record.get("polarity"), where),
            _optional(Role, record.get("role"), where),
        )
        text = record["text"].strip()
        if not text:
            raise ValueError(f"{where}: empty text")
        source = record.get("source", "")
        if not isinstance(source, str):
            raise ValueError(f"{where}: source must be a string")
        examples.append(Example(text, friction, context, source))
    return examples


def _read(name: str) -> tuple[Example, ...]:
    source = resources.files("twofold.insights.friction").joinpath("data", name)
    with source.open(encoding="utf-8") as fh:
        examples = parse_jsonl(fh) if name.endswith(".jsonl") else parse(fh)
    return tuple(
        e if e.source else e._replace(source=f"{name}#{i // SOURCE_RUN}")
        for i, e in enumerate(examples)
    )


@cache
def load_examples() -> tuple[Example, ...]:
    """Read once per process: the files never change while we run."""
    return _read(DATA_FILE) + _read(CONTEXT_FILE) + _read(VOICES_FILE) + _read(BRIEF_FILE)


def load_eval_voices() -> tuple[Example, ...]:
    """The evaluation cards; only the benchmark and the tests read them, and nothing that trains
    a model may, or the figure they give would stop meaning anything."""
    return _read(EVAL_FILE)


def is_held_out(text: str) -> bool:
    """A hash of the text, not a random draw, decides the split, so the split is the same on
    every machine and run, and adding cards never moves an existing card across it."""
    digest = hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 100 < HELD_OUT_PERCENT


def fold_of(source: str) -> int:
    """The fold of the grouped cross-validation a source belongs to; a hash, like
    `is_held_out`, so folds are stable across machines and runs."""
    digest = hashlib.blake2b(source.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % FOLDS


def grouped_folds(examples: Sequence[Example]) -> list[tuple[list[Example], list[Example]]]:
    """`(training, scored)` for each of the `FOLDS` folds: every card is scored once, by a model
    that saw no card of its source. Closer to how the model meets cards by other people than
    `split_held_out`, whose held-out cards have siblings written alongside them in training."""
    folds: list[tuple[list[Example], list[Example]]] = []
    for fold in range(FOLDS):
        training = [e for e in examples if fold_of(e.source) != fold]
        scored = [e for e in examples if fold_of(e.source) == fold]
        folds.append((training, scored))
    return folds


def split_held_out(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """Returns `(training, held_out)`."""
    training: list[Example] = []
    held_out: list[Example] = []
    for example in examples:
        (held_out if is_held_out(example.text) else training).append(example)
    return training, held_out
