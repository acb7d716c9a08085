"""Suggesting a friction point for a card as it is written.

The suggestion is computed here, on the server, from Twofold's own examples and this team's
confirmed tags; the card text goes nowhere else. It is only a suggestion: the author confirms
it by keeping the tag on the card, and that confirmation is what the next suggestion learns from.
"""

from typing import TYPE_CHECKING

from twofold.domain.vocab import Friction
from twofold.services.context import Ctx
from twofold.services.participants import Actor, check_participant
from twofold.store.queries import cards as card_q

if TYPE_CHECKING:
    from twofold.insights.friction import Suggestion

TEAM_EXAMPLES_MAX = 300
"""The most recent confirmed tags a team's suggestions learn from."""


def team_examples(ctx: Ctx, team_id: str) -> list[tuple[str, Friction]]:
    with ctx.db.read() as tx:
        return card_q.tagged_cards_of_team(tx, team_id, TEAM_EXAMPLES_MAX)


def suggest(ctx: Ctx, actor: Actor, retro_id: str, text: str, limit: int = 3) -> list["Suggestion"]:
    """Friction points for `text`, best first, for someone on this retro (guests included)."""
    # The model and its numeric libraries cost ~100 MB; a server that never suggests never
    # loads them.
    from twofold.insights.friction import default_suggester

    with ctx.db.read() as tx:
        retro, _ = check_participant(tx, actor, retro_id)
    examples = team_examples(ctx, retro.team_id)
    base = default_suggester()
    suggester = base.for_team(examples) if examples else base
    return suggester.suggest(text, limit=limit)
