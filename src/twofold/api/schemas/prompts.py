"""Bodies for guided prompts: a retro's, and a team's own set.

The request is checked field by field here (so a too-long text is reported on its row), then
built into the domain's `PromptSet` once, so the rules across prompts (ids unique) answer
with the domain's own sentence.
"""

from datetime import datetime
from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationError, model_validator

from twofold.api.schemas.base import Request, Response, rule_broken
from twofold.domain.prompts import (
    PROMPT_TEXT_MAX,
    PROMPTS_PER_SET_MAX,
    PromptGroup,
    PromptId,
    PromptSet,
)
from twofold.domain.vocab import Friction, TemplateKey


class PromptIn(Request):
    id: PromptId = Field(
        description="Stable id: lower case letters, digits, `_` and `.`; starts with a letter."
    )
    group: PromptGroup
    text: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=PROMPT_TEXT_MAX)
    ]
    friction: Friction


class PromptsUpdate(Request):
    """The team's whole set, replacing the one it had (or the built-in one)."""

    prompts: Annotated[list[PromptIn], Field(min_length=1, max_length=PROMPTS_PER_SET_MAX)]

    @model_validator(mode="after")
    def _a_valid_set(self) -> Self:
        try:
            self.to_domain()
        except ValidationError as exc:
            raise rule_broken("invalid_prompt_set", exc) from None
        return self

    def to_domain(self) -> PromptSet:
        return PromptSet.model_validate({"prompts": [p.model_dump() for p in self.prompts]})


class PromptView(Response):
    id: str
    group: PromptGroup
    text: str
    friction: Friction
    builtin: bool = Field(
        description="True while the prompt is one Twofold ships, in its shipped words (the web "
        "UI then words it in the reader's language); false once the team rewrote it."
    )


class PromptGroupView(Response):
    group: PromptGroup
    label: str = Field(description='The group\'s name for people, e.g. "Requirements & Planning".')
    prompts: list[PromptView]


class TopicPrompts(Response):
    friction: Friction | None = Field(description="Null for a topic with no friction point.")
    prompts: list[PromptView]


class RetroPrompts(Response):
    retro_id: str
    template: TemplateKey
    groups: list[PromptGroupView] = Field(
        description="The template's prompts from the team's set, for writing cards."
    )
    topics: list[TopicPrompts] = Field(
        description="For discussing a topic: the prompts for its dominant friction point."
    )
    placeholders: dict[str, str] = Field(
        description="The team's thresholds by name, as `{name}` in a built-in prompt's own "
        "words stands for them (the texts here have them filled in already)."
    )


class GroupLabel(Response):
    group: PromptGroup
    label: str


class TeamPrompts(Response):
    team_id: str
    custom: bool = Field(description="False while the team uses the built-in prompts.")
    prompts: list[PromptView]
    groups: list[GroupLabel] = Field(description="Every prompt group, in display order.")
    updated_at: datetime | None
    updated_by: str | None
    placeholders: dict[str, str] = Field(
        description="A prompt's text may quote a threshold as `{name}` (for example "
        "`{clarifying_questions_below}`); retros show the team's value in its place. These are "
        "the names and today's values."
    )
