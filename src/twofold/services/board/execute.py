"""Applying a command: lock the board, check who is asking, apply once, record the events."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twofold.domain import commands as c
from twofold.domain.errors import NotFound
from twofold.services.board import cards, discuss, flow, groups, votes
from twofold.services.board.context import BoardTx, key_of
from twofold.services.context import Ctx
from twofold.services.participants import Actor, check_participant
from twofold.store.queries import board as board_q
from twofold.store.queries import retros as retro_q

Handler = Callable[[BoardTx, Any], None]

HANDLERS: dict[type[Any], Handler] = {
    c.AddCard: cards.add_card,
    c.EditCard: cards.edit_card,
    c.DeleteCard: cards.delete_card,
    c.GroupCards: groups.group_cards,
    c.UngroupCard: groups.ungroup_card,
    c.RenameGroup: groups.rename_group,
    c.MergeGroups: groups.merge_groups,
    c.Vote: votes.vote,
    c.Unvote: votes.unvote,
    c.SetPhase: flow.set_phase,
    c.SetReady: flow.set_ready,
    c.CheckIn: flow.check_in,
    c.SetTimer: flow.set_timer,
    c.UpdateSettings: flow.update_settings,
    c.React: discuss.react,
    c.SetTopic: discuss.set_topic,
    c.SaveNotes: discuss.save_notes,
    c.CreateAction: discuss.create_action,
}


@dataclass(frozen=True)
class Ack:
    seq: int
    duplicate: bool = False
    result: dict[str, Any] = field(default_factory=dict)


def execute(
    ctx: Ctx, actor: Actor, retro_id: str, command: c.BoardCommand, command_id: str | None = None
) -> Ack:
    """Apply one command in one transaction; events go out after commit.

    With a `command_id`, a command already applied for this participant is not applied again:
    the answer is the original's (result included), marked as a duplicate.
    """
    with ctx.board_write() as (tx, events):
        retro = retro_q.lock_retro(tx, retro_id)
        if retro is None:
            raise NotFound("Retro not found.")
        retro, me = check_participant(tx, actor, retro_id, retro)
        key = key_of(me)
        if command_id is not None:
            applied = board_q.applied_command(tx, retro_id, key, command_id)
            if applied is not None:
                return Ack(applied[0], duplicate=True, result=applied[1])
        b = BoardTx(tx, retro, me, events)
        HANDLERS[type(command)](b, command)
        seq = events[-1].seq if events else retro.last_seq
        if command_id is not None:
            board_q.record_command(tx, retro_id, key, command_id, seq, b.result)
        return Ack(seq, result=b.result)
