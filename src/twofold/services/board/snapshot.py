"""The whole board as one participant may see it, consistent with one point in the event log."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from twofold.domain.access import Participant
from twofold.domain.entities import Column, Retro, Team
from twofold.domain.events import (
    ActionView,
    CardView,
    GroupView,
    ParticipantJoined,
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
from twofold.store.queries import events as event_q
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


def build(tx: Tx, retro: Retro, me: Participant) -> Snapshot:
    key = key_of(me)
    team = team_q.team_by_id(tx, retro.team_id)
    assert team is not None
    all_votes = board_q.votes_of(tx, retro.id)
    hidden = retro.settings.hide_tallies and tallies_hidden(retro.phase)
    mine = Counter(t for t, voter in all_votes if voter == key)
    visible = mine if hidden else Counter(t for t, _ in all_votes)
    used = Counter(voter for _, voter in all_votes)
    if retro.settings.anonymous:
        used = Counter({key: used[key]}) if used[key] else Counter()
    reactions: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for card_id, emoji, who in board_q.reactions_of(tx, retro.id):
        reactions[card_id][emoji].append(reactor_for(retro, who, key))
    cards = card_q.cards_of(tx, retro.id)
    member = me.kind == "member"
    return Snapshot(
        seq=retro.last_seq,
        retro=retro,
        team=team,
        me=me,
        key=key,
        columns=retro_q.columns_of(tx, retro.id),
        groups=board_q.groups_of(tx, retro.id),
        cards=[view_for(card, retro, key) for card in cards],
        mine=frozenset(card.id for card in cards if author_key(card) == key),
        votes=dict(visible),
        my_votes=dict(mine),
        votes_used=dict(used),
        reactions={c: dict(e) for c, e in reactions.items()},
        participants=board_q.participants_of(tx, retro.id),
        notes=board_q.notes_of(tx, retro.id),
        actions=action_q.actions_of_retro(tx, retro.id),
        earlier_actions=_earlier_actions(tx, retro, member),
        # The backlog is the team's: guests never see what is in it.
        backlog_cards=debt_q.backlog_cards_of_retro(tx, retro.id) if member else {},
    )


def _earlier_actions(tx: Tx, retro: Retro, member: bool) -> list[ActionView]:
    """The team's items this retro reviews: all of them for members; for guests only those
    this retro reviews (`guest_sees_action`), without what belongs to other retros."""
    found = action_q.actions_for_review(tx, retro.team_id, retro.id)
    if member:
        return found
    reviewed = review_q.reviewed_in_retro(tx, retro.id)
    return [
        guest_action_view(a, retro.id)
        for a in found
        if guest_sees_action(a, retro, reviewed_here=a.id in reviewed)
    ]


def snapshot(ctx: Ctx, actor: Actor, retro_id: str) -> Snapshot:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        return build(tx, retro, me)


def join(ctx: Ctx, actor: Actor, retro_id: str) -> Participant:
    """Record that someone took part, so their name and role appear in the readiness list;
    the first time, everyone is told."""
    with ctx.db.read() as tx:
        _, me = check_participant(tx, actor, retro_id)
        if board_q.has_participant(tx, retro_id, key_of(me)):
            return me
    with ctx.board_write() as (tx, events):
        retro = retro_q.lock_retro(tx, retro_id)
        _, me = check_participant(tx, actor, retro_id, retro)
        key = key_of(me)
        if not board_q.has_participant(tx, retro_id, key):
            view = board_q.upsert_participant(tx, retro_id, key, me.display_name, me.role)
            events.append(event_q.append(tx, retro_id, ParticipantJoined(participant=view)))
        return me
