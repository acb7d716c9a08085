"""Dot voting on topics (groups, and cards in no group), with per-person and per-topic limits."""

from collections import Counter
from collections.abc import Iterable

from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.phases import Phase
from twofold.services.board.board_tx import BoardTx
from twofold.store.queries import board as board_q
from twofold.store.queries import cards as card_q


def topic_ids(board: BoardTx) -> set[str]:
    cards = card_q.cards_of(board.tx, board.retro.id)
    return {card.group_id or card.id for card in cards}


def _check_topic(board: BoardTx, topic_id: str) -> None:
    if topic_id not in topic_ids(board):
        raise NotFound("That topic is not on this board.")


def _emit(board: BoardTx, topic_id: str) -> None:
    votes = board_q.votes_of(board.tx, board.retro.id)
    mine = [t for t, voter in votes if voter == board.key]
    on_topic = sum(1 for t, _ in votes if t == topic_id)
    s = board.retro.settings
    voter = None if s.anonymous else board.key
    full = ev.VoteChanged(
        voter=board.key,
        votes_used=len(mine),
        topic_id=topic_id,
        # With hidden tallies the voter, too, sees only their own votes until the vote is over.
        topic_votes=mine.count(topic_id) if s.hide_tallies else on_topic,
        my_topic_votes=mine.count(topic_id),
    )
    if s.hide_tallies:
        public = ev.VoteChanged(voter=voter, votes_used=len(mine))
    else:
        public = ev.VoteChanged(
            voter=voter, votes_used=len(mine), topic_id=topic_id, topic_votes=on_topic
        )
    board.emit(full, audience=board.key, public=public)


def vote(board: BoardTx, cmd: c.Vote) -> None:
    board.require_phase({Phase.VOTE}, "vote")
    _check_topic(board, cmd.topic_id)
    mine = Counter(
        t for t, voter in board_q.votes_of(board.tx, board.retro.id) if voter == board.key
    )
    s = board.retro.settings
    if sum(mine.values()) >= s.votes_per_person:
        raise Conflict(
            f"You have used all {s.votes_per_person} of your votes; take one back to move it.",
            code="no_votes_left",
            params={"votes": s.votes_per_person},
        )
    if mine[cmd.topic_id] >= s.max_votes_per_card:
        raise Conflict(
            f"At most {s.max_votes_per_card} of your votes can go to one topic.",
            code="topic_vote_limit",
            params={"votes": s.max_votes_per_card},
        )
    board_q.add_vote(board.tx, board.retro.id, cmd.topic_id, board.key)
    _emit(board, cmd.topic_id)


def unvote(board: BoardTx, cmd: c.Unvote) -> None:
    board.require_phase({Phase.VOTE}, "take back votes")
    if not board_q.remove_vote(board.tx, board.retro.id, cmd.topic_id, board.key):
        raise Conflict("You have no vote on that topic.", code="no_vote")
    _emit(board, cmd.topic_id)


def tallies(board: BoardTx) -> dict[str, int]:
    return dict(Counter(t for t, _ in board_q.votes_of(board.tx, board.retro.id)))


def drop_votes(board: BoardTx, topic_ids: Iterable[str]) -> set[str]:
    """Delete every vote on these topics (they are gone from the board); who lost some."""
    gone = set(topic_ids)
    if not gone:
        return set()
    losers = {voter for t, voter in board_q.votes_of(board.tx, board.retro.id) if t in gone}
    for topic_id in sorted(gone):
        board_q.delete_votes_for(board.tx, board.retro.id, topic_id)
    return losers


def emit_votes_used(board: BoardTx, voters: Iterable[str]) -> None:
    """Tell everyone how many votes each of these voters has used now, after votes went with a
    topic that left the board: a client cannot work that out for others, since it may not know
    who voted for what. In an anonymous retro nobody sees anyone's count but their own, which a
    client works out from its own votes; nothing is sent, so not even how many people had voted
    for the topic shows."""
    wanted = sorted(set(voters))
    if not wanted or board.retro.settings.anonymous:
        return
    used = Counter(voter for _, voter in board_q.votes_of(board.tx, board.retro.id))
    for voter in wanted:
        board.emit(ev.VoteChanged(voter=voter, votes_used=used[voter]))
