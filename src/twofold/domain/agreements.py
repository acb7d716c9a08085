"""Working agreements between PM and engineering that Twofold can check, not just display.

Three of them: a Definition of Done, an acceptance-criteria template that always asks for edge
cases (missed edge cases are the most common source of mid-sprint questions and QA rework), and
the rule that big stories get a PM + tech-lead pairing before planning, so their unknowns are
found before the team commits to them.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

DOD_ITEM_MAX = 200
DOD_ITEMS_MAX = 30
AC_TEMPLATE_MAX = 5000
EDGE_CASES = "Edge Cases"
PAIRING_POINTS_DEFAULT = 8

DodItem = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=DOD_ITEM_MAX)
]


class DefinitionOfDone(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    items: Annotated[tuple[DodItem, ...], Field(min_length=1, max_length=DOD_ITEMS_MAX)]

    @model_validator(mode="after")
    def _items_unique(self) -> Self:
        counts = Counter(i.casefold() for i in self.items)
        repeated = [i for i in self.items if counts[i.casefold()] > 1]
        if repeated:
            names = "; ".join(dict.fromkeys(repeated))
            raise ValueError(f"The Definition of Done lists an item twice: {names}.")
        return self


DEFAULT_DEFINITION_OF_DONE = DefinitionOfDone(
    items=(
        "Acceptance criteria met, including the edge cases listed",
        "Code reviewed and merged",
        "Automated tests cover the change",
        "Tested by QA or a second engineer",
        "Deployed to production behind a flag or released",
        "PM has seen it working and accepted it",
        "Docs and release notes updated where users notice the change",
    )
)

# A section heading is a line of its own: "## Edge Cases", "Edge Cases:" or "**Edge Cases**".
_HEADING = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?\s*([^\n*#:]+?)\s*(?:\*\*)?\s*:?\s*$")


def sections(text: str) -> dict[str, str]:
    """Headings of an acceptance-criteria text mapped to their body, headings lower-cased.

    Only lines that look like headings (Markdown `#`, bold, or ending in a colon) start a
    section, so a sentence mentioning edge cases in passing does not count as the section.
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        stripped = line.strip()
        bold = stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4
        listed = stripped.startswith(("- ", "+ ", "* ")) or re.match(r"\d+[.)]\s", stripped)
        is_heading = stripped.startswith("#") or bold or (stripped.endswith(":") and not listed)
        match = _HEADING.match(line) if is_heading else None
        if match:
            current = found.setdefault(match.group(1).strip().casefold(), [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(body).strip() for name, body in found.items()}


def has_edge_cases(text: str, *, filled_in: bool = False) -> bool:
    """Whether the text has an Edge Cases section (with content, when `filled_in`)."""
    found = sections(text)
    key = EDGE_CASES.casefold()
    return key in found and (not filled_in or bool(found[key]))


class AcceptanceCriteriaTemplate(BaseModel):
    """The skeleton every story's acceptance criteria start from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=AC_TEMPLATE_MAX)
    ]

    @model_validator(mode="after")
    def _asks_for_edge_cases(self) -> Self:
        if not has_edge_cases(self.text):
            raise ValueError(
                f"The acceptance-criteria template needs an {EDGE_CASES!r} section, as a "
                f"heading line such as '## {EDGE_CASES}', so every story is asked about them."
            )
        return self


DEFAULT_AC_TEMPLATE = AcceptanceCriteriaTemplate(
    text="""## Context
Who needs this and why; link the customer evidence.

## Acceptance criteria
- Given ..., when ..., then ...

## Edge Cases
- Empty, missing or invalid input
- Permissions: who must not be able to do this
- Limits: very large values, many items, slow or failed network

## Out of scope
- ...
"""
)


class PairingRule(BaseModel):
    """Stories estimated above `points_over` need a PM + tech-lead pairing before planning."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    points_over: float = Field(default=PAIRING_POINTS_DEFAULT, gt=0, le=100)


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    points: float | None


class Pairing(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    story_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    pm_user_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    tech_lead_user_id: Annotated[str, StringConstraints(min_length=1, max_length=64)]

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.pm_user_id == self.tech_lead_user_id:
            raise ValueError("A pairing needs two people: the PM and the tech lead.")
        return self


def stories_needing_pairing(
    stories: Sequence[Story], pairings: Iterable[Pairing], rule: PairingRule
) -> list[Story]:
    """Stories over the limit with no pairing yet, biggest first so planning starts with them.

    A story with no estimate is not listed: its size is the first thing to find out.
    """
    paired = {p.story_id for p in pairings}
    waiting = [
        s
        for s in stories
        if s.points is not None and s.points > rule.points_over and s.id not in paired
    ]
    return sorted(waiting, key=lambda s: -(s.points or 0))


class TeamAgreements(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    definition_of_done: DefinitionOfDone = DEFAULT_DEFINITION_OF_DONE
    acceptance_criteria: AcceptanceCriteriaTemplate = DEFAULT_AC_TEMPLATE
    pairing: PairingRule = Field(default_factory=PairingRule)


@dataclass(frozen=True)
class PairingRecord:
    """One recorded pairing of the PM and the tech lead on a story, as the team's log shows
    it."""

    id: str
    team_id: str
    story_ref: str
    story_title: str
    points: float | None
    paired_on: date
    pm_user_id: str | None
    tech_lead_user_id: str | None
    recorded_by: str | None
    created_at: datetime
