"""Board commands applied in batches: one transaction for many commands, yet each command is
applied or refused on its own, in order, exactly once."""

import asyncio
import logging
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from twofold.domain.access import Participant
from twofold.domain.commands import CommandEnvelope
from twofold.domain.errors import Conflict, Invalid, NotFound
from twofold.domain.events import CardAdded, RecordedEvent
from twofold.domain.vocab import Role, TemplateKey
from twofold.live.bus import LiveEvent
from twofold.services import accounts, retros, teams
from twofold.services.access import check_participant
from twofold.services.board import batch
from twofold.services.board.batch import CommandQueue
from twofold.services.board.execute import Ack, Job
from twofold.services.board.snapshot import build
from twofold.services.context import Ctx
from twofold.store.queries import board as board_q
from twofold.store.queries import events as event_q
from twofold.store.queries import retros as retro_q
from twofold.store.rawsql import Raw


def _job(
    user: Any,
    retro_id: str,
    command: dict[str, Any],
    command_id: str | None = None,
    checked: Participant | None = None,
) -> Job:
    envelope = CommandEnvelope.model_validate(
        {"command_id": command_id or uuid.uuid4().hex, "command": command}
    )
    return Job(user, retro_id, envelope.command, envelope.command_id, checked)


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

    def record(events: Sequence[LiveEvent]) -> None:
        """The bus in this process hands on the events as recorded."""
        for event in events:
            assert isinstance(event, RecordedEvent)
            published.append(event)

    ctx.bus.subscribe_all(record)
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
    added = [by_seq[s] for s in seqs]
    assert [e.card.text for e in added if isinstance(e, CardAdded)] == texts


def test_a_command_sent_as_the_writer_ends_for_want_of_work_is_still_applied(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer thread ends after a quiet spell and the next command starts another; a
    command that arrives just as it ends must be taken by one of them, never left queued."""
    user, retro_id, column, _ = board
    monkeypatch.setattr(batch, "IDLE_SECONDS", 0.002)
    queue = CommandQueue(ctx)
    add = {"name": "add_card", "column_id": column, "polarity": "went_well"}

    async def send_spaced() -> list[Ack]:
        acks = []
        for i in range(60):
            # Around the idle time, so some land while the writer is letting go.
            await asyncio.sleep(0.0015 + (i % 5) * 0.0003)
            job = _job(user, retro_id, {**add, "text": f"spaced {i}"})
            acks.append(await asyncio.wait_for(queue.submit(job), timeout=10))
        return acks

    with ThreadPoolExecutor(1) as pool:
        acks = pool.submit(lambda: asyncio.run(send_spaced())).result()
    assert all(isinstance(a, Ack) for a in acks)
    assert sum(t.startswith("spaced") for t in _cards(ctx, user, retro_id)) == 60


def test_a_clash_in_plain_sql_is_a_conflict_like_any_other(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    _, retro_id, _, _ = board

    def twice() -> None:
        with ctx.db.write() as tx:
            board_q.record_commands(
                tx,
                [
                    (retro_id, "m:someone", "command-0001", 1, {}),
                    (retro_id, "m:someone", "command-0001", 2, {}),
                ],
            )

    with pytest.raises(Conflict):
        twice()

    def twice_sent_together() -> None:
        with ctx.db.write() as tx, Raw(tx).together():
            board_q.record_commands(tx, [(retro_id, "m:someone", "command-0003", 1, {})])
            board_q.record_commands(tx, [(retro_id, "m:someone", "command-0003", 2, {})])

    with pytest.raises(Conflict):
        twice_sent_together()


def test_the_write_count_moves_on_writes_only(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    """A refused command in a batch is only forgotten in place when it wrote nothing; this
    count is how the batch knows."""
    _, retro_id, _, _ = board
    with ctx.db.write() as tx:
        start = Raw.of(tx).writes_so_far()
        retro_q.lock_retros(tx, [retro_id])
        board_q.votes_of(tx, retro_id)
        assert Raw.of(tx).writes_so_far() == start, "reads are not writes"
        board_q.record_commands(tx, [(retro_id, "m:someone", "command-0002", 1, {})])
        assert Raw.of(tx).writes_so_far() == start + 1, "plain SQL through the driver"
        retro_q.update_retro(tx, retro_id, {"title": "Renamed"})
        assert Raw.of(tx).writes_so_far() == start + 2, "statements through the ORM"


def test_what_a_command_changes_on_the_retro_is_seen_by_the_next_in_the_batch(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    user, retro_id, _, published = board
    published.clear()
    timer, phase = CommandQueue(ctx).apply_batch(
        [
            _job(user, retro_id, {"name": "set_timer", "seconds": 300}),
            _job(user, retro_id, {"name": "set_phase", "phase": "reveal"}),
        ]
    )
    assert isinstance(timer, Ack)
    assert isinstance(phase, Ack)
    # The phase change saw the running timer and stopped it.
    assert [e.event.type for e in published] == ["timer_set", "phase_changed", "timer_set"]
    assert [e.seq for e in published] == [timer.seq, timer.seq + 1, timer.seq + 2]
    assert phase.seq == timer.seq + 2


def test_boards_batched_together_keep_their_own_numbering_and_log(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    user, first_id, first_column, published = board
    team_id = _team_of(ctx, first_id)
    other = retros.do_create_retro(
        ctx,
        user,
        team_id,
        title="Second board",
        sprint_name=None,
        sprint_start=None,
        sprint_end=None,
        template=TemplateKey.PM_ENGINEERING,
    )
    second_id, second_column = other.retro.id, other.columns[0].id
    queue = CommandQueue(ctx)
    queue.apply_batch([_job(user, second_id, {"name": "set_phase", "phase": "reflect"})])
    published.clear()

    def add(retro_id: str, column: str, text: str, command_id: str | None = None) -> Job:
        command = {"name": "add_card", "column_id": column, "polarity": "went_well", "text": text}
        return _job(user, retro_id, command, command_id)

    jobs = [
        add(first_id, first_column, "one", "first-board-one"),
        add(second_id, second_column, "uno"),
        add(first_id, first_column, "two"),
        add(second_id, second_column, "dos", "second-board-dos"),
    ]
    acks = queue.apply_batch(jobs)
    assert all(isinstance(a, Ack) for a in acks)
    # Sent again in a later batch, a command is answered from the log, not applied again.
    again = queue.apply_batch(
        [add(second_id, second_column, "dos", "second-board-dos"), add(first_id, first_column, "x")]
    )
    assert isinstance(again[0], Ack)
    assert again[0].duplicate
    assert isinstance(acks[3], Ack)
    assert again[0].seq == acks[3].seq
    with ctx.db.read() as tx:
        for retro_id in (first_id, second_id):
            retro = retro_q.retro_by_id(tx, retro_id)
            assert retro is not None
            logged = [e.seq for e in event_q.since(tx, retro_id, 0)]
            assert logged == list(range(1, retro.last_seq + 1)), "no gap, no repeat"
    assert sorted(_cards(ctx, user, second_id)) == ["dos", "uno"]
    assert sorted(_cards(ctx, user, first_id)) == ["one", "two", "x"]


def _team_of(ctx: Ctx, retro_id: str) -> str:
    with ctx.db.read() as tx:
        retro = retro_q.retro_by_id(tx, retro_id)
        assert retro is not None
        return retro.team_id


def test_cards_added_earlier_in_a_batch_are_there_for_a_later_command(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]]
) -> None:
    user, retro_id, column, published = board
    published.clear()
    add = {"name": "add_card", "column_id": column, "polarity": "went_well"}
    first, second, reveal = CommandQueue(ctx).apply_batch(
        [
            _job(user, retro_id, {**add, "text": "first"}),
            _job(user, retro_id, {**add, "text": "second"}),
            _job(user, retro_id, {"name": "set_phase", "phase": "reveal"}),
        ]
    )
    assert isinstance(first, Ack)
    assert isinstance(second, Ack)
    assert isinstance(reveal, Ack)
    phase_changed = published[-1].event
    assert phase_changed.type == "phase_changed"
    revealed = phase_changed.revealed
    assert revealed is not None
    assert sorted(card.text or "" for card in revealed) == ["first", "second"]


def test_a_run_of_adds_edits_and_ready_toggles_lands_whole(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]], caplog: pytest.LogCaptureFixture
) -> None:
    """The commands a busy board is made of, sent as a socket sends them (its sender already
    checked), in one batch (on PostgreSQL, in pipeline mode): every change is there
    afterwards, in order, each with its own seq, and the batch was not tried again."""
    user, retro_id, column, published = board
    with ctx.db.read() as tx:
        me = check_participant(tx, user, retro_id)[1]
    queue = CommandQueue(ctx)
    add = {"name": "add_card", "column_id": column, "polarity": "went_well"}
    [first] = queue.apply_batch([_job(user, retro_id, {**add, "text": "draft 0"})])
    assert isinstance(first, Ack)
    card_id = first.result["card_id"]
    published.clear()
    jobs = []
    for i in range(1, 6):
        edit = {"name": "edit_card", "card_id": card_id, "text": f"draft {i}"}
        jobs.append(_job(user, retro_id, {**add, "text": f"new {i}"}, checked=me))
        jobs.append(_job(user, retro_id, edit, checked=me))
        jobs.append(_job(user, retro_id, {"name": "set_ready", "ready": i % 2 == 1}, checked=me))
    with caplog.at_level(logging.WARNING, logger="twofold.live"):
        acks = queue.apply_batch(jobs)
    assert not [r for r in caplog.records if "retrying each" in r.getMessage()]
    assert all(isinstance(a, Ack) for a in acks), acks
    seqs = [a.seq for a in acks if isinstance(a, Ack)]
    assert seqs == list(range(first.seq + 1, first.seq + 1 + len(jobs)))
    assert [e.seq for e in published] == seqs
    assert sorted(_cards(ctx, user, retro_id)) == ["draft 5", *(f"new {i}" for i in range(1, 6))]
    with ctx.db.read() as tx:
        retro = retro_q.retro_by_id(tx, retro_id)
        assert retro is not None
        assert retro.last_seq == seqs[-1]
        ready = [p for p in board_q.participants_of(tx, retro_id) if p.ready_phase]
    assert len(ready) == 1, "the last toggle (ready) stands"


def test_a_command_sent_again_in_a_busy_batch_is_answered_as_the_repeat_it_is(
    ctx: Ctx, board: tuple[Any, str, str, list[RecordedEvent]], caplog: pytest.LogCaptureFixture
) -> None:
    """Sent again after a drop, in a batch with other commands, a command gets its first ack,
    whether applying it again would clash (a card added twice) or be refused (a card already
    deleted); its neighbours are applied once, and the batch stays one transaction."""
    user, retro_id, column, _ = board
    with ctx.db.read() as tx:
        me = check_participant(tx, user, retro_id)[1]
    queue = CommandQueue(ctx)
    add = {"name": "add_card", "column_id": column, "polarity": "went_well"}

    def one(command: dict[str, Any], command_id: str | None = None) -> Ack:
        [ack] = queue.apply_batch([_job(user, retro_id, command, command_id, checked=me)])
        assert isinstance(ack, Ack)
        return ack

    added = one({**add, "text": "first"}, "resent-add-0001")
    doomed = one({**add, "text": "gone"})
    delete = {"name": "delete_card", "card_id": doomed.result["card_id"]}
    deleted = one(delete, "resent-del-0001")
    with caplog.at_level(logging.WARNING, logger="twofold.live"):
        # Refused now (the card is gone), yet applied before: a repeat, not an error.
        refused = queue.apply_batch(
            [
                _job(user, retro_id, delete, "resent-del-0001", checked=me),
                _job(user, retro_id, {**add, "text": "neighbour"}, checked=me),
            ]
        )
        # Applied again it would clash with its first record.
        clashing = queue.apply_batch(
            [
                _job(user, retro_id, {**add, "text": "first"}, "resent-add-0001", checked=me),
                _job(user, retro_id, {**add, "text": "other neighbour"}, checked=me),
            ]
        )
    assert not [r for r in caplog.records if "retrying each" in r.getMessage()]
    assert refused[0] == Ack(deleted.seq, duplicate=True, result=deleted.result)
    assert clashing[0] == Ack(added.seq, duplicate=True, result=added.result)
    for neighbour in (refused[1], clashing[1]):
        assert isinstance(neighbour, Ack)
        assert not neighbour.duplicate
    assert sorted(_cards(ctx, user, retro_id)) == ["first", "neighbour", "other neighbour"]
