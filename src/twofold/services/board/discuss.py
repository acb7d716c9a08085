"""Discussion: the topic on the table, its notes, reactions, and the action items it produces."""

from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.access import check_facilitator
from twofold.domain.actions import PersonOwner
from twofold.domain.errors import Invalid, NotFound
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import REACTIONS
from twofold.domain.team_events import ActionCreated
from twofold.domain.visibility import reactor_for
from twofold.services.access import check_action_owner
from twofold.services.actions import check_due_on_creation
from twofold.services.board.board_tx import BoardTx
from twofold.services.board.card_commands import card_in_board
from twofold.services.board.votes import topic_ids
from twofold.store.queries import actions as action_q
from twofold.store.queries import board as board_q

TALKING = {Phase.DISCUSS, Phase.ACTIONS}


def _check_topic(board: BoardTx, topic_id: str) -> None:
    if topic_id not in topic_ids(board):
        raise NotFound("That topic is not on this board.")


def set_topic(board: BoardTx, cmd: c.SetTopic) -> None:
    check_facilitator(board.me, "choose the topic")
    board.require_phase({Phase.DISCUSS}, "choose the topic")
    if cmd.topic_id is not None:
        _check_topic(board, cmd.topic_id)
    board.change_retro({"topic_id": cmd.topic_id}, topic_id=cmd.topic_id)
    board.emit(ev.TopicSet(topic_id=cmd.topic_id))


def save_notes(board: BoardTx, cmd: c.SaveNotes) -> None:
    board.require_phase(TALKING, "take notes")
    _check_topic(board, cmd.topic_id)
    board_q.save_note(board.tx, board.retro.id, cmd.topic_id, cmd.text)
    board.emit(ev.NotesSaved(topic_id=cmd.topic_id, text=cmd.text))


def react(board: BoardTx, cmd: c.React) -> None:
    board.require_phase({Phase.REVEAL, Phase.GROUP, Phase.VOTE} | TALKING, "react to cards")
    if cmd.emoji not in REACTIONS:
        raise Invalid(f"Reactions are: {' '.join(REACTIONS)}", code="validation_error")
    card = card_in_board(board, cmd.card_id)
    on = board_q.toggle_reaction(board.tx, board.retro.id, card.id, board.key, cmd.emoji)
    full = ev.ReactionToggled(card_id=card.id, emoji=cmd.emoji, participant=board.key, on=on)
    # In an anonymous retro, who reacted to a card would say whose side they are on; only the
    # reactor is told it was them.
    shown = reactor_for(board.retro, board.key, "")
    board.emit(full, audience=board.key, public=full.model_copy(update={"participant": shown}))


def create_action(board: BoardTx, cmd: c.CreateAction) -> None:
    board.require_phase(TALKING, "create action items")
    if cmd.topic_id is not None:
        _check_topic(board, cmd.topic_id)
    if cmd.source_card_id is not None:
        card_in_board(board, cmd.source_card_id)
    owner = cmd.owner
    if owner is None and cmd.owner_user_id is not None:
        owner = PersonOwner(user_id=cmd.owner_user_id)
    check_action_owner(
        board.tx, board.retro.team_id, owner, "owner" if cmd.owner else "owner_user_id"
    )
    check_due_on_creation(cmd.due)
    record = action_q.insert_action(
        board.tx,
        team_id=board.retro.team_id,
        retro_id=board.retro.id,
        topic_id=cmd.topic_id,
        title=cmd.title,
        category=cmd.category,
        owner=owner,
        owner_name=cmd.owner_name or None,
        due=cmd.due,
        source_card_id=cmd.source_card_id,
        created_by=board.key,
    )
    board.result["action_id"] = record.item.id
    board.team(ActionCreated(board.retro.team_id, record.item.id, board.retro.id))
    board.emit(ev.ActionCreated(action=record.view))
