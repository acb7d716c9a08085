"""Retro templates as data: named columns with the polarities each accepts, the discussion
prompts that suit the format, and the settings a retro made from it starts with.

The first polarity of a column is the default for a new card. Built-ins live here; a team's own
templates are validated by `CustomTemplate` and carry the same parts, so creating a retro never
has to care where its template came from.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from twofold.domain import limits
from twofold.domain.entities import Column
from twofold.domain.prompts import PROMPTS_PER_SET_MAX, Prompt, PromptGroup, PromptId, PromptSet
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.vocab import ColumnKind, Polarity, TemplateKey, TextLanguage
from twofold.domain.words import N_, words

TEMPLATE_NAME_MAX = 80
TEAM_TEMPLATES_MAX = 30
TEMPLATE_DESCRIPTION_MAX = 300
COLUMN_HINT_MAX = 200

_BOTH = (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL)
_WELL = (Polarity.WENT_WELL,)
_BAD = (Polarity.DIDNT_GO_WELL,)
_IDEA = (Polarity.PROPOSAL,)
ALL_POLARITIES = (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL, Polarity.PROPOSAL)
_ALL_GROUPS = tuple(PromptGroup)


@dataclass(frozen=True)
class TemplateColumn:
    title: str
    polarities: tuple[Polarity, ...]
    hint: str = ""
    kind: ColumnKind | None = None


@dataclass(frozen=True)
class Template:
    key: TemplateKey
    name: str
    description: str
    columns: tuple[TemplateColumn, ...]
    prompt_groups: tuple[PromptGroup, ...] = ()
    prompt_ids: tuple[str, ...] = ()
    settings: RetroSettings = field(default_factory=RetroSettings)

    def template_columns(self) -> tuple[TemplateColumn, ...]:
        return self.columns

    def in_language(self, language: TextLanguage) -> "Template":
        """The template worded in `language`: its name, description, column titles and hints.
        A retro keeps the titles it was made with, so a team's retros read in its language."""
        w = words(language)
        columns = tuple(
            replace(c, title=w.known(c.title), hint=w.known(c.hint) if c.hint else "")
            for c in self.columns
        )
        return replace(
            self, name=w.known(self.name), description=w.known(self.description), columns=columns
        )


TEMPLATES: dict[TemplateKey, Template] = {
    t.key: t
    for t in (
        Template(
            TemplateKey.PM_ENGINEERING,
            N_("PM / Engineering"),
            N_("Both sides of the partnership in their own column, then what to change together."),
            (
                TemplateColumn(N_("Product Perspective"), _BOTH, kind=ColumnKind.PRODUCT),
                TemplateColumn(N_("Engineering Perspective"), _BOTH, kind=ColumnKind.ENGINEERING),
                TemplateColumn(
                    N_("Collaboration Improvements"), _IDEA, kind=ColumnKind.COLLABORATION
                ),
            ),
            prompt_groups=_ALL_GROUPS,
            # The template built for the partnership asks both sides how it is going.
            settings=RetroSettings(health_radar=True),
        ),
        Template(
            TemplateKey.START_STOP_CONTINUE,
            N_("Start / Stop / Continue"),
            N_("Habits to adopt, drop and keep."),
            (
                TemplateColumn(N_("Start"), _IDEA),
                TemplateColumn(N_("Stop"), _BAD),
                TemplateColumn(N_("Continue"), _WELL),
            ),
            prompt_groups=(PromptGroup.EXECUTION, PromptGroup.COMMUNICATION),
        ),
        Template(
            TemplateKey.MAD_SAD_GLAD,
            N_("Mad / Sad / Glad"),
            N_("How the sprint felt, for teams that want to talk about morale."),
            (
                TemplateColumn(N_("Mad"), _BAD),
                TemplateColumn(N_("Sad"), _BAD),
                TemplateColumn(N_("Glad"), _WELL),
            ),
            prompt_groups=(PromptGroup.COMMUNICATION,),
            # Feelings are shared more honestly when nobody can tell whose card it is.
            settings=RetroSettings(anonymous=True),
        ),
        Template(
            TemplateKey.FOUR_LS,
            N_("4Ls"),
            N_("Liked, Learned, Lacked, Longed for."),
            (
                TemplateColumn(N_("Liked"), _WELL),
                TemplateColumn(N_("Learned"), _WELL),
                TemplateColumn(N_("Lacked"), _BAD),
                TemplateColumn(N_("Longed for"), _IDEA),
            ),
            prompt_groups=(PromptGroup.REQUIREMENTS_PLANNING, PromptGroup.EXECUTION),
        ),
        Template(
            TemplateKey.SAILBOAT,
            N_("Sailboat"),
            N_("What moves the team toward its goal, what holds it back, and the risks ahead."),
            (
                TemplateColumn(N_("Wind"), _WELL),
                TemplateColumn(N_("Anchors"), _BAD),
                TemplateColumn(N_("Rocks"), _BAD),
                TemplateColumn(N_("Island"), _IDEA),
            ),
            prompt_groups=(PromptGroup.EXECUTION, PromptGroup.TECHNICAL_DEBT),
        ),
        Template(
            TemplateKey.CROSS_FUNCTIONAL_PRODUCT_TEAM,
            N_("Cross-functional product team"),
            N_("Product, design, engineering and QA look at the hand-offs between them."),
            (
                TemplateColumn(
                    N_("What worked across roles"),
                    _WELL,
                    N_("Moments where the hand-off just worked."),
                ),
                TemplateColumn(
                    N_("Where hand-offs hurt"),
                    _BAD,
                    N_("Waiting, rework, or things lost in translation."),
                ),
                TemplateColumn(
                    N_("What I need from other roles"), _IDEA, N_("Ask a role, not a person.")
                ),
                TemplateColumn(
                    N_("Experiments to try"), _IDEA, N_("Small and reversible within a sprint.")
                ),
            ),
            prompt_groups=(PromptGroup.COMMUNICATION, PromptGroup.REQUIREMENTS_PLANNING),
            # Anonymous without roles: with one PM or one designer in the room, a card's role
            # would name its author. A team that wants roles shown turns them on before
            # anyone writes.
            settings=RetroSettings(anonymous=True, show_roles=False),
        ),
        Template(
            TemplateKey.PRODUCT_DEVELOPMENT,
            N_("Product development"),
            N_("The sprint from discovery to delivery: what we built, how, and whether it landed."),
            (
                TemplateColumn(
                    N_("Discovery & requirements"), _BOTH, N_("Were we building the right thing?")
                ),
                TemplateColumn(N_("Build & quality"), _BOTH, N_("Did we build it well?")),
                TemplateColumn(
                    N_("Delivery & outcomes"), _BOTH, N_("Did it ship, and did it help?")
                ),
                TemplateColumn(N_("Next sprint we will"), _IDEA),
            ),
            prompt_groups=(
                PromptGroup.REQUIREMENTS_PLANNING,
                PromptGroup.EXECUTION,
                PromptGroup.COMMUNICATION,
            ),
        ),
        Template(
            TemplateKey.TECH_DEBT_REVIEW,
            N_("Technical debt review"),
            N_("Where debt comes from, what it costs, and what to pay down first."),
            (
                TemplateColumn(
                    N_("Sources of debt"),
                    _BAD,
                    N_("Shortcuts, ageing code, missing tests, tooling."),
                ),
                TemplateColumn(
                    N_("Impact & risk"),
                    _BAD,
                    N_("Hours lost, incidents, customer-visible effects."),
                ),
                TemplateColumn(N_("Prioritisation"), _IDEA, N_("What to pay down first, and why.")),
                TemplateColumn(N_("Action plan"), _IDEA, N_("Who does what, in which sprint.")),
            ),
            prompt_groups=(PromptGroup.TECHNICAL_DEBT,),
            prompt_ids=("rp.estimates_off", "co.constraints_early"),
            # More votes than usual: ranking a backlog needs finer-grained preferences.
            settings=RetroSettings(votes_per_person=5),
        ),
    )
}

DEFAULT_TEMPLATE = TemplateKey.PM_ENGINEERING

_KIND_OF_TITLE: dict[str, ColumnKind] = {
    words(language).known(c.title).casefold(): c.kind
    for language in TextLanguage
    for t in TEMPLATES.values()
    for c in t.columns
    if c.kind is not None
}


def column_kind(title: str) -> ColumnKind | None:
    """The kind of a retro's column, known by its title: a retro keeps its columns' titles, not
    the template they came from, and a team template that copies "Product Perspective" means the
    same column, in any language the server writes ("Produktperspektive" too). A renamed or
    team-made column has no kind."""
    return _KIND_OF_TITLE.get(title.strip().casefold())


ColumnTitle = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=limits.COLUMN_TITLE_MAX),
]


class CustomColumn(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: ColumnTitle
    polarities: Annotated[tuple[Polarity, ...], Field(min_length=1, max_length=3)]
    hint: Annotated[str, StringConstraints(strip_whitespace=True, max_length=COLUMN_HINT_MAX)] = ""

    @model_validator(mode="after")
    def _polarities_once_each(self) -> Self:
        if len(set(self.polarities)) != len(self.polarities):
            raise ValueError(f"Column {self.title!r} lists the same polarity more than once.")
        return self


class CustomTemplate(BaseModel):
    """A team's own template, typically saved from a retro that worked well."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEMPLATE_NAME_MAX)
    ]
    description: Annotated[
        str, StringConstraints(strip_whitespace=True, max_length=TEMPLATE_DESCRIPTION_MAX)
    ] = ""
    columns: Annotated[
        tuple[CustomColumn, ...], Field(min_length=1, max_length=limits.COLUMNS_PER_RETRO_MAX)
    ]
    prompt_groups: Annotated[tuple[PromptGroup, ...], Field(max_length=len(PromptGroup))] = ()
    prompt_ids: Annotated[tuple[PromptId, ...], Field(max_length=PROMPTS_PER_SET_MAX)] = ()
    settings: RetroSettings = Field(default_factory=RetroSettings)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        # Titles differing only in case look identical on a board, so they count as the same.
        titles = Counter(c.title.casefold() for c in self.columns)
        repeated = [c.title for c in self.columns if titles[c.title.casefold()] > 1]
        if repeated:
            names = ", ".join(dict.fromkeys(repeated))
            raise ValueError(f"Column titles must be different from each other; repeated: {names}.")
        if len(set(self.prompt_groups)) != len(self.prompt_groups):
            raise ValueError("A prompt group is listed more than once.")
        if self.settings.collect_deadline is not None:
            raise ValueError(
                "A template cannot carry a collection deadline; set it on each retro instead."
            )
        return self

    def template_columns(self) -> tuple[TemplateColumn, ...]:
        return tuple(TemplateColumn(c.title, c.polarities, c.hint) for c in self.columns)


def template_from_retro(
    name: str,
    columns: Sequence[Column],
    settings: RetroSettings,
    description: str = "",
    source: Template | CustomTemplate | None = None,
) -> CustomTemplate:
    """Save a retro's columns and settings as a template, dropping what belongs to that retro.

    The collection deadline is a moment in that retro's life, not a habit, so it is not kept.
    `source` is the template the retro started from: its prompts, and the hint of every column
    still carrying its title, go with the copy, so a template saved from a retro keeps guiding
    the same way.
    """
    ordered = sorted(columns, key=lambda c: c.position)
    hints = {c.title.casefold(): c.hint for c in source.template_columns()} if source else {}
    return CustomTemplate(
        name=name,
        description=description,
        columns=tuple(
            CustomColumn(
                title=c.title, polarities=c.polarities, hint=hints.get(c.title.casefold(), "")
            )
            for c in ordered
        ),
        prompt_groups=source.prompt_groups if source else (),
        prompt_ids=source.prompt_ids if source else (),
        settings=settings.model_copy(update={"collect_deadline": None}),
    )


def template_prompts(template: Template | CustomTemplate, prompt_set: PromptSet) -> list[Prompt]:
    """The template's prompts from the team's set: its groups first, then single prompts.

    An id the team has since removed from its set is skipped rather than failing the retro.
    """
    chosen = {p.id: p for g in template.prompt_groups for p in prompt_set.prompts if p.group == g}
    for prompt_id in template.prompt_ids:
        prompt = prompt_set.get(prompt_id)
        if prompt is not None:
            chosen.setdefault(prompt.id, prompt)
    return list(chosen.values())


@dataclass(frozen=True)
class StoredTemplate:
    """A team's own template as saved, with who made it and when; the store hands these out so
    nothing above it needs to know the table."""

    id: str
    team_id: str
    template: CustomTemplate
    created_by: str | None
    created_by_name: str | None
    created_at: datetime
    updated_at: datetime
