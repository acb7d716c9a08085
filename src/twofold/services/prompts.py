"""Guided prompts: the ones a retro shows, and the set a team keeps.

Who may do what:
- see a retro's prompts: every participant, guests included (they are questions, not data);
- see a team's set: its members; replace it or go back to the built-in one: its facilitators,
  because the set shapes every retro the team runs.
"""

from dataclasses import dataclass
from datetime import datetime

from twofold.domain.entities import User
from twofold.domain.prompts import (
    Prompt,
    PromptGroup,
    PromptSet,
    builtin_ids,
    filled,
    prompts_for,
    threshold_values,
)
from twofold.domain.templates import template_prompts
from twofold.domain.vocab import Friction, TemplateKey, TextLanguage
from twofold.services.access import Actor, check_member, check_participant, check_team_facilitator
from twofold.services.context import Ctx
from twofold.services.templates import retro_template
from twofold.store.database import Tx
from twofold.store.queries import prompts as prompt_q
from twofold.store.queries import signals as signal_q
from twofold.store.queries import teams as team_q


@dataclass(frozen=True)
class RetroPrompts:
    retro_id: str
    template: TemplateKey
    groups: list[tuple[PromptGroup, list[Prompt]]]
    """The template's prompts, group by group in the order of `PromptGroup`; empty groups left
    out."""
    by_friction: list[tuple[Friction | None, list[Prompt]]]
    """What a topic opens with, for each friction point and for an untagged topic (None)."""
    builtin: frozenset[str]
    """Ids of the prompts still worded as Twofold ships them."""
    placeholders: dict[str, str]
    """What `{name}` in a built-in prompt's text stands for: the team's thresholds now."""
    language: TextLanguage = TextLanguage.EN
    """The team's: built-in prompts and group names are worded in it."""


@dataclass(frozen=True)
class TeamPrompts:
    team_id: str
    prompts: PromptSet
    custom: bool
    updated_at: datetime | None
    updated_by: str | None
    placeholders: dict[str, str]
    """What `{name}` in a prompt's text shows in a retro: the team's thresholds now."""
    builtin: frozenset[str]
    """Ids of the prompts still worded as Twofold ships them."""


def _grouped(prompts: list[Prompt]) -> list[tuple[PromptGroup, list[Prompt]]]:
    # A fixed group order, so the panel reads the same in every retro whatever the template.
    out = [(g, [p for p in prompts if p.group == g]) for g in PromptGroup]
    return [(g, ps) for g, ps in out if ps]


def get_retro_prompts(ctx: Ctx, actor: Actor, retro_id: str) -> RetroPrompts:
    with ctx.db.read() as tx:
        retro, _ = check_participant(tx, actor, retro_id)
        # Asked as the team would ask them today: with its own thresholds in the text.
        thresholds = signal_q.thresholds_of(tx, retro.team_id).thresholds
        stored = prompt_q.prompts_of(tx, retro.team_id).prompts
        language = team_q.language_of(tx, retro.team_id)
        prompt_set = filled(stored, thresholds, language)
        template = retro_template(tx, retro)
    chosen = template_prompts(template, prompt_set)
    topics: list[Friction | None] = [*Friction, None]
    return RetroPrompts(
        retro_id=retro.id,
        template=retro.template,
        groups=_grouped(chosen),
        by_friction=[(f, prompts_for(prompt_set, f)) for f in topics],
        builtin=builtin_ids(stored),
        placeholders=threshold_values(thresholds),
        language=language,
    )


def _team_page(tx: Tx, team_id: str) -> TeamPrompts:
    stored = prompt_q.prompts_of(tx, team_id)
    values = threshold_values(signal_q.thresholds_of(tx, team_id).thresholds)
    return TeamPrompts(
        team_id,
        stored.prompts,
        stored.custom,
        stored.updated_at,
        stored.updated_by,
        values,
        builtin_ids(stored.prompts),
    )


def get_team_prompts(ctx: Ctx, user: User, team_id: str) -> TeamPrompts:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return _team_page(tx, team_id)


def do_put_team_prompts(ctx: Ctx, user: User, team_id: str, prompts: PromptSet) -> TeamPrompts:
    """Replaces the team's whole set: a set is edited as one list, so saving it is one write."""
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)  # two first saves would otherwise both insert
        check_team_facilitator(tx, user, team_id, "change its prompts")
        prompt_q.save_prompts(tx, team_id, prompts, user.id)
        return _team_page(tx, team_id)


def do_reset_team_prompts(ctx: Ctx, user: User, team_id: str) -> TeamPrompts:
    """Drops the team's own set rather than saving a copy of the built-in one, so the team
    gets later improvements to the built-in prompts."""
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)
        check_team_facilitator(tx, user, team_id, "change its prompts")
        prompt_q.reset_prompts(tx, team_id)
        return _team_page(tx, team_id)
