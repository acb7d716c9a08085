"""Retro templates: the built-in ones and those a team keeps, and which one a retro follows.

Who may do what:
- see a team's templates and start a retro from one: its members;
- save, rename or delete one: its facilitators, because a template shapes every retro the team
  starts from it; saving one from a retro needs the same, guests never.

A retro keeps a copy of the team template it was made from, so a template can be changed or
deleted without touching the retros already made with it.
"""

from dataclasses import dataclass

from pydantic import ValidationError

from twofold.domain.entities import Retro, User
from twofold.domain.errors import Conflict, Forbidden, NotFound
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.stored import read_lenient
from twofold.domain.templates import (
    DEFAULT_TEMPLATE,
    TEAM_TEMPLATES_MAX,
    TEMPLATES,
    CustomColumn,
    CustomTemplate,
    StoredTemplate,
    Template,
    TemplateColumn,
    template_from_retro,
)
from twofold.domain.vocab import Polarity, TemplateKey
from twofold.services.access import Actor, check_member, check_participant, check_team_facilitator
from twofold.services.context import Ctx
from twofold.services.validation import field_error, invalid_from
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import templates as template_q


@dataclass(frozen=True)
class NewRetroTemplate:
    """What a new retro takes from its template."""

    key: TemplateKey
    columns: tuple[TemplateColumn, ...]
    settings: RetroSettings
    team_copy: CustomTemplate | None


def retro_template(tx: Tx, retro: Retro) -> Template | CustomTemplate:
    """The template a retro follows: the built-in one, or its copy of the team's."""
    if retro.template is not TemplateKey.TEAM:
        return TEMPLATES[retro.template]
    data = retro_q.template_copy(tx, retro.id)
    if data is None:  # not expected: the copy is written with the retro
        return TEMPLATES[DEFAULT_TEMPLATE]
    # A copy that no longer reads keeps what it can; the retro's own columns are stored apart.
    fallback = CustomTemplate(
        name=retro.template_name or "Team template",
        columns=(CustomColumn(title="Cards", polarities=tuple(Polarity)),),
    )
    return read_lenient(CustomTemplate, data, fallback).value


def template_for_new_retro(
    tx: Tx, team_id: str, key: TemplateKey | None, team_template_id: str | None
) -> NewRetroTemplate:
    """`key` None means the default built-in, unless a team template is named."""
    if team_template_id is None:
        if key is TemplateKey.TEAM:
            raise field_error("team_template_id", "Choose which of the team's templates to use.")
        # Worded in the team's language: the retro keeps its columns' titles as made.
        built_in = TEMPLATES[key or DEFAULT_TEMPLATE].in_language(team_q.language_of(tx, team_id))
        return NewRetroTemplate(built_in.key, built_in.columns, built_in.settings, None)
    if key not in (None, TemplateKey.TEAM):
        raise field_error("template", "Choose a built-in template or a team template, not both.")
    stored = template_q.template_by_id(tx, team_id, team_template_id)
    if stored is None:
        raise field_error("team_template_id", "This team has no such template; it may be deleted.")
    copy = stored.template
    return NewRetroTemplate(TemplateKey.TEAM, copy.template_columns(), copy.settings, copy)


def list_team_templates(ctx: Ctx, user: User, team_id: str) -> list[StoredTemplate]:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return template_q.templates_of(tx, team_id)


def _save_new(tx: Tx, team_id: str, template: CustomTemplate, user: User) -> StoredTemplate:
    if template_q.count_templates(tx, team_id) >= TEAM_TEMPLATES_MAX:
        raise Conflict(
            f"A team can keep at most {TEAM_TEMPLATES_MAX} templates. Delete one first.",
            code="too_many_templates",
            params={"limit": TEAM_TEMPLATES_MAX},
        )
    _check_name_free(tx, team_id, template.name)
    template_id = template_q.insert_template(tx, team_id, template, user.id)
    stored = template_q.template_by_id(tx, team_id, template_id)
    assert stored is not None
    return stored


def do_create_team_template(
    ctx: Ctx, user: User, team_id: str, template: CustomTemplate
) -> StoredTemplate:
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)  # the name and count checks hold until commit
        check_team_facilitator(tx, user, team_id, "save templates")
        return _save_new(tx, team_id, template, user)


def do_save_retro_as_template(
    ctx: Ctx, actor: Actor, retro_id: str, name: str, description: str
) -> StoredTemplate:
    with ctx.db.write() as tx:
        retro, _ = check_participant(tx, actor, retro_id)
        team_q.lock_team(tx, retro.team_id)
        if not isinstance(actor, User):
            raise Forbidden("Only a facilitator of this team can save templates.")
        check_team_facilitator(tx, actor, retro.team_id, "save templates")
        try:
            template = template_from_retro(
                name,
                retro_q.columns_of(tx, retro_id),
                retro.settings,
                description,
                source=retro_template(tx, retro),
            )
        except ValidationError as exc:
            raise invalid_from(exc, "") from None
        return _save_new(tx, retro.team_id, template, actor)


def do_replace_team_template(
    ctx: Ctx, user: User, team_id: str, template_id: str, template: CustomTemplate
) -> StoredTemplate:
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)
        check_team_facilitator(tx, user, team_id, "change its templates")
        if template_q.template_by_id(tx, team_id, template_id) is None:
            raise NotFound("Template not found.")
        _check_name_free(tx, team_id, template.name, except_id=template_id)
        template_q.replace_template(tx, template_id, template)
        stored = template_q.template_by_id(tx, team_id, template_id)
        assert stored is not None
        return stored


def do_delete_team_template(ctx: Ctx, user: User, team_id: str, template_id: str) -> None:
    with ctx.db.write() as tx:
        check_team_facilitator(tx, user, team_id, "delete its templates")
        if template_q.template_by_id(tx, team_id, template_id) is None:
            raise NotFound("Template not found.")
        template_q.delete_template(tx, template_id)


def _check_name_free(tx: Tx, team_id: str, name: str, except_id: str | None = None) -> None:
    if template_q.name_taken(tx, team_id, name, except_id):
        raise Conflict(
            f"The team already has a template named {name!r}. Choose another name.",
            code="template_name_taken",
            details=[{"field": "name", "message": "Already used by another template."}],
        )
