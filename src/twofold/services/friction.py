"""Suggesting a friction point for a card as it is written.

The suggestion is computed here, on the server, from Twofold's own examples and the team's
confirmed tags; the card text goes nowhere else. It is only a suggestion: the author confirms
it by keeping the tag on the card, and that confirmation is what later suggestions learn from.

A model answers whoever asks, so it may only learn what every one of them can read: cards
revealed in their retro. Members may open every retro of the team, so theirs learns from the
team's revealed cards; a guest is let into one retro, so a guest's learns from that retro's
revealed cards alone, never from the team's other retros.
"""

from typing import TYPE_CHECKING

from twofold.domain.vocab import Friction
from twofold.insights.friction.refits import TEAM_EXAMPLES_MAX
from twofold.services.access import Actor, check_participant
from twofold.services.context import Ctx
from twofold.store.queries import cards as card_q

if TYPE_CHECKING:
    from twofold.insights.friction import Suggestion


def examples_for(ctx: Ctx, actor: Actor, retro_id: str) -> tuple[str, list[tuple[str, Friction]]]:
    """The scope whose model answers this person on this retro, and what that model learns
    from. Outsiders get "not found"."""
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        if me.kind == "guest":
            examples = card_q.tagged_cards_of_team(
                tx, retro.team_id, TEAM_EXAMPLES_MAX, retro_id=retro.id
            )
            return f"retro:{retro.id}", examples
        return f"team:{retro.team_id}", card_q.tagged_cards_of_team(
            tx, retro.team_id, TEAM_EXAMPLES_MAX
        )


def suggest(ctx: Ctx, actor: Actor, retro_id: str, text: str, limit: int = 3) -> list["Suggestion"]:
    """Friction points for `text`, best first, for someone on this retro (guests included).
    Never waits for a refit: the answer comes from the last model fitted for the scope."""
    scope, examples = examples_for(ctx, actor, retro_id)
    return ctx.friction.suggester(scope, examples).suggest(text, limit=limit)
