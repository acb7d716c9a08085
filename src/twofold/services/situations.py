"""Same-situation group suggestions and perception gaps on one retro's board.

Both read the board as the asker sees it: a card still hidden from them (before the reveal,
someone else's) takes no part, so a suggestion or a gap never shows text its author has not
shared. Suggestions are for facilitators, who alone may regroup the board, and only propose:
a group exists once a person accepts it through the ordinary `group_cards` command. Gaps name
sides, never people; in an anonymous retro that hides roles they wait until each side has
enough authors that a side names nobody.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace

from twofold.domain.access import check_facilitator
from twofold.domain.entities import Card, Retro
from twofold.domain.equal_voice import ANONYMOUS_SIDE_MIN
from twofold.domain.errors import Conflict
from twofold.domain.sides import Grouping, Side
from twofold.domain.visibility import author_key, roles_shown, view_for
from twofold.insights.situations import (
    GapCard,
    PerceptionGap,
    SuggestedGroup,
    perception_gaps,
    suggest_groups,
)
from twofold.services.access import Actor, check_participant, key_of
from twofold.services.board.groups import GROUPING
from twofold.services.context import Ctx
from twofold.services.side_grouping import grouping_of_team
from twofold.store.database import Tx
from twofold.store.queries import cards as card_q
from twofold.store.queries import retros as retro_q

CARDS_MAX = 300
"""Cards considered at most, oldest first: a board bigger than this is grouped by hand."""
SUGGESTIONS_MAX = 30
GROUP_CARDS_MAX = 100
"""The most cards one `group_cards` command takes; a bigger proposal is cut to its first."""
GAPS_MAX = 20


@dataclass(frozen=True)
class GroupSuggestions:
    enabled: bool
    groups: list[SuggestedGroup]


@dataclass(frozen=True)
class Gaps:
    enabled: bool
    gaps: list[PerceptionGap]
    too_few_to_show: bool = False


def _sides_may_show(cards: Sequence[Card], retro: Retro, grouping: Grouping) -> bool:
    """Whether a card's side may be shown. In an anonymous retro that hides roles, a side with
    one or two authors names them ("the only PM thinks ..."), so, as for equal voice, each
    side needs `ANONYMOUS_SIDE_MIN` authors first."""
    if roles_shown(retro):
        return True
    authors: dict[Side, set[str]] = {side: set() for side in Side}
    for card in cards:
        side = grouping.get(card.author_role)
        if side is not None:
            authors[side].add(author_key(card))
    return all(len(keys) >= ANONYMOUS_SIDE_MIN for keys in authors.values())


def _visible(cards: Sequence[Card], retro: Retro, key: str) -> list[Card]:
    """The cards whose text the reader of `key` may read now, oldest first, at most
    `CARDS_MAX`."""
    seen = [c for c in cards if not view_for(c, retro, key).hidden]
    seen.sort(key=lambda c: (c.created_at, c.id))
    return seen[:CARDS_MAX]


def group_suggestions(ctx: Ctx, actor: Actor, retro_id: str) -> GroupSuggestions:
    """Groups a facilitator might make of the cards not yet in a group."""
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        check_facilitator(me, "ask for suggested groups")
        if retro.phase not in GROUPING:
            raise Conflict(
                "Groups can be suggested only while cards are being grouped.",
                code="wrong_phase",
                params={
                    "allowed": ",".join(sorted(p.value for p in GROUPING)),
                    "phase": retro.phase.value,
                },
            )
        if not retro.settings.situation_hints:
            return GroupSuggestions(enabled=False, groups=[])
        grouping = grouping_of_team(tx, retro.team_id)
        cards = _visible(card_q.cards_of(tx, retro.id), retro, key_of(me))
    # Who wrote a card must not shape what a facilitator is shown when roles are hidden.
    sides = grouping if roles_shown(retro) else {}
    loose = [c for c in _gap_cards(cards, sides) if c.topic_id == c.card_id]
    groups = [
        replace(g, card_ids=g.card_ids[:GROUP_CARDS_MAX])
        for g in suggest_groups(loose)[:SUGGESTIONS_MAX]
    ]
    return GroupSuggestions(enabled=True, groups=groups)


def retro_gaps(ctx: Ctx, actor: Actor, retro_id: str) -> Gaps:
    """Where product and engineering see one situation of this retro differently, among the
    cards the asker may read."""
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        if not retro.settings.situation_hints:
            return Gaps(enabled=False, gaps=[])
        grouping = grouping_of_team(tx, retro.team_id)
        every = card_q.cards_of(tx, retro.id)
    found = _gaps_shown(retro, grouping, every, _visible(every, retro, key_of(me)))
    if found is None:
        return Gaps(enabled=True, gaps=[], too_few_to_show=True)
    return Gaps(enabled=True, gaps=found[:GAPS_MAX])


def _gaps_shown(
    retro: Retro, grouping: Grouping, every: Sequence[Card], readable: Sequence[Card]
) -> list[PerceptionGap] | None:
    """The gaps between the `readable` of the retro's cards (`every`); None where the retro
    shows none: hints turned off, or too few authors on a side of an anonymous retro."""
    if not retro.settings.situation_hints or not _sides_may_show(every, retro, grouping):
        return None
    return perception_gaps(_gap_cards(readable, grouping))


def _gap_cards(cards: Sequence[Card], grouping: Grouping) -> list[GapCard]:
    return [
        GapCard(
            card_id=c.id,
            text=c.text,
            side=grouping.get(c.author_role),
            polarity=c.polarity,
            friction=c.friction,
            topic_id=c.group_id or c.id,
        )
        for c in cards
    ]


def summary_gaps(tx: Tx, retro: Retro, key: str) -> list[PerceptionGap]:
    """The gaps a retro's summary lists: between the cards the reader of `key` may read (none
    while they are hidden), none where the retro shows none."""
    every = card_q.cards_of(tx, retro.id)
    grouping = grouping_of_team(tx, retro.team_id)
    found = _gaps_shown(retro, grouping, every, _visible(every, retro, key))
    return (found or [])[:GAPS_MAX]


def gaps_of_retros(
    tx: Tx, team_id: str, retro_ids: Sequence[str]
) -> dict[str, list[PerceptionGap] | None]:
    """The perception gaps of each of the team's closed retros, for its trends; None where the
    retro shows none (hints turned off, or too few authors on a side of an anonymous retro).
    Closed retros hide no card from a member, so every card counts."""
    grouping = grouping_of_team(tx, team_id)
    found: dict[str, list[PerceptionGap] | None] = {}
    for retro_id in retro_ids:
        retro = retro_q.retro_by_id(tx, retro_id)
        cards = card_q.cards_of(tx, retro_id)
        found[retro_id] = None if retro is None else _gaps_shown(retro, grouping, cards, cards)
    return found
