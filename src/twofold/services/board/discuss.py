"""Discussion: the topic on the table, its notes, reactions, and the action items it produces."""

from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.access import check_facilitator
from twofold.domain.errors import Invalid, NotFound
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import REACTIONS
from twofold.services.board.cards import card_in_board
from twofold.services.board.context import BoardTx
from twofold.services.board.votes import topic_ids
from twofold.store.queries import board as board_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q

TALKING = {Phase.DISCUSS, Phase.ACTIONS}


def _check_topic(b: BoardTx, topic_id: str) -> None:
    if topic_id not in topic_ids(b):
        raise NotFound("That topic is not on this board.")


def set_topic(b: BoardTx, cmd: c.SetTopic) -> None:
    check_facilitator(b.me, "choose the topic")
    b.require_phase({Phase.DISCUSS}, "choose the topic")
    if cmd.topic_id is not None:
        _check_topic(b, cmd.topic_id)
    retro_q.update_retro(b.tx, b.retro.id, {"topic_id": cmd.topic_id})
    b.emit(ev.TopicSet(topic_id=cmd.topic_id))


def save_notes(b: BoardTx, cmd: c.SaveNotes) -> None:
    b.require_phase(TALKING, "take notes")
    _check_topic(b, cmd.topic_id)
    board_q.save_note(b.tx, b.retro.id, cmd.topic_id, cmd.text)
    b.emit(ev.NotesSaved(topic_id=cmd.topic_id, text=cmd.text))


def react(b: BoardTx, cmd: c.React) -> None:
    b.require_phase({Phase.REVEAL, Phase.GROUP, Phase.VOTE} | TALKING, "react to cards")
    if cmd.emoji not in REACTIONS:
        raise Invalid(f"Reactions are: {' '.join(REACTIONS)}", code="validation_error")
    card = card_in_board(b, cmd.card_id)
    on = board_q.toggle_reaction(b.tx, b.retro.id, card.id, b.key, cmd.emoji)
    b.emit(ev.ReactionToggled(card_id=card.id, emoji=cmd.emoji, participant=b.key, on=on))


def create_action(b: BoardTx, cmd: c.CreateAction) -> None:
    b.require_phase(TALKING, "create action items")
    if cmd.topic_id is not None:
        _check_topic(b, cmd.topic_id)
    owner_name = cmd.owner_name or None
    if cmd.owner_user_id is not None:
        owners = {m.membership.user_id: m for m in team_q.members_of(b.tx, b.retro.team_id)}
        owner = owners.get(cmd.owner_user_id)
        if owner is None:
            raise Invalid(
                "The owner must be a member of this team.",
                code="validation_error",
                details=[{"field": "owner_user_id", "message": "Not a member of this team."}],
            )
        owner_name = owner_name or owner.display_name
    action = board_q.insert_action(
        b.tx,
        team_id=b.retro.team_id,
        retro_id=b.retro.id,
        topic_id=cmd.topic_id,
        title=cmd.title,
        owner_user_id=cmd.owner_user_id,
        owner_name=owner_name,
        due=cmd.due,
        created_by=b.key,
    )
    b.result["action_id"] = action.id
    b.emit(ev.ActionCreated(action=action))
