"""A team's own health-radar dimensions: what a label may be, and how many a team may keep.

The five friction points are what every team is compared on; a team may ask a few questions
of its own beside them ("On-call load", "Design hand-off"). Each has an id that never changes,
so renaming one keeps its history, and retiring one stops it being asked without losing the
answers past retros gave it.

A label is one short line people read on the board, in exports and on slides: it has no
control characters (a newline or a NUL breaks every one of those), no characters that reorder
the text around them, and it must read differently from the five and from the team's other
dimensions, or the radar would show two rows nobody can tell apart.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from twofold.domain.errors import Invalid
from twofold.domain.radar import BUILT_IN, Dimension

TEAM_DIMENSIONS_MAX = 3
"""Dimensions in use at once: the radar stays a quick check-in, not a survey."""
LABEL_MIN, LABEL_MAX = 2, 40

# Characters that change the direction of the text after them, which could make a label read
# as something else than it is; they have no use in a two-word label.
_REORDERING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


@dataclass(frozen=True)
class TeamDimension:
    id: str
    team_id: str
    label: str
    added_at: datetime
    retired_at: datetime | None
    """When it stopped being asked; its past answers stay in history."""

    @property
    def dimension(self) -> Dimension:
        return Dimension(self.id, self.label, team_defined=True)


def same_words(label: str) -> str:
    """How two labels are compared: case, width and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", label).casefold().split())


def check_label(raw: str, others: Iterable[str], field: str = "label") -> str:
    """The label as stored: spacing tidied (runs of spaces become one, none at the ends).
    `others` are the labels of the team's dimensions in use, this one's own left out."""
    if any(_control(c) for c in raw):
        raise _invalid(
            field,
            "dimension_label_characters",
            "A dimension's label is one line of plain text: no line breaks, tabs or other "
            "control characters.",
        )
    label = " ".join(raw.split())
    if not LABEL_MIN <= len(label) <= LABEL_MAX:
        raise _invalid(
            field,
            "dimension_label_length",
            f"A dimension's label is {LABEL_MIN} to {LABEL_MAX} characters long.",
            min=LABEL_MIN,
            max=LABEL_MAX,
        )
    words = same_words(label)
    for taken in [*(d.label for d in BUILT_IN), *others]:
        if same_words(taken) == words:
            raise _invalid(
                field,
                "dimension_label_taken",
                f"The radar already asks about {taken!r}; give this dimension another label.",
                label=taken,
            )
    return label


def check_room(in_use: int) -> None:
    """Whether the team may add another dimension beside the `in_use` ones."""
    if in_use >= TEAM_DIMENSIONS_MAX:
        raise Invalid(
            f"A team can ask at most {TEAM_DIMENSIONS_MAX} dimensions of its own; retire one "
            "first.",
            code="too_many_dimensions",
            params={"limit": TEAM_DIMENSIONS_MAX},
        )


def asked_at(dimensions: Iterable[TeamDimension], started: datetime) -> tuple[Dimension, ...]:
    """The radar of a retro started at `started`: the five, then the team's dimensions that
    were in use then, in the order they were added."""
    own = sorted(
        (
            d
            for d in dimensions
            if d.added_at <= started and (d.retired_at is None or d.retired_at > started)
        ),
        key=lambda d: (d.added_at, d.id),
    )
    return (*BUILT_IN, *(d.dimension for d in own))


def _control(c: str) -> bool:
    return unicodedata.category(c) in {"Cc", "Cs", "Zl", "Zp"} or c in _REORDERING


def _invalid(field: str, code: str, message: str, **params: int | str) -> Invalid:
    return Invalid(
        message, code=code, details=[{"field": field, "message": message}], params=params
    )
