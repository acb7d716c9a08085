"""Board events between processes through a real Redis: the message carries the bodies as
serialised where the event was recorded, a process that hears one gives each of its sockets the
form that socket may see, and a message it cannot read is skipped and filled in from the log.

Every test uses its own board id, so tests (and servers) sharing the Redis never mix."""

import asyncio
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
import redis

from tests.own_loop import run_in_own_loop
from twofold.domain.events import (
    MEMBERS,
    BacklogChanged,
    CardAdded,
    CardView,
    RecordedEvent,
    TimerSet,
    Withheld,
)
from twofold.live.bus import LiveEvent
from twofold.live.hub import Backfill, Connection, Hub
from twofold.live.redis_bus import (
    CHANNEL,
    CHANNEL_PREFIX,
    RedisBus,
    RelayedEvent,
    decode,
    encode,
)

REDIS_URL = os.environ.get("TWOFOLD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SECRET = "we skipped the load test"


def card_added(rid: str, seq: int, author: str) -> RecordedEvent:
    return RecordedEvent(
        retro_id=rid,
        seq=seq,
        event=CardAdded(card=CardView(id=f"c{seq}", column_id="k", text=SECRET)),
        audience=author,
        public=CardAdded(card=CardView(id=f"c{seq}", column_id="k", hidden=True)),
    )


def timer(rid: str, seq: int) -> RecordedEvent:
    return RecordedEvent(retro_id=rid, seq=seq, event=TimerSet(ends_at=None, seconds=60))


# ------------------------------------------------------------------------ the message itself


def test_a_message_carries_both_forms_and_gives_each_viewer_theirs() -> None:
    event = card_added("r", 7, "m:ann")
    [relayed] = decode((encode([event]) or "").encode())
    assert (relayed.retro_id, relayed.seq, relayed.audience) == ("r", 7, "m:ann")
    assert relayed.body("m:ann") == event.body("m:ann")
    assert SECRET in relayed.body("m:ann")
    for viewer in ("m:bob", "g:guest", "", "all"):
        assert relayed.body(viewer) == event.body("m:bob")
        assert SECRET not in relayed.body(viewer)

    everyone = timer("r", 8)
    [relayed] = decode(encode([everyone]) or "")
    assert relayed.body("m:bob") == relayed.body("m:ann") == everyone.body("m:bob")


def test_a_members_only_event_reaches_members_in_full_and_guests_withheld() -> None:
    event = RecordedEvent(
        retro_id="r",
        seq=3,
        event=BacklogChanged(cards={"c1": "d1"}),
        audience=MEMBERS,
        public=Withheld(),
    )
    [relayed] = decode(encode([event]) or "")
    assert relayed.audience == MEMBERS
    for member in ("m:ann", "m:bob"):
        assert json.loads(relayed.body(member)) == {
            "type": "backlog_changed",
            "cards": {"c1": "d1"},
        }
    for outsider in ("g:gus", "", "all"):
        assert json.loads(relayed.body(outsider)) == {"type": "withheld"}


def test_one_message_carries_a_commits_events_in_order() -> None:
    events = [timer("r", 1), card_added("r", 2, "m:ann"), timer("s", 9), card_added("s", 10, "g:x")]
    relayed = decode(encode(events) or "")
    assert [(e.retro_id, e.seq, e.audience) for e in relayed] == [
        (e.retro_id, e.seq, e.audience) for e in events
    ]
    for sent, heard in zip(events, relayed, strict=True):
        assert heard.body("m:ann") == sent.body("m:ann")
        assert heard.body("m:bob") == sent.body("m:bob")
    assert encode([]) is None


@pytest.mark.parametrize(
    "message",
    [
        b"",
        b"\xff\xfe",
        b'{"retro_id": "r", "seq": 1}',  # a message of the first versions
        b"twofold-event/1\nr\n1\nall\n{}",  # ... and of later ones
        b"twofold-events/3",  # no event at all
        b"twofold-events/3\nr\n1\nm:ann\n{}",  # for one viewer, without a public form
        b"twofold-events/3\nr\n1\nm:ann\n{}\n",  # ... or with an empty one
        b"twofold-events/3\nr\n1\nall\n{}\n{}",  # a second event cut short
        b"twofold-events/3\nr\n1\nall\n{}\nr\n2\nall",
        b"twofold-events/3\nr\nseven\nall\n{}",
        b"twofold-events/3\nr\n0\nall\n{}",
        b"twofold-events/3\nr\n1_0\nall\n{}",
        b"twofold-events/3\n\n1\nall\n{}",
        b"twofold-events/2\nr\n1\nall\n{}",  # a message of the version before
        b"twofold-events/3 p1 p2\nr\n1\nall\n{}",
        b"twofold-events/4 p1\nr\n1\nall\n{}",
    ],
)
def test_anything_else_is_refused(message: bytes) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - every refusal is a ValueError
        decode(message)


def test_an_event_with_a_line_break_in_a_field_is_left_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = RelayedEvent("r", 1, "all", '{"a":\n1}', '{"a":\n1}')
    assert encode([broken]) is None
    [kept] = decode(encode([broken, timer("r", 2)]) or "")
    assert kept.seq == 2
    assert "could not encode board event r/1" in caplog.text


# ------------------------------------------------------------------------ through Redis


@pytest.fixture
def redis_client() -> Iterator["redis.Redis"]:
    c = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        c.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required under CI and is not reachable at {REDIS_URL}")
        pytest.skip("Redis is not reachable; set TWOFOLD_TEST_REDIS_URL")
    yield c
    c.close()


class Socket:
    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []

    async def send(self, message: dict[str, Any]) -> None:
        self.frames.append(json.loads(message["text"]))

    def events(self) -> dict[int, dict[str, Any]]:
        return {f["seq"]: f["event"] for f in self.frames if f["type"] == "event"}


def from_log(log: list[RecordedEvent]) -> Backfill:
    async def backfill(retro_id: str, after: int, up_to: int, viewer: str) -> Sequence[LiveEvent]:
        return [e for e in log if e.retro_id == retro_id and after < e.seq <= up_to]

    return backfill


def connect(hub: Hub, rid: str, key: str) -> Socket:
    socket = Socket()
    conn = Connection(
        retro_id=rid,
        key=key,
        display_name=key,
        role="eng",
        kind="member",
        send=socket.send,
        backfill=hub.backfill,
        loop=asyncio.get_running_loop(),
    )
    hub.attach(conn)
    conn.start(0)
    return socket


async def until(check: Callable[[], bool], within: float = 10) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


@pytest.fixture
def buses(redis_client: "redis.Redis") -> Iterator[tuple[RedisBus, RedisBus]]:
    a, b = RedisBus(REDIS_URL), RedisBus(REDIS_URL)
    yield a, b
    a.close()
    b.close()


def test_an_event_recorded_in_one_process_reaches_the_others_sockets_in_its_right_form(
    buses: tuple[RedisBus, RedisBus],
) -> None:
    bus_a, bus_b = buses
    rid = uuid.uuid4().hex
    log = [card_added(rid, 1, "m:ann"), timer(rid, 2)]

    async def scenario() -> None:
        hub_a, hub_b = Hub(from_log(log)), Hub(from_log(log))
        bus_a.subscribe_all(hub_a.publish)
        bus_b.subscribe_all(hub_b.publish)
        author_on_b, other_on_b = connect(hub_b, rid, "m:ann"), connect(hub_b, rid, "m:bob")
        guest_on_a = connect(hub_a, rid, "g:gus")
        bus_a.publish(log)
        everyone = (author_on_b, other_on_b, guest_on_a)
        await until(lambda: all(len(s.events()) == 2 for s in everyone))
        assert author_on_b.events()[1]["card"]["text"] == SECRET
        for socket in (other_on_b, guest_on_a):
            assert socket.events()[1]["card"] == json.loads(log[0].body("m:bob"))["card"]
            assert socket.events()[1]["card"]["hidden"] is True
            assert SECRET not in json.dumps(socket.frames)
        for socket in everyone:
            assert socket.events()[2]["seconds"] == 60
            assert [f["seq"] for f in socket.frames if f["type"] == "event"] == [1, 2]
        hub_a.close()
        hub_b.close()

    run_in_own_loop(scenario)


def test_an_unreadable_message_is_skipped_and_its_event_read_from_the_log(
    buses: tuple[RedisBus, RedisBus],
    redis_client: "redis.Redis",
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="twofold.live")
    bus_a, bus_b = buses
    rid = uuid.uuid4().hex
    log = [timer(rid, 1), card_added(rid, 2, "m:ann"), timer(rid, 3)]

    async def scenario() -> None:
        hub = Hub(from_log(log))
        bus_b.subscribe_all(hub.publish)
        author, other = connect(hub, rid, "m:ann"), connect(hub, rid, "m:bob")
        bus_a.publish(log[:1])
        await until(lambda: 1 in other.events())
        # Seq 2 arrives garbled, then as a message missing the form everyone else may see.
        redis_client.publish(CHANNEL, b"\x00garbled")
        # ... and from a process of the last version, on its own channel for the board.
        old = f"twofold-event/1\n{rid}\n2\nm:ann\n{log[1].body('m:ann')}\n{log[1].body('')}"
        redis_client.publish(CHANNEL_PREFIX + rid, old)
        await until(lambda: len(caplog.records) >= 2)
        assert 2 not in other.events()
        bus_a.publish(log[2:])
        await until(lambda: 3 in other.events() and 3 in author.events())
        assert [f["seq"] for f in other.frames if f["type"] == "event"] == [1, 2, 3]
        assert other.events()[2]["card"]["hidden"] is True
        assert SECRET not in json.dumps(other.frames)
        assert author.events()[2]["card"]["text"] == SECRET
        hub.close()

    run_in_own_loop(scenario)
    unreadable = [r for r in caplog.records if "unreadable board event" in r.getMessage()]
    assert len(unreadable) == 2
