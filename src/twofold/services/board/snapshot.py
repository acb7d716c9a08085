"""The whole board as one participant may see it, consistent with one point in the event log."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from twofold.domain.access import Participant
from twofold.domain.entities import Card, Column, Retro, Team
from twofold.domain.events import (
    ActionView,
    CardView,
    GroupView,
    ParticipantView,
)
from twofold.domain.phases import tallies_hidden
from twofold.domain.visibility import (
    author_key,
    guest_action_view,
    guest_sees_action,
    reactor_for,
    view_for,
)
from twofold.services.access import Actor, check_participant, key_of
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import actions as action_q
from twofold.store.queries import board as board_q
from twofold.store.queries import cards as card_q
from twofold.store.queries import debt as debt_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import reviews as review_q
from twofold.store.queries import teams as team_q


@dataclass(frozen=True)
class Snapshot:
    seq: int
    retro: Retro
    team: Team
    me: Participant
    key: str
    columns: list[Column]
    groups: list[GroupView]
    cards: list[CardView]
    mine: frozenset[str]
    votes: dict[str, int]
    my_votes: dict[str, int]
    votes_used: dict[str, int]
    reactions: dict[str, dict[str, list[str]]]
    participants: list[ParticipantView]
    notes: dict[str, str]
    actions: list[ActionView]
    earlier_actions: list[ActionView]
    backlog_cards: dict[str, str]


@dataclass(frozen=True)
class BoardState:
    """The board at one seq as it is for everyone, before anything is hidden from anyone. What
    one viewer may see is derived from it (`view`) without reading again, so that many people
    opening a board at once can share a single read."""

    seq: int
    retro: Retro
    team: Team
    columns: list[Column]
    groups: list[GroupView]
    cards: list[Card]
    votes: list[tuple[str, str]]
    """(topic, voter key), one per vote."""
    reactions: list[tuple[str, str, str]]
    """(card, emoji, reactor key)."""
    participants: list[ParticipantView]
    notes: dict[str, str]
    actions: list[ActionView]
    for_review: list[ActionView]
    """The team's items this retro reviews, as members see them."""
    reviewed: frozenset[str]
    """Of those, the ones this retro recorded a decision on."""
    backlog_cards: dict[str, str]


def read_state(tx: Tx, retro: Retro) -> BoardState:
    team = team_q.team_by_id(tx, retro.team_id)
    assert team is not None
    return BoardState(
        seq=retro.last_seq,
        retro=retro,
        team=team,
        columns=retro_q.columns_of(tx, retro.id),
        groups=board_q.groups_of(tx, retro.id),
        cards=card_q.cards_of(tx, retro.id),
        votes=board_q.votes_of(tx, retro.id),
        reactions=board_q.reactions_of(tx, retro.id),
        participants=board_q.participants_of(tx, retro.id),
        notes=board_q.notes_of(tx, retro.id),
        actions=action_q.actions_of_retro(tx, retro.id),
        for_review=action_q.actions_for_review(tx, retro.team_id, retro.id),
        reviewed=frozenset(review_q.reviewed_in_retro(tx, retro.id)),
        backlog_cards=debt_q.backlog_cards_of_retro(tx, retro.id),
    )


def view(state: BoardState, me: Participant, key: str | None = None) -> Snapshot:
    """The board as `me` may see it. `key` stands in for `me`'s participant key where the
    view is meant for nobody in particular (everything as a bystander sees it)."""
    key = key_of(me) if key is None else key
    retro = state.retro
    votes, my_votes, votes_used = votes_seen(state, key)
    member = me.kind == "member"
    return Snapshot(
        seq=state.seq,
        retro=retro,
        team=state.team,
        me=me,
        key=key,
        columns=state.columns,
        groups=state.groups,
        cards=[view_for(card, retro, key) for card in state.cards],
        mine=frozenset(card.id for card in state.cards if author_key(card) == key),
        votes=votes,
        my_votes=my_votes,
        votes_used=votes_used,
        reactions=reactions_seen(state, key),
        participants=state.participants,
        notes=state.notes,
        actions=state.actions,
        earlier_actions=earlier_actions(state, member),
        # The backlog is the team's: guests never see what is in it.
        backlog_cards=state.backlog_cards if member else {},
    )


def build(tx: Tx, retro: Retro, me: Participant) -> Snapshot:
    return view(read_state(tx, retro), me)


def votes_seen(
    state: BoardState, key: str
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """The tallies by topic, the viewer's own votes by topic, and the votes used by voter, as
    the viewer `key` may see them: while tallies are hidden only their own, and in an anonymous
    retro only their own count of votes used."""
    retro = state.retro
    hidden = retro.settings.hide_tallies and tallies_hidden(retro.phase)
    mine = Counter(t for t, voter in state.votes if voter == key)
    visible = mine if hidden else Counter(t for t, _ in state.votes)
    used = Counter(voter for _, voter in state.votes)
    if retro.settings.anonymous:
        used = Counter({key: used[key]}) if used[key] else Counter()
    return dict(visible), dict(mine), dict(used)


def reactions_seen(state: BoardState, key: str) -> dict[str, dict[str, list[str]]]:
    """By card and emoji, who reacted, as the viewer `key` may see it (`reactor_for`)."""
    reactions: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for card_id, emoji, who in state.reactions:
        reactions[card_id][emoji].append(reactor_for(state.retro, who, key))
    return {c: dict(e) for c, e in reactions.items()}


def earlier_actions(state: BoardState, member: bool) -> list[ActionView]:
    """The team's items this retro reviews: all of them for members; for guests only those
    this retro reviews (`guest_sees_action`), without what belongs to other retros."""
    if member:
        return state.for_review
    return [
        guest_action_view(a, state.retro.id)
        for a in state.for_review
        if guest_sees_action(a, state.retro, reviewed_here=a.id in state.reviewed)
    ]


def snapshot(ctx: Ctx, actor: Actor, retro_id: str) -> Snapshot:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        return build(tx, retro, me)
