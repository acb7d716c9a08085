"""Board commands applied in batches: one transaction for many commands, yet each command is
applied or refused on its own, in order, exactly once."""

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from twofold.domain.commands import CommandEnvelope
from twofold.domain.errors import Conflict, Invalid, NotFound
from twofold.domain.events import RecordedEvent
from twofold.domain.vocab import Role, TemplateKey
from twofold.services import accounts, retros, teams
from twofold.services.board.batch import CommandQueue
from twofold.services.board.execute import Ack, Job
from twofold.services.board.snapshot import build
from twofold.services.context import Ctx
from twofold.services.participants import check_participant
from twofold.store.queries import board as board_q


def _job(user: Any, retro_id: str, command: dict[str, Any], command_id: str | None = None) -> Job:
    envelope = CommandEnvelope.model_validate(
        {"command_id": command_id or uuid.uuid4().hex, "command": command}
    )
    return Job(user, retro_id, envelope.command, envelope.command_id)


@pytest.fixture
def board(ctx: Ctx) -> tuple[Any, str, str, list[RecordedEvent]]:
    user = accounts.create_user(ctx, "batch@example.com", "correct horse battery", "Bea")
    team = teams.do_create_team(ctx, user, "Batch", Role.PM)
    snap = retros.do_create_retro(
        ctx,
        user,
        team.team.id,
        title="Batch retro",
        sprint_name=None,
        sprint_start=None,
        sprint_end=None,
        template=TemplateKey.PM_ENGINEERING,
    )
    published: list[RecordedEvent] = []
    ctx.bus.subscribe_all(published.extend)
    queue = CommandQueue(ctx)
    [ack] = queue.apply_batch(
        [_job(user, snap.retro.id, {"name": "set_phase", "phase": "reflect"})]
    )
    assert isinstance(ack, Ack)
    return user, snap.retro.id, snap.columns[0].id, published


def _cards(ctx: Ctx, user: Any, retro_id: str) -> list[str]:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, user, retro_id)
        return [c.text or "" for c in build(tx, retro, me).cards]


def test_refused_commands_leave_no_trace_and_do_not_sink_their_neighbours(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    user, retro_id, column, published = board
    published.clear()
    add = {"name": "add_card", "column_id": column, "polarity": "went_well"}
    outcomes = CommandQueue(ctx).apply_batch(
        [
            _job(user, retro_id, {**add, "text": "first"}),
            _job(user, retro_id, {**add, "column_id": "no-such-column", "text": "lost"}),
            _job(user, retro_id, {"name": "vote", "topic_id": "nothing"}),
            _job(user, retro_id, {**add, "text": "second"}),
        ]
    )
    first, unknown_column, wrong_phase, second = outcomes
    assert isinstance(first, Ack)
    assert isinstance(second, Ack)
    assert isinstance(unknown_column, Invalid)
    assert isinstance(wrong_phase, Conflict | NotFound)
    assert second.seq == first.seq + 1, "a refused command must not use up a seq"
    assert sorted(_cards(ctx, user, retro_id)) == ["first", "second"]
    assert [e.seq for e in published] == [first.seq, second.seq]


def test_a_command_sent_twice_in_one_batch_is_applied_once(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    user, retro_id, column, _ = board
    add = {"name": "add_card", "column_id": column, "polarity": "went_well", "text": "once"}
    a, b = CommandQueue(ctx).apply_batch(
        [_job(user, retro_id, add, "same-command-id"), _job(user, retro_id, add, "same-command-id")]
    )
    assert isinstance(a, Ack)
    assert isinstance(b, Ack)
    assert (b.duplicate, b.seq, b.result) == (True, a.seq, a.result)
    assert _cards(ctx, user, retro_id) == ["once"]


def test_commands_submitted_together_keep_their_order(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    user, retro_id, column, published = board
    published.clear()
    queue = CommandQueue(ctx)
    texts = [f"card {i}" for i in range(40)]

    async def send_all() -> list[Ack]:
        return await asyncio.gather(
            *(
                queue.submit(
                    _job(
                        user,
                        retro_id,
                        {
                            "name": "add_card",
                            "column_id": column,
                            "polarity": "went_well",
                            "text": t,
                        },
                    )
                )
                for t in texts
            )
        )

    # A loop of its own, in a thread of its own, whatever else this test process runs.
    with ThreadPoolExecutor(1) as pool:
        acks = pool.submit(lambda: asyncio.run(send_all())).result()
    seqs = [a.seq for a in acks]
    assert seqs == sorted(seqs)
    assert len(set(seqs)) == len(texts)
    assert [e.seq for e in published] == seqs
    by_seq = {e.seq: e.event for e in published}
    assert [by_seq[s].card.text for s in seqs] == texts


def test_a_clash_in_plain_sql_is_a_conflict_like_any_other(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    _, retro_id, _, _ = board

    def twice() -> None:
        with ctx.db.write() as tx:
            board_q.record_command(tx, retro_id, "m:someone", "command-0001", 1, {})
            board_q.record_command(tx, retro_id, "m:someone", "command-0001", 2, {})

    with pytest.raises(Conflict):
        twice()
