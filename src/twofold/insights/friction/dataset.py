"""The labelled retro cards shipped with the package, and the split we measure accuracy on.

The examples live in a text file rather than a pickle so that a reviewer can read, diff and
correct every label, and the model is rebuilt from them at start-up instead of trusting a binary.
"""

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import NamedTuple

from twofold.domain.vocab import Friction

DATA_FILE = "cards.tsv"
# Cards written apart from cards.tsv, in voices it may not cover; only ever scored, never
# trained on, so that the figure says how the model copes with cards unlike its examples.
EVAL_FILE = "eval_voices.tsv"
# A fifth of the cards are never trained on when we measure accuracy; enough per class (100+)
# for a per-class figure that does not jump around with one card.
HELD_OUT_PERCENT = 20

_SPACES = re.compile(r"\s+")


class Example(NamedTuple):
    """A card and its friction point; a plain tuple so that a team's confirmed tags, read from
    the database as `(text, friction)` pairs, can be passed wherever examples are expected."""

    text: str
    friction: Friction


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


def _read(name: str) -> tuple[Example, ...]:
    source = resources.files("twofold.insights.friction").joinpath("data", name)
    with source.open(encoding="utf-8") as fh:
        return tuple(parse(fh))


@cache
def load_examples() -> tuple[Example, ...]:
    """Read once per process: the file never changes while we run."""
    return _read(DATA_FILE)


def load_eval_voices() -> tuple[Example, ...]:
    """The evaluation cards; only the benchmark and the tests read them, and nothing that trains
    a model may, or the figure they give would stop meaning anything."""
    return _read(EVAL_FILE)


def is_held_out(text: str) -> bool:
    """A hash of the text, not a random draw, decides the split, so the split is the same on
    every machine and run, and adding cards never moves an existing card across it."""
    digest = hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % 100 < HELD_OUT_PERCENT


def split_held_out(examples: Sequence[Example]) -> tuple[list[Example], list[Example]]:
    """Returns `(training, held_out)`."""
    training: list[Example] = []
    held_out: list[Example] = []
    for example in examples:
        (held_out if is_held_out(example.text) else training).append(example)
    return training, held_out
