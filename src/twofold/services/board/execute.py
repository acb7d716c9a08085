"""Applying a command: lock the board, check who is asking, apply once, record the events."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from twofold.domain import commands as c
from twofold.domain.access import Participant
from twofold.domain.errors import NotFound
from twofold.domain.events import RecordedEvent
from twofold.services.board import cards, discuss, flow, groups, review, votes
from twofold.services.board.context import BoardTx, key_of
from twofold.services.context import Ctx
from twofold.services.participants import Actor, check_participant
from twofold.store.database import Tx
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
    with ctx.board_write() as (tx, events):
        return apply(tx, events, Job(actor, retro_id, command, command_id, checked))


def apply(tx: Tx, events: list[RecordedEvent], job: Job) -> Ack:
    """The body of a command, inside a write transaction the caller owns."""
    retro = retro_q.lock_retro(tx, job.retro_id)
    if retro is None:
        raise NotFound("Retro not found.")
    if job.checked is not None:
        me = job.checked
    else:
        retro, me = check_participant(tx, job.actor, job.retro_id, retro)
    key = key_of(me)
    if job.command_id is not None:
        applied = board_q.applied_command(tx, job.retro_id, key, job.command_id)
        if applied is not None:
            return Ack(applied[0], duplicate=True, result=applied[1])
    mark = len(events)  # in a batch, `events` already holds earlier commands' events
    b = BoardTx(tx, retro, me, events)
    HANDLERS[type(job.command)](b, job.command)
    seq = events[-1].seq if len(events) > mark else retro.last_seq
    if job.command_id is not None:
        board_q.record_command(tx, job.retro_id, key, job.command_id, seq, b.result)
    return Ack(seq, result=b.result)
