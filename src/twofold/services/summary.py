"""A retro's closing summary: what it said, decided and measured, for whoever may open it.

The summary is the board as the viewer sees it (`snapshot.view`, the one place that hides
cards, authors and other retros' items), then folded into topics, counts and figures. Nothing
here decides visibility anew: a guest's summary is made from a guest's board, an anonymous
retro's from cards that carry no author.

Who may read it: everyone who may open the board (`check_participant`), once the retro is
closed; before that, its facilitators, as a preview.
"""

from collections import Counter
from dataclasses import dataclass

from twofold.domain.access import Participant
from twofold.domain.debt import DebtItem
from twofold.domain.entities import Column, Retro
from twofold.domain.equal_voice import EqualVoice, measure, voice_sides
from twofold.domain.errors import Conflict
from twofold.domain.events import ActionView
from twofold.domain.phases import Phase, cards_hidden
from twofold.domain.summary import (
    FrictionCount,
    Topic,
    friction_by_column,
    friction_by_role,
    summary_ready,
    topics_in_vote_order,
)
from twofold.domain.vocab import TextLanguage
from twofold.insights.situations import PerceptionGap
from twofold.services import signals
from twofold.services.access import Actor, check_participant
from twofold.services.board.snapshot import read_state, view
from twofold.services.context import Ctx
from twofold.services.side_grouping import grouping_of_team
from twofold.services.signals import SignalsPage
from twofold.services.situations import summary_gaps
from twofold.store.database import Tx
from twofold.store.queries import debt as debt_q
from twofold.store.queries import summary as summary_q


@dataclass(frozen=True)
class ClosingSummary:
    retro: Retro
    team_name: str
    team_language: TextLanguage
    """What the team's exports, pages and posts are written in."""
    preview: bool
    """True while the retro is still open (a facilitator looking ahead)."""
    anonymous: bool
    people_by_role: dict[str, int]
    names: list[str] | None
    """Who took part, by name; None in an anonymous retro."""
    columns: list[Column]
    signals: SignalsPage
    topics: list[Topic]
    hidden_cards: int
    """Cards not yet revealed (only in a preview before the reveal): counted, never listed."""
    actions: list[ActionView]
    debt: list[DebtItem]
    """Empty for guests: the backlog is the team's."""
    friction_by_column: dict[str, list[FrictionCount]]
    friction_by_role: dict[str, list[FrictionCount]]
    equal_voice: EqualVoice | None
    """None while cards are hidden: counting them by role would say whose they are."""
    perception_gaps: list[PerceptionGap]
    """Where product and engineering saw one situation differently, by side only."""


def check_summary_ready(retro: Retro, me: Participant) -> None:
    if not summary_ready(retro.phase, facilitator=me.is_facilitator):
        raise Conflict(
            "The summary is ready once the retro is closed; a facilitator can preview it sooner.",
            code="wrong_phase",
            params={"phase": retro.phase.value},
        )


# The key of nobody in particular: the summary shows each card as the room sees it, the
# reader's own included, so a summary pasted elsewhere never names the author of an anonymous
# card, not even to say it was the person who pasted it.
ROOM = ""


def summary_in(tx: Tx, retro: Retro, me: Participant) -> ClosingSummary:
    """The summary of `retro` as `me` may see it, inside the caller's transaction."""
    state = read_state(tx, retro)
    board = view(state, me, ROOM)
    anonymous = retro.settings.anonymous
    counts = summary_q.role_counts(tx, retro.id)
    voice = None
    if not cards_hidden(retro.phase):
        voice = measure(
            people=Counter(role for role, _ in counts.people),
            cards=counts.cards,
            votes=counts.votes,
            notes=counts.notes,
            actions=counts.actions,
            anonymous=anonymous,
            sides=voice_sides(grouping_of_team(tx, retro.team_id)),
        )
    member = me.kind == "member"
    return ClosingSummary(
        retro=retro,
        team_name=board.team.name,
        team_language=board.team.language,
        preview=retro.phase != Phase.CLOSED,
        anonymous=anonymous,
        people_by_role=dict(Counter(role for role, _ in counts.people)),
        names=None if anonymous else [name for _, name in counts.people],
        columns=board.columns,
        signals=signals.page_in(tx, retro.team_id, retro.id, me),
        topics=topics_in_vote_order(
            board.cards, board.groups, board.votes, board.notes, board.columns
        ),
        hidden_cards=sum(1 for c in board.cards if c.hidden),
        actions=board.actions,
        debt=[r.item for r in debt_q.items_raised_in(tx, retro.id)] if member else [],
        friction_by_column=friction_by_column(board.cards),
        friction_by_role=friction_by_role(board.cards),
        equal_voice=voice,
        perception_gaps=summary_gaps(tx, retro, ROOM),
    )


def closing_summary(ctx: Ctx, actor: Actor, retro_id: str) -> ClosingSummary:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        check_summary_ready(retro, me)
        return summary_in(tx, retro, me)
