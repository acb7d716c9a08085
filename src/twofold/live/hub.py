"""Fan-out of board events to this process's WebSocket connections.

Each event is serialised once per form (the full one for its audience, the public one for the
rest) and the same ASGI message is queued for every connection of the board. A connection sends
in `seq` order; if it sees a gap (events published out of order, or missed while it was catching
up) it reads the missing ones from the log instead of guessing.

Most participants are idle most of the time, so a connection holds no task and no queue while it
has nothing to send: the first frame queued starts a sender task, which ends once everything
queued has gone out. A slow socket only ever holds up its own sender.

Presence (who is connected) starts from this process's connections too; the `Presence` the hub
is given decides whether other processes' participants are merged in (see `presence.py`).

When the bus to the other processes is cut off, the hub tells every socket its board may lag
(a `live_status` frame), and once it is back it reads what its boards missed from the log and
sends it like any other events (see `bus.LinkWatcher`).
"""

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol

from twofold.domain import access
from twofold.domain.errors import StorageUnavailable
from twofold.domain.event_tags import EventTags
from twofold.domain.events import MEMBER_PREFIX, MEMBERS
from twofold.live.bus import LiveEvent
from twofold.live.presence import LocalPresence, Participant, Presence, merge

log = logging.getLogger("twofold.live")

Message = dict[str, Any]
"""An ASGI message (`websocket.send`, `websocket.close`)."""

Send = Callable[[Message], Awaitable[None]]
Write = Callable[[bytes], bool]
"""Writes one encoded WebSocket frame to the socket now, if it can take it (open, not pushing
back); False if not, and the frame goes through `Send` instead."""


class Backfill(Protocol):
    """Where the hub reads what a board missed: the events of `retro_id` after `after` up to
    `up_to`, as `viewer` may see them, from the event log. Implemented below the API, by the
    services (`services.sockets.LogBackfill`), so the live layer depends on no route."""

    async def __call__(
        self, retro_id: str, after: int, up_to: int, viewer: str
    ) -> Sequence[LiveEvent]: ...


QUEUE_LIMIT = 5000
CATCH_UP_CHUNK = 500
HOLD_FROM = 100
"""Sockets of one board from which its events and presence go out in bursts (`hold_for`)."""
HOLD_LONGEST = 0.25


def hold_for(sockets: int) -> float:
    """How long a board with this many sockets waits between bursts of events, and between
    presence changes: nothing below `HOLD_FROM`, then 50 ms per hundred sockets, at most a
    quarter of a second. While hundreds of people join at once, every join is an event and a
    presence change for every socket, and a write per change per socket would take the process
    over; in bursts, k changes cost each socket one write. Acks and a socket's own replies are
    never held."""
    if sockets < HOLD_FROM:
        return 0.0
    return min(HOLD_LONGEST, 0.05 * sockets / HOLD_FROM)


"""Events read from the log at a time when a board catches up after the bus was cut off."""


def event_frame(seq: int, body: str, tag: str) -> str:
    return f'{{"type":"event","seq":{seq},"tag":"{tag}","event":{body}}}'


def tag_of(tags: EventTags, event: LiveEvent) -> str:
    """The event's tag (see `domain.event_tags`), the same for every viewer."""
    return tags.of(event.retro_id, event.seq, event.body(event.audience))


def frame(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False, default=str)


class Outgoing:
    """One text frame for any number of sockets: as the ASGI message, and as the encoded
    WebSocket frame, built on first use. A server's frame is not masked, so the same bytes
    serve every socket that gets this form of an event."""

    __slots__ = ("_frame", "message")

    def __init__(self, text: str) -> None:
        self.message: Message = {"type": "websocket.send", "text": text}
        self._frame: bytes | None = None

    @property
    def frame(self) -> bytes:
        if self._frame is None:
            self._frame = encode_text_frame(self.message["text"])
        return self._frame


def encode_text_frame(text: str) -> bytes:
    """A final, unmasked text frame (RFC 6455 section 5.2), as a server sends it."""
    payload = text.encode()
    n = len(payload)
    if n < 126:
        head = bytes((0x81, n))
    elif n < 1 << 16:
        head = bytes((0x81, 126)) + n.to_bytes(2, "big")
    else:
        head = bytes((0x81, 127)) + n.to_bytes(8, "big")
    return head + payload


def text_message(text: str) -> Outgoing:
    return Outgoing(text)


def live_status(delayed: bool) -> Outgoing:
    """Whether this process is cut off from the others' changes; see docs/live.md."""
    return Outgoing(frame({"type": "live_status", "delayed": delayed}))


class ConnectionState(Enum):
    """Where a board socket is in its life; it only moves forward."""

    CATCHING_UP = "catching_up"
    """Its snapshot or replay is on its way: events that arrive wait, so none overtakes it."""
    LIVE = "live"
    """The client holds the board: events go out as they come."""
    CLOSED = "closed"
    """Stopped, or its socket failed: nothing more is sent."""


@dataclass(eq=False, slots=True)
class Connection:
    """One board socket. Frames are queued with `offer` (on the connection's own loop) and
    sent in order by a task that exists only while something is waiting to go out.

    Nothing is sent before `start`: the socket is catching up (snapshot or replay) until then,
    and events that arrive meanwhile wait, so none overtakes the snapshot."""

    retro_id: str
    key: str
    display_name: str
    role: str
    kind: str
    send: Send
    backfill: Backfill
    loop: asyncio.AbstractEventLoop
    write: Write | None = field(default=None, repr=False)
    """Where the server allows it, frames to a socket that has nothing queued are written
    straight to it: no task, no coroutine per frame."""
    last_seq: int = 0
    state: ConnectionState = ConnectionState.CATCHING_UP
    dropped: int = 0
    """Events not queued because the queue was full; read from the log once it drains."""
    session: str = field(default="", repr=False)
    """The session token the socket was opened with, so a sign-out can end it too."""
    who: access.Participant | None = field(default=None, repr=False)
    """Who the socket's person is in the retro (role, facilitator rights) as last checked: at
    connect, then by every `recheck`. Commands from the socket are authorised as this while
    it is fresh (see `checked_at`); None once the socket is ended."""
    checked_at: float = field(default_factory=time.monotonic, repr=False)
    """When `who` was last checked (`time.monotonic`)."""
    has_presence: bool = field(default=False, repr=False)
    """The whole presence list has been queued for this socket; from then on it is sent only
    what changes (see `Hub.offer_presence`)."""
    tags: EventTags = field(default_factory=lambda: EventTags(""), repr=False)
    """How the hub tags events, for the ones this connection reads from the log itself."""
    _pending: deque[tuple[int | None, Outgoing]] | None = field(
        default=None, init=False, repr=False
    )
    _sender: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    @property
    def started(self) -> bool:
        """The client has its snapshot (or replay); events now go out as they come."""
        return self.state is ConnectionState.LIVE

    @property
    def closed(self) -> bool:
        return self.state is ConnectionState.CLOSED

    @property
    def overflowed(self) -> bool:
        """The queue has been full at least once: a client that far behind is better served by
        a fresh snapshot when it reconnects."""
        return self.dropped > 0

    def close(self) -> None:
        self.state = ConnectionState.CLOSED
        self._pending = None

    @property
    def idle(self) -> bool:
        """Everything queued so far has been sent."""
        return not self._pending and self._sender is None

    def offer(self, seq: int | None, out: Outgoing) -> None:
        """Send or queue a frame: an event's (with its `seq`) or any other (`seq` None)."""
        if self.closed:
            return
        if (
            self.write is not None
            and self.started
            and self._sender is None
            and not self._pending
            and (seq is None or seq == self.last_seq + 1)
            and self.write(out.frame)
        ):
            if seq is not None:
                self.last_seq = seq
            return
        pending = self._pending
        if pending is None:
            pending = self._pending = deque()
        elif len(pending) >= QUEUE_LIMIT:
            # A client this far behind is better served by a fresh snapshot on reconnect.
            self.dropped += 1
            return
        pending.append((seq, out))
        if self._sender is None and self.started:
            self._sender = self.loop.create_task(self._drain())

    def offer_run(
        self, outs: list[tuple[int, Outgoing]], in_order: bool, shared: dict[tuple[int, ...], bytes]
    ) -> None:
        """Offer events that follow each other (`in_order`: their seqs have no gap): written to
        the socket in one go when it can take them now and they follow what it has, otherwise
        queued one by one as `offer` would. `shared` holds the joined frames by the forms they
        were made of, for the other sockets of the board."""
        if (
            in_order
            and self.write is not None
            and self.started
            and self._sender is None
            and not self._pending
            and outs[0][0] == self.last_seq + 1
        ):
            key = tuple(id(out) for _, out in outs)
            data = shared.get(key)
            if data is None:
                data = shared[key] = b"".join(out.frame for _, out in outs)
            if self.write(data):
                self.last_seq = outs[-1][0]
                return
        for seq, out in outs:
            self.offer(seq, out)

    def start(self, seq: int) -> None:
        """The client holds the board as of `seq`; send what has queued up since."""
        if self.closed:
            return
        self.last_seq = seq
        self.state = ConnectionState.LIVE
        if self._pending and self._sender is None:
            self._sender = self.loop.create_task(self._drain())

    async def stop(self) -> None:
        """Send nothing more; wait for a send in progress to be abandoned."""
        self.close()
        sender = self._sender
        if sender is not None and sender is not asyncio.current_task():
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sender

    async def _drain(self) -> None:
        try:
            while self._pending:
                seq, out = self._pending.popleft()
                if seq is None:
                    await self.send(out.message)
                    continue
                if seq <= self.last_seq:
                    continue
                if seq > self.last_seq + 1:
                    await self._fill_gap(seq)
                await self.send(out.message)
                self.last_seq = seq
        except Exception:
            # The socket is gone or going; its reader sees the disconnect and cleans up.
            log.debug("stopped sending to a board socket", exc_info=True)
            self.close()
        finally:
            self._sender = None
            if not self._pending:
                self._pending = None

    async def _fill_gap(self, seq: int) -> None:
        try:
            missed_events = await self.backfill(self.retro_id, self.last_seq, seq - 1, self.key)
        except Exception as exc:
            # Sending `seq` without what came before would leave the client wrong; it gets a
            # snapshot when it reconnects instead.
            log.warning(
                "could not read missed events of board %s", self.retro_id, exc_info=_trace(exc)
            )
            raise
        for missed in missed_events:
            frame = event_frame(missed.seq, missed.body(self.key), tag_of(self.tags, missed))
            await self.send(text_message(frame).message)
            self.last_seq = missed.seq


def _deliver_one(event: LiveEvent, conns: list[Connection], tags: EventTags) -> None:
    seq, audience = event.seq, event.audience
    tag = tag_of(tags, event)
    full = text_message(event_frame(seq, event.body(audience), tag))
    if audience == "all":
        for conn in conns:
            conn.offer(seq, full)
        return
    # Anyone but the audience gets the public form, never the full one. The test is spelt out
    # per audience (as `gets_full_form` says it) to keep this loop cheap.
    public = text_message(event_frame(seq, event.body(""), tag))
    if audience == MEMBERS:
        for conn in conns:
            conn.offer(seq, full if conn.key.startswith(MEMBER_PREFIX) else public)
        return
    for conn in conns:
        conn.offer(seq, full if conn.key == audience else public)


def _deliver_run(events: list[LiveEvent], conns: list[Connection], tags: EventTags) -> None:
    """Several events of one board in one turn of the loop: a burst, such as hundreds of people
    joining at once. Each socket that can take them now gets them in one write rather than one
    write each: on a board of N sockets, k events cost N writes, not k times N system calls. Sockets
    with the same forms of every event share the bytes."""
    forms = []
    for event in events:
        audience, tag = event.audience, tag_of(tags, event)
        full = text_message(event_frame(event.seq, event.body(audience), tag))
        public = (
            full if audience == "all" else text_message(event_frame(event.seq, event.body(""), tag))
        )
        forms.append((event.seq, audience, full, public))
    first = forms[0][0]
    in_order = all(seq == first + i for i, (seq, *_) in enumerate(forms))
    shared: dict[tuple[int, ...], bytes] = {}
    for conn in conns:
        member = conn.key.startswith(MEMBER_PREFIX)
        outs = [
            (
                seq,
                full
                if audience in ("all", conn.key) or (audience == MEMBERS and member)
                else public,
            )
            for seq, audience, full, public in forms
        ]
        conn.offer_run(outs, in_order, shared)


def _offer_all(offers: list[tuple[Connection, Outgoing]]) -> None:
    for conn, out in offers:
        conn.offer(None, out)


class Hub:
    """Connections by board. Events arrive in batches from worker threads (after a commit) or
    from the Redis listener, and are handed to each event loop that has connections for their
    boards: once per loop, not once per connection or per event."""

    def __init__(
        self, backfill: Backfill, presence: Presence | None = None, tags: EventTags | None = None
    ) -> None:
        self.tags = tags if tags is not None else EventTags("")
        self._boards: dict[str, set[Connection]] = {}
        # The presence list each board's sockets hold, by participant key.
        self._shown: dict[str, dict[str, Participant]] = {}
        self._inbox: dict[asyncio.AbstractEventLoop, list[LiveEvent]] = {}
        # Crowded boards' events waiting for their next burst, and when each may have it; only
        # ever touched on the loop named in the key.
        self._held: dict[tuple[asyncio.AbstractEventLoop, str], list[LiveEvent]] = {}
        self._free_at: dict[tuple[asyncio.AbstractEventLoop, str], float] = {}
        # The same for presence (any thread): the latest list waiting, and when it may go.
        self._presence_held: dict[str, list[Participant]] = {}
        self._presence_free_at: dict[str, float] = {}
        self._lock = threading.Lock()
        self._delayed = False
        self._tasks: set[asyncio.Task[None]] = set()
        self.backfill = backfill
        self._presence = presence if presence is not None else LocalPresence()
        self._presence.start(self)

    def connections(self, retro_id: str) -> set[Connection]:
        with self._lock:
            return set(self._boards.get(retro_id, ()))

    def open_sockets(self) -> tuple[int, int]:
        """(boards with a socket, sockets) in this process, for the metrics page."""
        with self._lock:
            return len(self._boards), sum(len(conns) for conns in self._boards.values())

    def attach(self, conn: Connection) -> None:
        """Called on the connection's loop, before it catches up: frames offered now go out
        right after the snapshot."""
        with self._lock:
            self._boards.setdefault(conn.retro_id, set()).add(conn)
            delayed = self._delayed
        if delayed:
            conn.offer(None, live_status(True))
        self._presence.changed(conn.retro_id)

    def detach(self, conn: Connection) -> None:
        with self._lock:
            conns = self._boards.get(conn.retro_id)
            if conns is not None:
                conns.discard(conn)
                if not conns:
                    del self._boards[conn.retro_id]
                    self._free_at.pop((conn.loop, conn.retro_id), None)
                    self._presence_free_at.pop(conn.retro_id, None)
        self._presence.changed(conn.retro_id)

    def publish(self, events: Sequence[LiveEvent]) -> None:
        """Thread-safe entry point for the bus. A loop is woken only if it has nothing from the
        hub waiting yet; otherwise the events join what it will take on its next turn, so a
        busy loop is not interrupted once per batch."""
        wake: list[asyncio.AbstractEventLoop] = []
        with self._lock:
            for event in events:
                for loop in {c.loop for c in self._boards.get(event.retro_id, ())}:
                    inbox = self._inbox.get(loop)
                    if inbox is None:
                        inbox = self._inbox[loop] = []
                        wake.append(loop)
                    inbox.append(event)
        for loop in wake:
            try:
                loop.call_soon_threadsafe(self._deliver, loop)
            except RuntimeError:  # a loop that has just closed
                with self._lock:
                    self._inbox.pop(loop, None)

    def _deliver(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            events = self._inbox.pop(loop, ())
            by_board: dict[str, list[LiveEvent]] = {}
            for event in events:
                by_board.setdefault(event.retro_id, []).append(event)
            work = [
                (retro_id, board, [c for c in self._boards.get(retro_id, ()) if c.loop is loop])
                for retro_id, board in by_board.items()
            ]
        for retro_id, board, conns in work:
            if len(conns) >= HOLD_FROM and self._hold(loop, retro_id, board):
                continue
            self._send(board, conns)

    def _send(self, board: list[LiveEvent], conns: list[Connection]) -> None:
        if not conns or not board:
            return
        if len(board) == 1:
            _deliver_one(board[0], conns, self.tags)
        else:
            _deliver_run(board, conns, self.tags)

    def _hold(self, loop: asyncio.AbstractEventLoop, retro_id: str, board: list[LiveEvent]) -> bool:
        """Keep a crowded board's events for its next burst if it had one moments ago; True
        if they were kept (and will go out with the burst)."""
        key = (loop, retro_id)
        held = self._held.get(key)
        if held is not None:
            held.extend(board)
            return True
        now = loop.time()
        free_at = self._free_at.get(key, 0.0)
        if now >= free_at:
            self._free_at[key] = now + hold_for(len(self._boards.get(retro_id, ())))
            return False
        self._held[key] = list(board)
        loop.call_at(free_at, self._release, loop, retro_id)
        return True

    def _release(self, loop: asyncio.AbstractEventLoop, retro_id: str) -> None:
        key = (loop, retro_id)
        board = self._held.pop(key, [])
        with self._lock:
            conns = [c for c in self._boards.get(retro_id, ()) if c.loop is loop]
        if len(conns) < HOLD_FROM:
            self._free_at.pop(key, None)
        else:
            self._free_at[key] = loop.time() + hold_for(len(conns))
        self._send(board, conns)

    @property
    def delayed(self) -> bool:
        with self._lock:
            return self._delayed

    def link_changed(self, delayed: bool) -> None:
        """Thread-safe (the bus calls it): tell every socket whether its board may lag."""
        with self._lock:
            if delayed == self._delayed:
                return
            self._delayed = delayed
            conns = [c for board in self._boards.values() for c in board]
        message = live_status(delayed)
        for c in conns:
            with contextlib.suppress(RuntimeError):  # a loop that has just closed
                c.loop.call_soon_threadsafe(c.offer, None, message)

    def catch_up(self, heads: Mapping[str, int] | None) -> None:
        """Thread-safe (the bus calls it): read what boards missed from the log and send it,
        on each loop that serves them. `heads` names boards and the seq each reached; None
        means every board."""
        by_loop: dict[asyncio.AbstractEventLoop, set[str]] = {}
        with self._lock:
            for retro_id, conns in self._boards.items():
                if heads is None or retro_id in heads:
                    for c in conns:
                        by_loop.setdefault(c.loop, set()).add(retro_id)
        for loop, boards in by_loop.items():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._start_catch_up, boards, heads)

    def _start_catch_up(self, boards: Collection[str], heads: Mapping[str, int] | None) -> None:
        task = asyncio.get_running_loop().create_task(self._catch_up(boards, heads))
        # Kept until done: the loop itself holds tasks only weakly.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _catch_up(self, boards: Collection[str], heads: Mapping[str, int] | None) -> None:
        """For each board, the events after the one its least advanced socket has, read from
        the log and delivered like any others: each socket skips what it already has. One
        read per board (per chunk), however many sockets."""
        loop = asyncio.get_running_loop()
        for retro_id in boards:
            with self._lock:
                conns = [
                    c
                    for c in self._boards.get(retro_id, ())
                    if c.loop is loop and c.started and not c.closed
                ]
            if not conns:
                continue  # sockets still catching up get their snapshot from the log anyway
            after = min(c.last_seq for c in conns)
            if heads is not None and after >= heads.get(retro_id, 0):
                continue
            try:
                while True:
                    events = await self.backfill(retro_id, after, after + CATCH_UP_CHUNK, "")
                    if events:
                        self.publish(events)
                        after = events[-1].seq
                    if len(events) < CATCH_UP_CHUNK:
                        break
            except Exception as exc:
                # The next event on the board fills the gap instead.
                log.warning(
                    "could not catch board %s up from the log", retro_id, exc_info=_trace(exc)
                )

    def local_presence(self, retro_id: str) -> list[Participant]:
        """Who is connected to this process; the presence in use merges other processes' in."""
        return merge(
            {"key": c.key, "display_name": c.display_name, "role": c.role, "kind": c.kind}
            for c in self.connections(retro_id)
        )

    def offer_presence(self, retro_id: str, participants: list[Participant]) -> None:
        """Thread-safe: shared presence arrives from a background thread.

        A socket gets the whole list once; after that it is told only what changed
        (`presence_changed`: who arrived or changed, whose keys left), and nothing at all when
        nothing did, e.g. when someone here already opens another tab. Sending everyone the
        whole list on every join made a burst of N joins cost N² entries; now each join costs
        every socket one small frame, or a share of one when joins are coalesced."""
        if self._hold_presence(retro_id, participants):
            return
        self._show_presence(retro_id, participants)

    def _hold_presence(self, retro_id: str, participants: list[Participant]) -> bool:
        """Keep a crowded board's presence for later if it changed moments ago (only the latest
        list matters); True if kept, to be shown by `_release_presence`."""
        with self._lock:
            conns = self._boards.get(retro_id, ())
            hold = hold_for(len(conns))
            if hold == 0.0:
                self._presence_free_at.pop(retro_id, None)
                return False
            if retro_id in self._presence_held:
                self._presence_held[retro_id] = participants
                return True
            now = time.monotonic()
            free_at = self._presence_free_at.get(retro_id, 0.0)
            if now >= free_at:
                self._presence_free_at[retro_id] = now + hold
                return False
            self._presence_held[retro_id] = participants
            loop = next(iter(conns)).loop
        with contextlib.suppress(RuntimeError):  # a loop that has just closed
            loop.call_soon_threadsafe(
                loop.call_later, free_at - now, self._release_presence, retro_id
            )
        return True

    def _release_presence(self, retro_id: str) -> None:
        with self._lock:
            participants = self._presence_held.pop(retro_id, None)
            if retro_id in self._boards:
                hold = hold_for(len(self._boards[retro_id]))
                self._presence_free_at[retro_id] = time.monotonic() + hold
        if participants is not None:
            self._show_presence(retro_id, participants)

    def _show_presence(self, retro_id: str, participants: list[Participant]) -> None:
        now = {p["key"]: p for p in participants}
        with self._lock:
            conns = list(self._boards.get(retro_id, ()))
            before = self._shown.pop(retro_id, None)
            if conns:
                self._shown[retro_id] = now
            fresh = [c for c in conns if not c.has_presence or before is None]
            for c in fresh:
                c.has_presence = True
        whole = text_message(frame({"type": "presence", "participants": participants}))
        change = None
        if before is not None:
            joined = [p for key, p in now.items() if before.get(key) != p]
            left = sorted(key for key in before if key not in now)
            if joined or left:
                change = text_message(
                    frame({"type": "presence_changed", "joined": joined, "left": left})
                )
        fresh_ids = {id(c) for c in fresh}
        by_loop: dict[asyncio.AbstractEventLoop, list[tuple[Connection, Outgoing]]] = {}
        for c in conns:
            out = whole if id(c) in fresh_ids else change
            if out is not None:
                by_loop.setdefault(c.loop, []).append((c, out))
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        for loop, offers in by_loop.items():
            if loop is here:  # on the sockets' own loop already: in order with what follows
                _offer_all(offers)
                continue
            with contextlib.suppress(RuntimeError):  # a loop that has just closed
                loop.call_soon_threadsafe(_offer_all, offers)

    async def recheck(
        self,
        allowed: Callable[
            [str, set[tuple[str, str]]], Awaitable[dict[tuple[str, str], access.Participant]]
        ],
        code: int,
        reason: str,
    ) -> int:
        """Look again at who may see each board this loop serves. A socket whose person no
        longer may (removed from the team, signed out, a deleted retro) is closed, even one
        that only listens; every other socket's `who` is brought up to date, so a changed
        role or facilitator right holds for its next command. One check per board, given each
        socket's (key, session); it answers who each still-allowed holder is. A board whose
        check fails keeps its sockets as they were (their `who` goes stale, see
        `Connection.checked_at`) and the others are still checked. Returns how many closed."""
        loop = asyncio.get_running_loop()
        with self._lock:
            boards = {
                retro_id: [c for c in conns if c.loop is loop and not c.closed]
                for retro_id, conns in self._boards.items()
            }
        ended = 0
        close = {"type": "websocket.close", "code": code, "reason": reason}
        for retro_id, conns in boards.items():
            if not conns:
                continue
            try:
                still = await allowed(retro_id, {(c.key, c.session) for c in conns})
            except Exception as exc:
                log.warning(
                    "could not check the sockets of board %s", retro_id, exc_info=_trace(exc)
                )
                continue
            checked_at = time.monotonic()
            for conn in conns:
                if conn.closed:
                    continue
                who = still.get((conn.key, conn.session))
                if who is not None:
                    conn.who, conn.checked_at = who, checked_at
                    continue
                conn.who = None
                await conn.stop()
                with contextlib.suppress(Exception):  # already going away
                    await conn.send(close)
                ended += 1
        return ended

    def close(self) -> None:
        self._presence.close()


def _trace(exc: BaseException) -> BaseException | bool:
    """A traceback for a bug; for a database that is away for a moment, the one line says it."""
    return False if isinstance(exc, StorageUnavailable) else exc
