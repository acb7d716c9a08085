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

from twofold.domain.errors import ErrorCode, Invalid
from twofold.domain.templates import column_kind
from twofold.domain.vocab import Friction, Polarity
from twofold.insights.friction.dataset import CardContext
from twofold.insights.friction.refits import TEAM_EXAMPLES_MAX
from twofold.services.access import Actor, check_participant
from twofold.services.context import Ctx
from twofold.store.queries import cards as card_q
from twofold.store.queries import retros as retro_q

if TYPE_CHECKING:
    from twofold.insights.friction import Suggestion


def examples_for(
    ctx: Ctx,
    actor: Actor,
    retro_id: str,
    column_id: str | None = None,
    polarity: Polarity | None = None,
) -> tuple[str, list[tuple[str, Friction]], CardContext]:
    """The scope whose model answers this person on this retro, what that model learns from,
    and the card's context: the kind of `column_id` (a column of this retro, or the request is
    refused with `unknown_column`), `polarity`, and the asker's own role on the team (or as a
    guest), never a role the request names. Outsiders get "not found"."""
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        kind = None
        if column_id is not None:
            column = retro_q.column_by_id(tx, column_id)
            if column is None or column.retro_id != retro.id:
                raise Invalid("That column is not on this retro.", code=ErrorCode.UNKNOWN_COLUMN)
            kind = column_kind(column.title)
        context = CardContext(kind, polarity, me.role)
        if me.kind == "guest":
            examples = card_q.tagged_cards_of_team(
                tx, retro.team_id, TEAM_EXAMPLES_MAX, retro_id=retro.id
            )
            return f"retro:{retro.id}", examples, context
        examples = card_q.tagged_cards_of_team(tx, retro.team_id, TEAM_EXAMPLES_MAX)
        return f"team:{retro.team_id}", examples, context


def suggest(
    ctx: Ctx,
    actor: Actor,
    retro_id: str,
    text: str,
    limit: int = 3,
    *,
    column_id: str | None = None,
    polarity: Polarity | None = None,
) -> list["Suggestion"] | None:
    """Friction points for `text`, best first, for someone on this retro (guests included);
    empty when the card is about none of them, the model is not sure enough, or suggestions are
    turned off; None while the shipped model is still being fitted (seconds after a start).
    Never waits for a fit: the answer comes from the last model fitted for the scope."""
    scope, examples, context = examples_for(ctx, actor, retro_id, column_id, polarity)
    if not ctx.friction_suggestions:
        # Turned off for the instance: the request is still checked, and no model is loaded.
        return []
    suggester = ctx.friction.ready(scope, examples)
    if suggester is None:
        return None
    return suggester.suggest(text, limit=limit, context=context)
