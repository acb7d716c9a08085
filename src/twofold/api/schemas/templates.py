"""Bodies for retro templates: the built-in ones and a team's own.

A team template is checked field by field here (so a too-long title is reported on its column),
then built into the domain's `CustomTemplate` once, so the rules across columns (titles differ)
answer with the domain's own sentence.
"""

from datetime import datetime
from typing import Annotated, Self

from pydantic import Field, StringConstraints, ValidationError, model_validator

from twofold.api.schemas.base import ColumnTitle, Request, Response, rule_broken
from twofold.domain import limits
from twofold.domain.prompts import PROMPTS_PER_SET_MAX, PromptGroup, PromptId
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.templates import (
    COLUMN_HINT_MAX,
    TEMPLATE_DESCRIPTION_MAX,
    TEMPLATE_NAME_MAX,
    CustomTemplate,
)
from twofold.domain.vocab import Polarity, TemplateKey

TemplateName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEMPLATE_NAME_MAX)
]
TemplateDescription = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=TEMPLATE_DESCRIPTION_MAX)
]


class TemplateColumn(Response):
    title: str
    polarities: list[Polarity] = Field(description="The first is the default for a new card.")
    hint: str = Field(default="", description="What belongs in the column, shown under its title.")


class TemplateParts(Response):
    name: str
    description: str
    columns: list[TemplateColumn]
    prompt_groups: list[PromptGroup] = Field(
        description="Groups of the team's guided prompts a retro from this template shows."
    )
    prompt_ids: list[str] = Field(description="Single prompts shown besides those groups.")
    settings: RetroSettings = Field(description="What a retro from this template starts with.")


class Template(TemplateParts):
    """A built-in template."""

    key: TemplateKey


class TeamTemplate(TemplateParts):
    """One of a team's own templates; start a retro from it with `team_template_id`."""

    id: str
    team_id: str
    created_by_name: str | None = Field(description="Null once the account is deleted.")
    created_at: datetime
    updated_at: datetime


class TemplateColumnIn(Request):
    title: ColumnTitle
    polarities: Annotated[list[Polarity], Field(min_length=1, max_length=3)]
    hint: Annotated[str, StringConstraints(strip_whitespace=True, max_length=COLUMN_HINT_MAX)] = ""


class TeamTemplateIn(Request):
    """A whole team template: creating one, or replacing one the team has."""

    name: TemplateName
    description: TemplateDescription = ""
    columns: Annotated[
        list[TemplateColumnIn], Field(min_length=1, max_length=limits.COLUMNS_PER_RETRO_MAX)
    ]
    prompt_groups: Annotated[list[PromptGroup], Field(max_length=len(PromptGroup))] = []
    prompt_ids: Annotated[list[PromptId], Field(max_length=PROMPTS_PER_SET_MAX)] = []
    settings: RetroSettings = Field(default_factory=RetroSettings)

    @model_validator(mode="after")
    def _a_valid_template(self) -> Self:
        try:
            self.to_domain()
        except ValidationError as exc:
            raise rule_broken("invalid_template", exc) from None
        return self

    def to_domain(self) -> CustomTemplate:
        return CustomTemplate.model_validate(self.model_dump())


class SaveRetroAsTemplate(Request):
    """Save this retro's columns, settings and prompts as one of its team's templates."""

    name: TemplateName
    description: TemplateDescription = ""
