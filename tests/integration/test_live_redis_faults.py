"""The live board when Redis, the bus between app processes, fails: two real server processes
on PostgreSQL and a Redis of the test's own, killed and started again, or frozen and thawed.

What must hold: a process's own sockets hear its changes at once whatever Redis does; commands
are acknowledged while Redis is frozen; the other process's sockets catch up from the event log
once Redis is back, with no further command; and sockets are told while their board may lag."""

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from websockets.sync.client import ClientConnection

from tests.databases import empty_pg
from tests.integration.test_live_bus import Socket, card_added, connect, from_log, timer, until
from tests.live_server import Person, Server, receive, receive_until, signup
from tests.own_loop import run_in_own_loop
from tests.redis_server import RedisServer
from twofold.domain.events import RecordedEvent
from twofold.live.bus import LiveEvent
from twofold.live.hub import Hub
from twofold.live.redis_bus import CHANNEL, FORMAT, RedisBus, decode_from, encode, encode_body
from twofold.live.redis_publisher import HEADS_FORMAT, Outgoing, Publisher, decode_heads

Frames = list[dict[str, Any]]


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Board:
    a: Server
    b: Server
    rid: str
    column: str
    owner_on_a: Person
    eng_on_a: Person
    eng_on_b: Person


@pytest.fixture
def board(pg_url: str, own_redis: RedisServer, tmp_path: Path) -> Iterator[Board]:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = Server(tmp_path / "a", pg_url, own_redis.url).start()
    b = Server(tmp_path / "b", pg_url, own_redis.url).start()
    try:
        owner = signup(a, "owner@example.com", "Olive")
        team = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
        retro = owner.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R"})
        owner.command(retro["id"], "set_phase", phase="reflect")
        token = owner.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
        eng = signup(b, "eng@example.com", "Eli", token)
        eng.http("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
        for person in (owner, eng):  # each joins the board once, before the tests
            with person.socket(retro["id"]) as ws:
                receive_until(ws, "snapshot")
        # Sessions live in the shared database: Eli may be served by either process.
        eng_on_a = Person(a, eng.token, eng.csrf)
        yield Board(a, b, retro["id"], retro["columns"][0]["id"], owner, eng_on_a, eng)
    finally:
        a.stop()
        b.stop()
        empty_pg(pg_url)


def add_card(ws: ClientConnection, column_id: str, text: str) -> str:
    command_id = uuid.uuid4().hex
    command = {"name": "add_card", "column_id": column_id, "text": text}
    ws.send(json.dumps({"type": "command", "command_id": command_id, "command": command}))
    return command_id


def frames_until(
    ws: ClientConnection, done: Callable[[Frames], bool], timeout: float = 30
) -> Frames:
    """Read frames until `done` holds for all read so far."""
    seen: Frames = []
    deadline = time.monotonic() + timeout
    while not done(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"gave up waiting; last frames: {seen[-5:]}"
        seen.append(receive(ws, left))
    return seen


def seqs(frames: Frames) -> list[int]:
    return [f["seq"] for f in frames if f["type"] == "event"]


def statuses(frames: Frames) -> list[bool]:
    return [f["delayed"] for f in frames if f["type"] == "live_status"]


def acks(frames: Frames) -> set[str]:
    return {f["command_id"] for f in frames if f["type"] == "ack"}


@contextmanager
def three_sockets(
    board: Board,
) -> Iterator[tuple[ClientConnection, ClientConnection, ClientConnection, int]]:
    """The owner writing on process A, someone near on A, someone far on B, each past its
    snapshot; and the seq the board was at."""
    with (
        board.owner_on_a.socket(board.rid) as writer,
        board.eng_on_a.socket(board.rid) as near,
        board.eng_on_b.socket(board.rid) as far,
    ):
        start = receive_until(writer, "snapshot")[0]["seq"]
        receive_until(near, "snapshot")
        receive_until(far, "snapshot")
        yield writer, near, far, start


def test_with_redis_down_the_writing_process_keeps_its_sockets_live_and_the_other_catches_up(
    board: Board, own_redis: RedisServer
) -> None:
    with three_sockets(board) as (writer, near, far, start):
        own_redis.kill()
        # Both processes know they are cut off, and say so.
        frames_until(near, lambda fs: statuses(fs) == [True])
        frames_until(far, lambda fs: statuses(fs) == [True])

        sent = {add_card(writer, board.column, f"while Redis is down {i}") for i in range(10)}
        assert acks(frames_until(writer, lambda fs: acks(fs) >= sent)) == sent
        expected = list(range(start + 1, start + 11))
        # Someone else on the writing process sees every change, Redis or not.
        heard_near = frames_until(near, lambda fs: len(seqs(fs)) >= 10)
        assert seqs(heard_near) == expected
        assert own_redis.process is not None
        assert own_redis.process.poll() is not None  # all that while Redis was down

        # Redis comes back; nobody sends anything more. The other process reads the log.
        own_redis.start()
        heard_far = frames_until(far, lambda fs: len(seqs(fs)) >= 10 and False in statuses(fs))
        assert seqs(heard_far) == expected
        assert statuses(heard_far) == [False]
        assert statuses(frames_until(near, lambda fs: False in statuses(fs))) == [False]

        # And the bus carries the next change both ways again.
        add_card(writer, board.column, "after Redis came back")
        assert seqs(frames_until(far, lambda fs: bool(seqs(fs)))) == [start + 11]
        assert seqs(frames_until(near, lambda fs: bool(seqs(fs)))) == [start + 11]


def test_with_redis_frozen_commands_are_acknowledged_and_the_other_process_catches_up(
    board: Board, own_redis: RedisServer
) -> None:
    with three_sockets(board) as (writer, near, far, start):
        own_redis.freeze()
        sent = {add_card(writer, board.column, f"while Redis is frozen {i}") for i in range(30)}
        assert acks(frames_until(writer, lambda fs: acks(fs) >= sent)) == sent
        expected = list(range(start + 1, start + 31))
        heard_near = frames_until(near, lambda fs: len(seqs(fs)) >= 30 and True in statuses(fs))
        assert seqs(heard_near) == expected
        # The other process hears nothing, and notices Redis has stopped answering.
        heard_far = frames_until(far, lambda fs: True in statuses(fs))
        assert seqs(heard_far) == []
        # All of that happened with Redis still frozen.
        assert own_redis.frozen

        own_redis.thaw()
        heard_far = frames_until(far, lambda fs: len(seqs(fs)) >= 30 and False in statuses(fs))
        assert seqs(heard_far) == expected
        assert statuses(heard_far) == [False]
        assert statuses(frames_until(near, lambda fs: False in statuses(fs))) == [False]


def test_a_socket_that_connects_while_redis_is_down_is_told_at_once(
    board: Board, own_redis: RedisServer
) -> None:
    with board.owner_on_a.socket(board.rid) as first:
        receive_until(first, "snapshot")
        own_redis.kill()
        frames_until(first, lambda fs: statuses(fs) == [True])
        with board.eng_on_a.socket(board.rid) as late:
            frames = frames_until(late, lambda fs: bool(statuses(fs)))
            assert frames[0]["type"] == "snapshot"
            assert statuses(frames) == [True]
            own_redis.start()
            assert statuses(frames_until(late, lambda fs: bool(statuses(fs)))) == [False]


# ------------------------------------------------------------------------ the bus itself


def test_a_process_hears_its_own_events_once_and_those_of_others_through_redis(
    own_redis: RedisServer,
) -> None:
    rid = uuid.uuid4().hex
    ours, theirs = [timer(rid, 1)], [card_added(rid, 2, "m:ann")]
    bus = RedisBus(own_redis.url)
    heard: list[list[int]] = []
    bus.subscribe_all(lambda events: heard.append([e.seq for e in events]))
    watcher = redis.Redis.from_url(own_redis.url)
    echo = watcher.pubsub()
    echo.subscribe(CHANNEL)
    try:
        assert echo.get_message(timeout=5) is not None  # subscribed
        bus.publish(ours)
        assert heard == [[1]]  # at once, from the publishing thread itself
        # Once Redis has passed our message on, another process's message follows it.
        message = echo.get_message(timeout=5)
        assert message is not None
        assert message["type"] == "message"
        watcher.publish(CHANNEL, encode(theirs, "another-process") or "")
        deadline = time.monotonic() + 10
        while len(heard) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert heard == [[1], [2]]
    finally:
        bus.close()
        echo.close()
        watcher.close()


def test_events_reach_the_process_own_sockets_with_no_redis_at_all(tmp_path: Path) -> None:
    nowhere = RedisServer(tmp_path)  # never started: nothing listens on its port
    rid = uuid.uuid4().hex
    log: list[RecordedEvent] = [timer(rid, 1), card_added(rid, 2, "m:ann")]
    bus = RedisBus(nowhere.url)

    async def scenario() -> tuple[Socket, Socket, bool]:
        hub = Hub(from_log(log))
        bus.subscribe_all(hub.publish)
        bus.watch(hub)
        author, other = connect(hub, rid, "m:ann"), connect(hub, rid, "m:bob")
        bus.publish(log)
        await until(lambda: len(author.events()) == 2 and len(other.events()) == 2)
        await until(lambda: hub.delayed)
        hub.close()
        return author, other, hub.delayed

    try:
        author, other, delayed = run_in_own_loop(scenario)
    finally:
        bus.close()
    assert delayed
    assert author.events()[2]["card"]["text"] == json.loads(log[1].body("m:ann"))["card"]["text"]
    assert other.events()[2]["card"]["hidden"] is True


def test_a_full_queue_drops_its_oldest_message_and_names_its_boards_once_redis_answers(
    own_redis: RedisServer,
) -> None:
    listener = redis.Redis.from_url(own_redis.url)
    pubsub = listener.pubsub()
    pubsub.subscribe(CHANNEL)
    assert pubsub.get_message(timeout=5) is not None
    links: list[bool] = []
    publisher = Publisher(own_redis.url, "p1", CHANNEL, links.append, limit=3)
    own_redis.freeze()
    try:
        events: list[LiveEvent] = [timer("board-a", seq) for seq in range(1, 8)]
        events += [timer("board-b", 40)]
        head = f"{FORMAT} p1"
        outgoing = [
            Outgoing(CHANNEL, head, encode_body([e]) or "", {e.retro_id: e.seq}) for e in events
        ]
        publisher.put(outgoing[0])
        deadline = time.monotonic() + 10
        while publisher.pending and time.monotonic() < deadline:
            time.sleep(0.001)  # taken: its publish now waits on the frozen Redis
        for item in outgoing[1:]:  # returns at once every time, Redis frozen or not
            publisher.put(item)
        # One in flight, three waiting: the oldest of the others were dropped.
        assert publisher.dropped >= len(events) - 1 - 3
        deadline = time.monotonic() + 10
        while links != [False] and time.monotonic() < deadline:
            time.sleep(0.01)
        assert links == [False]
        assert publisher.dropped == len(events)
    finally:
        own_redis.thaw()
    deadline = time.monotonic() + 10
    heads: dict[str, int] = {}
    while not heads and time.monotonic() < deadline:
        message = pubsub.get_message(timeout=1)
        if (
            message
            and message["type"] == "message"
            and message["data"].startswith(HEADS_FORMAT.encode())
        ):
            sender, heads = decode_heads(message["data"])
            assert sender == "p1"
    while links != [False, True] and time.monotonic() < deadline:
        time.sleep(0.01)
    publisher.close()
    pubsub.close()
    listener.close()
    assert heads == {"board-a": 7, "board-b": 40}
    assert links == [False, True]


def test_messages_waiting_together_go_out_as_one_and_read_as_all_their_events(
    own_redis: RedisServer,
) -> None:
    listener = redis.Redis.from_url(own_redis.url)
    pubsub = listener.pubsub()
    pubsub.subscribe(CHANNEL)
    assert pubsub.get_message(timeout=5) is not None
    # A publish may wait long enough here that a slow machine does not make it time out.
    publisher = Publisher(own_redis.url, "p1", CHANNEL, lambda _up: None, timeout=5.0)
    commits = [[timer("r", 1)], [card_added("r", 2, "m:ann"), timer("s", 7)], [timer("r", 3)]]
    own_redis.freeze()  # the first publish waits, and the others queue up behind it
    try:
        for events in commits:
            body = encode_body(events) or ""
            heads = {e.retro_id: e.seq for e in events}
            publisher.put(Outgoing(CHANNEL, f"{FORMAT} p1", body, heads))
    finally:
        own_redis.thaw()
    heard: list[tuple[str, int]] = []
    messages = 0
    deadline = time.monotonic() + 10
    while len(heard) < 4 and time.monotonic() < deadline:
        message = pubsub.get_message(timeout=1)
        if message and message["type"] == "message" and message["data"].startswith(b"twofold-e"):
            sender, relayed = decode_from(message["data"])
            assert sender == "p1"
            heard += [(e.retro_id, e.seq) for e in relayed]
            messages += 1
    publisher.close()
    pubsub.close()
    listener.close()
    assert heard == [("r", 1), ("r", 2), ("s", 7), ("r", 3)]
    assert messages <= 2


def test_the_hub_catches_its_boards_up_from_the_log_when_told() -> None:
    rid, other_rid = uuid.uuid4().hex, uuid.uuid4().hex
    log: list[RecordedEvent] = [timer(rid, seq) for seq in range(1, 1203)]

    async def scenario() -> tuple[Socket, Socket]:
        hub = Hub(from_log(log))
        first, second = connect(hub, rid, "m:ann"), connect(hub, other_rid, "m:bob")
        hub.catch_up({other_rid: 5})  # another board: nothing to read for this one
        await asyncio.sleep(0.05)
        assert first.events() == {}
        hub.catch_up(None)
        await until(lambda: len(first.events()) == len(log))
        hub.close()
        return first, second

    first, second = run_in_own_loop(scenario)
    assert [f["seq"] for f in first.frames if f["type"] == "event"] == list(range(1, 1203))
    assert second.events() == {}
