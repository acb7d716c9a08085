"""Applying a command: lock the board, check who is asking, apply once, record the events."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twofold.domain import commands as c
from twofold.domain.access import Participant
from twofold.domain.errors import NotFound
from twofold.services.access import Actor, check_participant, key_of
from twofold.services.board import card_commands, discuss, flow, groups, review, votes
from twofold.services.board.board_tx import BoardTx
from twofold.services.board.writes import BoardWrites, CommandKey
from twofold.services.context import Ctx
from twofold.store.rawsql import raw_only

Handler = Callable[[BoardTx, Any], None]

PLAIN = (c.AddCard, c.EditCard, c.SetReady)
"""Commands whose handlers use only plain SQL (`store/rawsql.py`), never the ORM: a run of them
is sent in PostgreSQL's pipeline mode, so their writes travel with the next read instead of
waiting for an answer each. The ORM cannot read in pipeline mode (its results come back
empty), so `apply` runs these handlers under `raw_only`: a handler that reaches for the ORM
raises at once, wherever it runs, instead of making every batch fail and be applied again one
command at a time."""

HANDLERS: dict[type[Any], Handler] = {
    c.AddCard: card_commands.add_card,
    c.EditCard: card_commands.edit_card,
    c.DeleteCard: card_commands.delete_card,
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
    c.ReviewAction: review.review_action,
}


@dataclass(frozen=True)
class Ack:
    seq: int
    duplicate: bool = False
    result: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """One command waiting to be applied, with who sent it."""

    actor: Actor
    retro_id: str
    command: c.BoardCommand
    command_id: str | None = None
    checked: Participant | None = None


def execute(
    ctx: Ctx,
    actor: Actor,
    retro_id: str,
    command: c.BoardCommand,
    command_id: str | None = None,
    *,
    checked: Participant | None = None,
) -> Ack:
    """Apply one command in one transaction; events go out after commit.

    With a `command_id`, a command already applied for this participant is not applied again:
    the answer is the original's (result included), marked as a duplicate. `checked` is who the
    actor is in this retro when the caller has just verified it (the board socket does, at
    connect and then periodically), which saves a membership query per command.
    """
    with ctx.recording(BoardWrites) as writes:
        return apply(writes, Job(actor, retro_id, command, command_id, checked))


def command_key(job: Job, me: Participant) -> CommandKey | None:
    return (job.retro_id, key_of(me), job.command_id) if job.command_id is not None else None


def apply(writes: BoardWrites, job: Job) -> Ack:
    """The body of a command, inside a write transaction the caller owns and finishes."""
    retro = writes.retro(job.retro_id)
    if retro is None:
        raise NotFound("Retro not found.")
    if job.checked is not None:
        me = job.checked
    else:
        retro, me = check_participant(writes.tx, job.actor, job.retro_id, retro)
    key = command_key(job, me)
    if key is not None:
        applied = writes.applied(key)
        if applied is not None:
            return Ack(applied[0], duplicate=True, result=applied[1])
    board = BoardTx(writes, retro, me)
    handler = HANDLERS[type(job.command)]
    if isinstance(job.command, PLAIN):
        with raw_only(writes.tx, f"the {type(job.command).__name__} handler"):
            handler(board, job.command)
    else:
        handler(board, job.command)
    writes.keep(board.retro)
    seq = writes.seq(job.retro_id)
    if key is not None:
        writes.applied_now(key, seq, board.result)
    return Ack(seq, result=board.result)
