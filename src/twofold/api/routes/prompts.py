"""Guided prompts of a retro, and a team's own set."""

from fastapi import APIRouter

from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas.prompts import (
    GroupLabel,
    PromptGroupView,
    PromptsUpdate,
    PromptView,
    RetroPrompts,
    TeamPrompts,
    TopicPrompts,
)
from twofold.domain.prompts import GROUP_LABELS, Prompt, PromptGroup
from twofold.domain.words import words
from twofold.services import prompts

router = APIRouter(prefix="/api", tags=["prompts"])


@router.get("/retros/{retro_id}/prompts")
def get_retro_prompts(retro_id: str, actor: ActorDep, ctx: CtxDep) -> RetroPrompts:
    page = prompts.get_retro_prompts(ctx, actor, retro_id)
    said = words(page.language)
    return RetroPrompts(
        retro_id=page.retro_id,
        template=page.template,
        groups=[
            PromptGroupView(
                group=g, label=said.known(GROUP_LABELS[g]), prompts=_views(ps, page.builtin)
            )
            for g, ps in page.groups
        ],
        topics=[
            TopicPrompts(friction=f, prompts=_views(ps, page.builtin)) for f, ps in page.by_friction
        ],
        placeholders=page.placeholders,
    )


@router.get("/teams/{team_id}/prompts")
def get_team_prompts(team_id: str, user: UserDep, ctx: CtxDep) -> TeamPrompts:
    return _team(prompts.get_team_prompts(ctx, user, team_id))


@router.put("/teams/{team_id}/prompts")
def put_team_prompts(team_id: str, body: PromptsUpdate, user: UserDep, ctx: CtxDep) -> TeamPrompts:
    return _team(prompts.do_put_team_prompts(ctx, user, team_id, body.to_domain()))


@router.delete("/teams/{team_id}/prompts")
def reset_team_prompts(team_id: str, user: UserDep, ctx: CtxDep) -> TeamPrompts:
    return _team(prompts.do_reset_team_prompts(ctx, user, team_id))


def _views(ps: list[Prompt] | tuple[Prompt, ...], builtin: frozenset[str]) -> list[PromptView]:
    return [
        PromptView(
            id=p.id, group=p.group, text=p.text, friction=p.friction, builtin=p.id in builtin
        )
        for p in ps
    ]


def _team(page: prompts.TeamPrompts) -> TeamPrompts:
    return TeamPrompts(
        team_id=page.team_id,
        custom=page.custom,
        prompts=_views(page.prompts.prompts, page.builtin),
        groups=[GroupLabel(group=g, label=GROUP_LABELS[g]) for g in PromptGroup],
        updated_at=page.updated_at,
        updated_by=page.updated_by,
        placeholders=page.placeholders,
    )
