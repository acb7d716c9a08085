"""Guided questions for the discuss phase, tied to the friction point each one probes.

A topic tagged with a friction point should open with questions about that friction, not a
generic "what happened?"; so each prompt carries its friction, and teams can rewrite the set to
speak their own language. Ids are stable so templates and saved sets can refer to prompts
even after their wording changes.
"""

import re
from collections import Counter
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from twofold.domain.signals import Thresholds
from twofold.domain.vocab import Friction, TextLanguage
from twofold.domain.words import N_, words

PROMPT_TEXT_MAX = 300
PROMPTS_PER_SET_MAX = 80
PROMPT_ID_MAX = 48


class PromptGroup(StrEnum):
    REQUIREMENTS_PLANNING = "requirements_planning"
    EXECUTION = "execution"
    TECHNICAL_DEBT = "technical_debt"
    COMMUNICATION = "communication"


GROUP_LABELS: dict[PromptGroup, str] = {
    PromptGroup.REQUIREMENTS_PLANNING: N_("Requirements & Planning"),
    PromptGroup.EXECUTION: N_("Execution"),
    PromptGroup.TECHNICAL_DEBT: N_("Technical Debt"),
    PromptGroup.COMMUNICATION: N_("Communication"),
}

PromptId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=PROMPT_ID_MAX, pattern=r"^[a-z][a-z0-9_.]*$"),
]


class Prompt(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: PromptId
    group: PromptGroup
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=PROMPT_TEXT_MAX)
    ]
    friction: Friction


def _p(prompt_id: str, group: PromptGroup, friction: Friction, text: str) -> Prompt:
    return Prompt(id=prompt_id, group=group, text=text, friction=friction)


_RP = PromptGroup.REQUIREMENTS_PLANNING
_EX = PromptGroup.EXECUTION
_TD = PromptGroup.TECHNICAL_DEBT
_CO = PromptGroup.COMMUNICATION
_REQ = Friction.REQUIREMENTS_CLARITY
_VEL = Friction.VELOCITY_QUALITY
_DEBT = Friction.TECH_DEBT
_EST = Friction.ESTIMATION
_COM = Friction.COMMUNICATION

DEFAULT_PROMPTS: tuple[Prompt, ...] = (
    _p("rp.clear_before_start", _RP, _REQ,
       N_("Did every story have clear requirements before anyone started building it?")),
    _p("rp.clarifying_questions", _RP, _REQ,
       N_("How many clarifying questions came up mid-sprint? Fewer than "
       "{clarifying_questions_below} is a healthy sprint.")),
    _p("rp.missed_edge_cases", _RP, _REQ,
       N_("Which edge cases did we find only during development or QA?")),
    _p("rp.acceptance_criteria", _RP, _REQ,
       N_("Were the acceptance criteria specific enough to test against?")),
    _p("rp.scope_added", _RP, _REQ,
       N_("What was added after the sprint started, and could it have waited for planning?")),
    _p("rp.estimates_off", _RP, _EST,
       N_("Which estimates were furthest off, and what did we not know when we made them?")),
    _p("rp.big_stories_paired", _RP, _EST,
       N_("Did the largest stories get a PM and tech-lead walkthrough before planning?")),
    _p("ex.rework", _EX, _VEL,
       N_("How much rework did we do, and which stories came back from QA?")),
    _p("ex.qa_rejections", _EX, _VEL,
       N_("Why were stories rejected in QA: unclear criteria, missed cases or defects?")),
    _p("ex.blocked", _EX, _VEL,
       N_("What blocked us for more than a day, and who could have unblocked it sooner?")),
    _p("ex.pace_vs_quality", _EX, _VEL,
       N_("Where did we trade quality for speed, and was that a conscious choice?")),
    _p("ex.shipped_on_time", _EX, _EST,
       N_("Did we ship what we committed to, on time? If not, when did we first know?")),
    _p("ex.unplanned_work", _EX, _VEL,
       N_("How much unplanned work (incidents, support) did we absorb this sprint?")),
    _p("td.visible_to_pm", _TD, _DEBT,
       N_("Is the tech debt that slows us down visible to the PM, with its cost in hours?")),
    _p("td.capacity_share", _TD, _DEBT,
       N_("Did we spend close to {tech_debt_share_min}% of capacity on tech debt? What did we defer?")),
    _p("td.slowed_us", _TD, _DEBT,
       N_("Which part of the codebase slowed us down most this sprint?")),
    _p("td.customer_impact", _TD, _DEBT,
       N_("Which piece of debt do customers feel, through bugs, outages or slow delivery?")),
    _p("td.new_debt", _TD, _DEBT,
       N_("What shortcuts did we take this sprint, and have we written them down?")),
    _p("td.next_to_pay", _TD, _DEBT,
       N_("If we could pay down one debt item next sprint, which one and why?")),
    _p("co.customer_context", _CO, _COM,
       N_("Did the PM share enough customer context for engineers to make good calls?")),
    _p("co.constraints_early", _CO, _COM,
       N_("Did engineering raise technical constraints and risks early enough?")),
    _p("co.decisions_recorded", _CO, _COM,
       N_("Were decisions made in chats or meetings written down where everyone could find them?")),
    _p("co.surprises", _CO, _COM,
       N_("What surprised one side that the other side already knew?")),
    _p("co.sync_useful", _CO, _COM,
       N_("Was the PM/tech-lead sync useful this sprint? What should it cover instead?")),
    _p("co.bad_news_early", _CO, _COM,
       N_("When something slipped, how quickly did everyone who needed to know hear about it?")),
)  # fmt: skip


class PromptSet(BaseModel):
    """A team's own prompts, replacing the defaults as a whole."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    prompts: Annotated[tuple[Prompt, ...], Field(min_length=1, max_length=PROMPTS_PER_SET_MAX)]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Self:
        counts = Counter(p.id for p in self.prompts)
        repeated = sorted(i for i, n in counts.items() if n > 1)
        if repeated:
            raise ValueError(f"Each prompt needs its own id; repeated: {', '.join(repeated)}.")
        return self

    @classmethod
    def default(cls) -> "PromptSet":
        return cls(prompts=DEFAULT_PROMPTS)

    def get(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)


def prompts_for(prompt_set: PromptSet, friction: Friction | None) -> list[Prompt]:
    """The prompts for a topic's friction point, in the set's order.

    An untagged topic gets the first prompt of each group instead, a broad opening that
    still covers both sides of the partnership.
    """
    if friction is not None:
        return [p for p in prompt_set.prompts if p.friction == friction]
    firsts: dict[PromptGroup, Prompt] = {}
    for prompt in prompt_set.prompts:
        firsts.setdefault(prompt.group, prompt)
    return [firsts[g] for g in PromptGroup if g in firsts]


# Built-in wordings from before prompts could quote thresholds. A team that saved its own set
# kept them word for word; they are read as today's wording, so the number follows the team.
_EARLIER_WORDINGS: dict[str, str] = {
    "rp.clarifying_questions": (
        "How many clarifying questions came up mid-sprint? Fewer than 5 is a healthy sprint."
    ),
    "td.capacity_share": "Did we spend close to 20% of capacity on tech debt? What did we defer?",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def builtin_ids(prompt_set: PromptSet) -> frozenset[str]:
    """The set's prompts still worded as Twofold ships them: same id, same text (an earlier
    built-in wording counts too, as `filled` reads it as today's). The web UI words these in
    the reader's language; a prompt the team rewrote keeps its own words."""
    defaults = {p.id: p.text for p in DEFAULT_PROMPTS}
    return frozenset(
        p.id
        for p in prompt_set.prompts
        if p.id in defaults and p.text in (defaults[p.id], _EARLIER_WORDINGS.get(p.id))
    )


def threshold_values(thresholds: Thresholds) -> dict[str, str]:
    """What `{name}` in a prompt's text stands for: each of the team's thresholds, as people
    write numbers (20, not 20.0)."""
    return {name: f"{value:g}" for name, value in thresholds.model_dump().items()}


def filled(
    prompt_set: PromptSet, thresholds: Thresholds, language: TextLanguage = TextLanguage.EN
) -> PromptSet:
    """The set as a retro asks it: `{clarifying_questions_below}` and the like replaced by the
    team's own thresholds, so a prompt never quotes a number the team has changed. Braces that
    name no threshold are left as written. Built-in prompts are worded in `language` (the
    team's); a prompt the team rewrote keeps its words."""
    values = threshold_values(thresholds)
    defaults = {p.id: p.text for p in DEFAULT_PROMPTS}
    builtin = builtin_ids(prompt_set)
    w = words(language)

    def fill(prompt: Prompt) -> Prompt:
        text = prompt.text
        if prompt.id in builtin:
            text = w.known(defaults[prompt.id])
        text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)
        return prompt if text == prompt.text else prompt.model_copy(update={"text": text})

    return PromptSet(prompts=tuple(fill(p) for p in prompt_set.prompts))
