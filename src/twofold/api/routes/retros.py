"""Templates, retros and their columns."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from twofold.api import present
from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas.retros import (
    Column,
    ColumnCreate,
    ColumnUpdate,
    Retro,
    RetroArchive,
    RetroCreate,
    RetroSummary,
    RetroUpdate,
)
from twofold.api.schemas.templates import (
    SaveRetroAsTemplate,
    TeamTemplate,
    TeamTemplateIn,
    Template,
)
from twofold.domain.templates import TEMPLATES
from twofold.domain.vocab import TextLanguage
from twofold.services import retros, templates
from twofold.services.board.snapshot import snapshot

router = APIRouter(prefix="/api", tags=["retros"])


@router.get("/templates")
def list_templates(language: TextLanguage = TextLanguage.EN) -> list[Template]:
    """The built-in templates, worded in `language`; a retro made from one in a team takes the
    team's language for its columns."""
    return [present.template(t.in_language(language)) for t in TEMPLATES.values()]


@router.get("/teams/{team_id}/templates")
def list_team_templates(team_id: str, user: UserDep, ctx: CtxDep) -> list[TeamTemplate]:
    return [present.team_template(t) for t in templates.list_team_templates(ctx, user, team_id)]


@router.post("/teams/{team_id}/templates", status_code=status.HTTP_201_CREATED)
def create_team_template(
    team_id: str, body: TeamTemplateIn, user: UserDep, ctx: CtxDep
) -> TeamTemplate:
    saved = templates.do_create_team_template(ctx, user, team_id, body.to_domain())
    return present.team_template(saved)


@router.put("/teams/{team_id}/templates/{template_id}")
def replace_team_template(
    team_id: str, template_id: str, body: TeamTemplateIn, user: UserDep, ctx: CtxDep
) -> TeamTemplate:
    saved = templates.do_replace_team_template(ctx, user, team_id, template_id, body.to_domain())
    return present.team_template(saved)


@router.delete("/teams/{team_id}/templates/{template_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_team_template(team_id: str, template_id: str, user: UserDep, ctx: CtxDep) -> None:
    templates.do_delete_team_template(ctx, user, team_id, template_id)


@router.post("/retros/{retro_id}/template", status_code=status.HTTP_201_CREATED)
def save_retro_as_template(
    retro_id: str, body: SaveRetroAsTemplate, actor: ActorDep, ctx: CtxDep
) -> TeamTemplate:
    """Keeps the retro's columns, settings (not its collection deadline) and prompts."""
    saved = templates.do_save_retro_as_template(ctx, actor, retro_id, body.name, body.description)
    return present.team_template(saved)


@router.get("/teams/{team_id}/retros")
def list_retros(
    team_id: str,
    user: UserDep,
    ctx: CtxDep,
    include_archived: Annotated[bool, Query(description="Archived retros too.")] = False,
) -> list[RetroSummary]:
    """Newest first, with each retro's phase, when it closed, and its cards and action items."""
    listed = retros.list_retro_summaries(ctx, user, team_id, include_archived)
    return [present.retro_summary(r) for r in listed]


@router.post("/teams/{team_id}/retros", status_code=status.HTTP_201_CREATED)
def create_retro(team_id: str, body: RetroCreate, user: UserDep, ctx: CtxDep) -> Retro:
    board = retros.do_create_retro(
        ctx,
        user,
        team_id,
        title=body.title,
        sprint_name=body.sprint_name or None,
        sprint_start=body.sprint_start,
        sprint_end=body.sprint_end,
        template=body.template,
        team_template_id=body.team_template_id,
    )
    return present.board(board)


@router.get("/retros/{retro_id}")
def get_retro(retro_id: str, actor: ActorDep, ctx: CtxDep) -> Retro:
    return present.board(snapshot(ctx, actor, retro_id))


@router.patch("/retros/{retro_id}")
def update_retro(retro_id: str, body: RetroUpdate, actor: ActorDep, ctx: CtxDep) -> Retro:
    changes: dict[str, object] = body.model_dump(exclude_unset=True)
    if changes.get("title", "") is None:
        changes.pop("title")
    if "sprint_name" in changes:
        changes["sprint_name"] = changes["sprint_name"] or None
    return present.board(retros.do_update_retro(ctx, actor, retro_id, changes))


@router.delete("/retros/{retro_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_retro(retro_id: str, actor: ActorDep, ctx: CtxDep) -> None:
    """Facilitators. Deletes the retro with its cards, groups, votes, notes, sprint signals and
    capacity, and its invite links; its action items stay on the team's list."""
    retros.do_delete_retro(ctx, actor, retro_id)


@router.put("/retros/{retro_id}/archived")
def set_archived(retro_id: str, body: RetroArchive, actor: ActorDep, ctx: CtxDep) -> RetroSummary:
    """Facilitators. An archived retro leaves the team's list (see `include_archived`) and
    keeps everything: its board still opens, and it can be brought back."""
    return present.retro_summary(retros.do_set_archived(ctx, actor, retro_id, body.archived))


@router.post("/retros/{retro_id}/columns", status_code=status.HTTP_201_CREATED)
def add_column(retro_id: str, body: ColumnCreate, actor: ActorDep, ctx: CtxDep) -> Column:
    polarities = tuple(dict.fromkeys(body.polarities)) if body.polarities else None
    return present.column(retros.do_add_column(ctx, actor, retro_id, body.title, polarities))


@router.patch("/columns/{column_id}")
def update_column(column_id: str, body: ColumnUpdate, actor: ActorDep, ctx: CtxDep) -> Column:
    return present.column(retros.do_update_column(ctx, actor, column_id, body.title, body.position))


@router.delete("/columns/{column_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_column(column_id: str, actor: ActorDep, ctx: CtxDep) -> None:
    retros.do_delete_column(ctx, actor, column_id)
