"""The hub's fan-out on one event loop: who gets which form of an event, `seq` order with gaps
filled from the log, nothing before the snapshot, and no task held by an idle socket."""

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import pytest
from websockets.frames import Frame, Opcode

from tests.own_loop import run_in_own_loop
from twofold.domain.access import Participant
from twofold.domain.events import (
    MEMBERS,
    BacklogChanged,
    CardAdded,
    CardView,
    RecordedEvent,
    TimerSet,
    Withheld,
)
from twofold.domain.vocab import Role
from twofold.live.bus import LiveEvent
from twofold.live.hub import (
    HOLD_FROM,
    HOLD_LONGEST,
    QUEUE_LIMIT,
    Backfill,
    Connection,
    ConnectionState,
    Hub,
    Outgoing,
    encode_text_frame,
    event_frame,
    hold_for,
    tag_of,
    text_message,
)
from twofold.live.presence import LocalPresence

RID = "retro-1"
SECRET = "the pricing page lies"


def card_added(seq: int, author: str = "m:ann") -> RecordedEvent:
    full = CardAdded(card=CardView(id=f"c{seq}", column_id="k", text=SECRET))
    public = CardAdded(card=CardView(id=f"c{seq}", column_id="k", hidden=True))
    return RecordedEvent(retro_id=RID, seq=seq, event=full, audience=author, public=public)


def timer(seq: int) -> RecordedEvent:
    return RecordedEvent(retro_id=RID, seq=seq, event=TimerSet(ends_at=None, seconds=None))


class Socket:
    """Records what a connection sent; `gate` (when set) holds every send until opened."""

    def __init__(self) -> None:
        self.frames: list[dict[str, Any]] = []
        self.gate: asyncio.Event | None = None
        self.fail = False
        self.closed_with: tuple[int, str] | None = None

    async def send(self, message: dict[str, Any]) -> None:
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise OSError("the socket is gone")
        if message["type"] == "websocket.close":
            self.closed_with = (message["code"], message["reason"])
            return
        assert message["type"] == "websocket.send"
        self.frames.append(json.loads(message["text"]))

    def events(self) -> list[dict[str, Any]]:
        return [f for f in self.frames if f["type"] == "event"]

    def seqs(self) -> list[int]:
        return [f["seq"] for f in self.events()]


def from_log(*events: RecordedEvent) -> Backfill:
    async def backfill(retro_id: str, after: int, up_to: int, viewer: str) -> Sequence[LiveEvent]:
        return [e for e in events if after < e.seq <= up_to]

    return backfill


def connect(
    hub: Hub, key: str, socket: Socket, *, at: int | None = 0, retro_id: str = RID
) -> Connection:
    conn = Connection(
        retro_id=retro_id,
        key=key,
        display_name=key,
        role="eng",
        kind="member",
        send=socket.send,
        backfill=hub.backfill,
        loop=asyncio.get_running_loop(),
    )
    hub.attach(conn)
    if at is not None:
        conn.start(at)
    return conn


async def settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


def run(test: Callable[[], Awaitable[None]]) -> None:
    run_in_own_loop(test)


def test_only_the_audience_gets_the_full_form() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        author, other, facilitator = Socket(), Socket(), Socket()
        connect(hub, "m:ann", author)
        connect(hub, "m:bob", other)
        connect(hub, "m:fay", facilitator)
        hub.publish([card_added(1), timer(2)])
        await settle()
        assert author.seqs() == other.seqs() == facilitator.seqs() == [1, 2]
        assert author.events()[0]["event"]["card"]["text"] == SECRET
        for sock in (other, facilitator):
            assert sock.events()[0]["event"]["card"]["hidden"] is True
            assert SECRET not in json.dumps(sock.frames)
        hub.close()

    run(scenario)


def test_members_get_a_members_only_event_and_guests_its_place_holder() -> None:
    async def scenario() -> None:
        marked = BacklogChanged(cards={"c1": "d1"})
        event = RecordedEvent(
            retro_id=RID, seq=1, event=marked, audience=MEMBERS, public=Withheld()
        )
        hub = Hub(from_log(), LocalPresence(delay=0))
        ann, bob, guest = Socket(), Socket(), Socket()
        connect(hub, "m:ann", ann)
        connect(hub, "m:bob", bob)
        connect(hub, "g:gus", guest)
        hub.publish([event, timer(2)])
        await settle()
        assert ann.seqs() == bob.seqs() == guest.seqs() == [1, 2]
        for sock in (ann, bob):
            assert sock.events()[0]["event"] == {"type": "backlog_changed", "cards": {"c1": "d1"}}
        assert guest.events()[0]["event"] == {"type": "withheld"}
        # The log gives each the same form as the live fan-out does.
        assert json.loads(event.body("g:gus")) == {"type": "withheld"}
        assert json.loads(event.body("m:bob"))["type"] == "backlog_changed"
        hub.close()

    run(scenario)


def test_a_gap_is_filled_from_the_log_and_repeats_are_dropped() -> None:
    async def scenario() -> None:
        missing = card_added(2)
        hub = Hub(from_log(missing), LocalPresence(delay=0))
        author, other = Socket(), Socket()
        connect(hub, "m:ann", author)
        connect(hub, "m:bob", other)
        hub.publish([timer(1)])
        hub.publish([timer(3)])
        await settle()
        hub.publish([missing, timer(3), timer(4)])
        await settle()
        assert author.seqs() == other.seqs() == [1, 2, 3, 4]
        # The log's events are shown to each viewer as that viewer may see them.
        assert author.events()[1]["event"]["card"]["text"] == SECRET
        assert "text" not in other.events()[1]["event"]["card"]
        hub.close()

    run(scenario)


def test_nothing_overtakes_the_snapshot() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        sock = Socket()
        conn = connect(hub, "m:ann", sock, at=None)
        hub.publish([timer(5), timer(6), timer(7)])
        await settle()
        conn.offer(None, text_message('{"type":"ack"}'))
        await settle()
        assert sock.frames == []
        conn.start(6)  # the snapshot the client got already holds 5 and 6
        await settle()
        assert [f["type"] for f in sock.frames] == ["presence", "event", "ack"]
        assert sock.seqs() == [7]
        hub.close()

    run(scenario)


def test_an_idle_socket_holds_no_task_and_a_busy_one_holds_one() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        sock = Socket()
        conn = connect(hub, "m:ann", sock)
        await settle()
        baseline = len(asyncio.all_tasks())
        assert conn.idle
        sock.gate = asyncio.Event()
        hub.publish([timer(1)])
        hub.publish([timer(2)])
        await settle()
        hub.publish([timer(3)])
        await settle()
        assert not conn.idle
        assert len(asyncio.all_tasks()) == baseline + 1
        sock.gate.set()
        await settle()
        assert sock.seqs() == [1, 2, 3]
        assert conn.idle
        assert len(asyncio.all_tasks()) == baseline
        hub.close()

    run(scenario)


def test_a_stalled_socket_holds_up_only_itself() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        stalled, fine = Socket(), Socket()
        stalled.gate = asyncio.Event()
        slow = connect(hub, "m:ann", stalled)
        connect(hub, "m:bob", fine)
        hub.publish([timer(1), timer(2)])
        await settle()
        assert fine.seqs() == [1, 2]
        assert stalled.seqs() == []
        await slow.stop()
        assert slow.idle
        hub.close()

    run(scenario)


def test_a_failed_socket_takes_no_more_frames() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        sock = Socket()
        sock.fail = True
        conn = connect(hub, "m:ann", sock)
        hub.publish([timer(1)])
        await settle()
        assert conn.closed
        baseline = len(asyncio.all_tasks())
        hub.publish([timer(2)])
        await settle()
        assert conn.idle
        assert len(asyncio.all_tasks()) == baseline
        hub.close()

    run(scenario)


def test_a_socket_waits_for_its_snapshot_then_goes_live_and_once_closed_stays_closed() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        sock = Socket()
        conn = connect(hub, "m:ann", sock, at=None)
        seen = [conn.state]
        hub.publish([timer(1)])
        await settle()
        assert sock.seqs() == []  # held until the client has its snapshot
        conn.start(0)
        await settle()
        seen.append(conn.state)
        assert sock.seqs() == [1]
        await conn.stop()
        conn.start(1)  # a late start does not bring a stopped socket back
        hub.publish([timer(2)])
        await settle()
        seen.append(conn.state)
        assert seen == [
            ConnectionState.CATCHING_UP,
            ConnectionState.LIVE,
            ConnectionState.CLOSED,
        ]
        assert sock.seqs() == [1]
        hub.close()

    run(scenario)


def test_a_socket_far_behind_stops_queueing() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        conn = connect(hub, "m:ann", Socket(), at=None)
        message = text_message('{"type":"event"}')
        for seq in range(1, QUEUE_LIMIT + 1):
            conn.offer(seq, message)
        assert not conn.overflowed
        conn.offer(QUEUE_LIMIT + 1, message)
        assert conn.overflowed
        assert conn.dropped == 1
        hub.close()

    run(scenario)


def test_an_event_after_a_gap_the_log_cannot_fill_is_not_sent() -> None:
    async def broken_log(retro_id: str, after: int, up_to: int, viewer: str) -> Sequence[LiveEvent]:
        raise OSError("the database is away")

    async def scenario() -> None:
        hub = Hub(broken_log, LocalPresence(delay=0))
        sock = Socket()
        conn = connect(hub, "m:ann", sock)
        hub.publish([timer(1), timer(3), timer(4)])
        await settle()
        assert sock.seqs() == [1]
        assert conn.closed
        hub.close()

    run(scenario)


def test_sockets_of_people_no_longer_allowed_are_closed_and_the_others_learn_who_they_are_now() -> (
    None
):
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        stays, removed, signed_out = Socket(), Socket(), Socket()
        kept = connect(hub, "m:ann", stays)
        kept.session = "ann-1"
        gone = connect(hub, "m:bob", removed)
        gone.session = "bob-session"
        # Ann on a second device, whose session has ended: only that socket goes.
        ended = connect(hub, "m:ann", signed_out)
        ended.session = "ann-2"
        asked: list[tuple[str, set[tuple[str, str]]]] = []
        ann_now = Participant("member", "ann", "Ann", Role.ENG, is_facilitator=False)

        async def allowed(
            retro_id: str, holders: set[tuple[str, str]]
        ) -> dict[tuple[str, str], Participant]:
            asked.append((retro_id, holders))
            return {("m:ann", "ann-1"): ann_now}

        assert await hub.recheck(allowed, 4404, "Gone") == 2
        # One question per board, with every socket's key and session.
        assert asked == [(RID, {("m:ann", "ann-1"), ("m:bob", "bob-session"), ("m:ann", "ann-2")})]
        assert removed.closed_with == (4404, "Gone")
        assert signed_out.closed_with == (4404, "Gone")
        assert stays.closed_with is None
        assert kept.who == ann_now, "the next command is checked as the person is now"
        assert gone.who is None
        hub.publish([timer(1)])
        await settle()
        assert stays.seqs() == [1]
        assert removed.seqs() == []
        # A socket already ended is not asked about again.
        asked.clear()
        assert await hub.recheck(allowed, 4404, "Gone") == 0
        assert asked == [(RID, {("m:ann", "ann-1")})]
        hub.close()

    run(scenario)


def test_a_board_whose_check_fails_keeps_its_sockets_and_the_others_are_still_checked() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        here, there = Socket(), Socket()
        failing = connect(hub, "m:ann", here)
        checked = connect(hub, "m:bob", there, retro_id="other-board")
        before = failing.checked_at
        bob_now = Participant("member", "bob", "Bob", Role.PM, is_facilitator=True)

        async def allowed(
            retro_id: str, holders: set[tuple[str, str]]
        ) -> dict[tuple[str, str], Participant]:
            if retro_id == RID:
                raise RuntimeError("the database is away")
            return {("m:bob", ""): bob_now}

        assert await hub.recheck(allowed, 4404, "Gone") == 0
        assert here.closed_with is None
        assert failing.checked_at == before, "its rights go stale rather than look fresh"
        assert checked.who == bob_now
        assert checked.checked_at > before
        hub.close()

    run(scenario)


@pytest.mark.parametrize("size", [0, 1, 125, 126, 65_535, 65_536, 200_000])
def test_a_frame_is_encoded_as_the_websocket_library_encodes_a_servers(size: int) -> None:
    text = ("é" * size)[: size // 2] + "x" * (size - size // 2)
    expected = Frame(Opcode.TEXT, text.encode()).serialize(mask=False, extensions=[])
    assert encode_text_frame(text) == expected
    assert Outgoing(text).frame == expected


def test_frames_go_straight_to_an_idle_socket_and_queue_behind_a_busy_one() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        sock = Socket()
        conn = connect(hub, "m:ann", sock)
        await settle()  # the presence frame goes out first
        written: list[bytes] = []
        taking = True

        def write(frame: bytes) -> bool:
            if taking:
                written.append(frame)
            return taking

        conn.write = write
        hub.publish([timer(1), timer(2)])
        await settle()
        # Published together, so written together: one write for the two frames.
        frames = [event_frame(s, timer(s).body(""), tag_of(hub.tags, timer(s))) for s in (1, 2)]
        assert written == [b"".join(encode_text_frame(f) for f in frames)]
        assert sock.seqs() == []
        taking = False  # pushing back: the server's send takes over, in order
        hub.publish([timer(3)])
        await settle()
        assert sock.seqs() == [3]
        taking = True
        hub.publish([timer(4)])
        await settle()
        assert len(written) == 2
        assert conn.last_seq == 4
        hub.close()

    run(scenario)


def participant(key: str) -> dict[str, str]:
    """As `connect` describes everyone."""
    return {"key": key, "display_name": key, "role": "eng", "kind": "member"}


def read_frames(data: bytes) -> list[dict[str, Any]]:
    """The JSON of each unmasked text frame in bytes written to a socket at once."""
    found = []
    while data:
        n, head = data[1] & 0x7F, 2
        if n == 126:
            n, head = int.from_bytes(data[2:4], "big"), 4
        elif n == 127:
            n, head = int.from_bytes(data[2:10], "big"), 10
        assert data[0] == 0x81
        found.append(json.loads(data[head : head + n]))
        data = data[head + n :]
    return found


def _presence_frames(sock: Socket) -> list[dict[str, Any]]:
    return [f for f in sock.frames if f["type"].startswith("presence")]


def test_presence_goes_whole_once_then_as_changes() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        ann, bo = Socket(), Socket()
        connect(hub, "m:ann", ann)
        await settle()
        connect(hub, "m:bo", bo)
        await settle()
        assert _presence_frames(bo) == [
            {"type": "presence", "participants": [participant("m:ann"), participant("m:bo")]}
        ]
        assert _presence_frames(ann)[-1] == {
            "type": "presence_changed",
            "joined": [participant("m:bo")],
            "left": [],
        }
        # Ann opens a second tab: she is here already, so nobody hears anything new; the new
        # tab gets the whole list.
        tab = Socket()
        second = connect(hub, "m:ann", tab)
        await settle()
        assert len(_presence_frames(ann)) == 2
        assert len(_presence_frames(bo)) == 1
        assert [f["type"] for f in _presence_frames(tab)] == ["presence"]
        # Closing that tab changes nothing either; Bo leaving does.
        hub.detach(second)
        await settle()
        assert len(_presence_frames(ann)) == 2
        hub.detach(next(c for c in hub.connections(RID) if c.key == "m:bo"))
        await settle()
        assert _presence_frames(ann)[-1] == {
            "type": "presence_changed",
            "joined": [],
            "left": ["m:bo"],
        }
        hub.close()

    run(scenario)


def test_a_burst_of_joins_is_one_presence_change() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0.02))
        ann = Socket()
        connect(hub, "m:ann", ann)
        await asyncio.sleep(0.05)
        for i in range(30):
            connect(hub, f"g:guest{i:02d}", Socket())
        await asyncio.sleep(0.05)
        changes = [f for f in ann.frames if f["type"] == "presence_changed"]
        assert len(changes) == 1
        assert [p["key"] for p in changes[0]["joined"]] == [f"g:guest{i:02d}" for i in range(30)]
        hub.close()

    run(scenario)


def test_events_published_together_reach_a_busy_socket_in_order() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        quick, slow = Socket(), Socket()
        quick_conn = connect(hub, "m:ann", quick)
        slow_conn = connect(hub, "m:bo", slow)
        await settle()
        written: list[bytes] = []

        def write(data: bytes) -> bool:
            written.append(data)
            quick.frames.extend(read_frames(data))
            return True

        quick_conn.write = write
        slow.gate = asyncio.Event()
        slow_conn.offer(None, text_message('{"type":"ack"}'))  # busy: something queued
        hub.publish([card_added(1), timer(2), card_added(3, author="m:bo")])
        await settle()
        slow.gate.set()
        await settle()
        assert len(written) == 1, "the idle socket got the three events in one write"
        for sock in (quick, slow):
            assert sock.seqs() == [1, 2, 3]
        # Each got its own form of every event: the author the full card, the other the public.
        assert quick.events()[0]["event"]["card"]["text"] == SECRET
        assert slow.events()[0]["event"]["card"].get("text") != SECRET
        assert slow.events()[2]["event"]["card"]["text"] == SECRET
        assert quick.events()[2]["event"]["card"].get("text") != SECRET
        hub.close()

    run(scenario)


def test_hold_grows_with_the_crowd_and_stops_at_a_quarter_second() -> None:
    assert hold_for(HOLD_FROM - 1) == 0.0
    assert hold_for(HOLD_FROM) == pytest.approx(0.05)
    assert hold_for(2 * HOLD_FROM) == pytest.approx(0.1)
    assert hold_for(100 * HOLD_FROM) == HOLD_LONGEST


def _crowd(hub: Hub, n: int) -> list[tuple[Connection, list[bytes]]]:
    """`n` idle sockets on one board, each recording what is written to it at once."""
    crowd = []
    for i in range(n):
        written: list[bytes] = []
        conn = connect(hub, f"g:guest{i:03d}", Socket())
        conn.write = lambda data, into=written: bool(into.append(data)) or True
        crowd.append((conn, written))
    return crowd


def test_a_crowded_board_gets_events_in_bursts_in_order_and_none_lost() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        crowd = _crowd(hub, HOLD_FROM)
        await asyncio.sleep(0.1)
        for _, written in crowd:
            written.clear()
        # One event per turn of the loop, as joins committed one by one would come.
        loop = asyncio.get_running_loop()
        began = loop.time()
        for seq in range(1, 31):
            hub.publish([timer(seq)])
            await asyncio.sleep(0.005)
        took = loop.time() - began
        await asyncio.sleep(hold_for(HOLD_FROM) * 2 + 0.05)
        for conn, written in crowd:
            frames = [f for data in written for f in read_frames(data)]
            assert [f["seq"] for f in frames if f["type"] == "event"] == list(range(1, 31))
            assert conn.last_seq == 30
            # Bursts at least `hold_for` apart: a handful of writes, not one per event.
            assert len(written) <= took / hold_for(HOLD_FROM) + 2, len(written)
        hub.close()

    run(scenario)


def test_a_small_board_gets_each_event_at_once() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        crowd = _crowd(hub, HOLD_FROM - 1)
        await settle()
        for _, written in crowd:
            written.clear()
        for seq in range(1, 6):
            hub.publish([timer(seq)])
            await settle()
            assert all(len(written) == seq for _, written in crowd)
        hub.close()

    run(scenario)


def test_a_crowded_board_hears_presence_in_bursts_and_ends_with_who_is_there() -> None:
    async def scenario() -> None:
        hub = Hub(from_log(), LocalPresence(delay=0))
        crowd = _crowd(hub, HOLD_FROM)
        await asyncio.sleep(0.1)
        _first, written = crowd[0]
        written.clear()
        late = []
        loop = asyncio.get_running_loop()
        began = loop.time()
        for i in range(20):
            late.append(connect(hub, f"m:late{i:02d}", Socket()))
            await asyncio.sleep(0.005)
        hub.detach(late[0])
        took = loop.time() - began
        await asyncio.sleep(HOLD_LONGEST + 0.1)
        changes = [f for data in written for f in read_frames(data)]
        assert all(f["type"] == "presence_changed" for f in changes)
        # Changes at least `hold_for` apart: a few for twenty arrivals, not twenty-one.
        assert len(changes) <= took / hold_for(HOLD_FROM) + 2
        joined = {p["key"] for f in changes for p in f["joined"]}
        left = {k for f in changes for k in f["left"]}
        here = {p["key"] for p in hub.local_presence(RID)}
        # What the socket was told adds up to who is there now.
        assert {c.key for c, _ in crowd} | (joined - left) == here
        assert "m:late00" not in here
        assert "m:late19" in here
        hub.close()

    run(scenario)
