"""Fan-out of board events to this process's WebSocket connections.

Each event is serialised once per form (the full one for its audience, the public one for the
rest) and the same bytes are queued for every connection of the board. Each connection has one
writer task that sends in `seq` order; if it sees a gap (events published out of order, or
missed while it was catching up) it reads the missing ones from the log instead of guessing.

Presence (who is connected) starts from this process's connections too; the `Presence` the hub
is given decides whether other processes' participants are merged in (see `presence.py`).
"""

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from twofold.domain.events import RecordedEvent
from twofold.live.presence import LocalPresence, Participant, Presence, merge

log = logging.getLogger("twofold.live")

Sender = Callable[[str], Awaitable[None]]
Backfill = Callable[[str, int, int, str], Awaitable[list[RecordedEvent]]]
"""(retro_id, after_seq, up_to_seq, viewer) → the events in between, read from the log."""

QUEUE_LIMIT = 5000


def event_frame(seq: int, body: str) -> str:
    return f'{{"type":"event","seq":{seq},"event":{body}}}'


def frame(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False, default=str)


@dataclass(eq=False)
class Connection:
    retro_id: str
    key: str
    display_name: str
    role: str
    kind: str
    send: Sender
    loop: asyncio.AbstractEventLoop
    last_seq: int = 0
    queue: asyncio.Queue[tuple[int | None, str]] = field(default_factory=asyncio.Queue)
    overflowed: bool = False

    def offer(self, seq: int | None, text: str) -> None:
        if self.queue.qsize() >= QUEUE_LIMIT:
            # A client this far behind is better served by a fresh snapshot on reconnect.
            self.overflowed = True
            return
        self.queue.put_nowait((seq, text))


class Hub:
    """Connections by board. Events arrive from worker threads (after a commit) or from the
    Redis listener; they are handed to each event loop that has connections for the board, once
    per loop, not once per connection."""

    def __init__(self, backfill: Backfill, presence: Presence | None = None) -> None:
        self._boards: dict[str, set[Connection]] = {}
        self._lock = threading.Lock()
        self._backfill = backfill
        self._presence = presence if presence is not None else LocalPresence()
        self._presence.start(self)

    def connections(self, retro_id: str) -> set[Connection]:
        with self._lock:
            return set(self._boards.get(retro_id, ()))

    def attach(self, conn: Connection) -> None:
        with self._lock:
            self._boards.setdefault(conn.retro_id, set()).add(conn)
        self._presence.changed(conn.retro_id)

    def detach(self, conn: Connection) -> None:
        with self._lock:
            conns = self._boards.get(conn.retro_id)
            if conns is not None:
                conns.discard(conn)
                if not conns:
                    del self._boards[conn.retro_id]
        self._presence.changed(conn.retro_id)

    def publish(self, event: RecordedEvent) -> None:
        """Thread-safe entry point for the bus."""
        with self._lock:
            loops = {c.loop for c in self._boards.get(event.retro_id, ())}
        for loop in loops:
            with contextlib.suppress(RuntimeError):  # a loop that has just closed
                loop.call_soon_threadsafe(self._deliver, loop, event)

    def _deliver(self, loop: asyncio.AbstractEventLoop, event: RecordedEvent) -> None:
        conns = [c for c in self.connections(event.retro_id) if c.loop is loop]
        if not conns:
            return
        full = event_frame(event.seq, event.body(event.audience))
        public = event_frame(event.seq, event.body("")) if event.audience != "all" else full
        for conn in conns:
            conn.offer(event.seq, full if event.audience in ("all", conn.key) else public)

    def local_presence(self, retro_id: str) -> list[Participant]:
        """Who is connected to this process; the presence in use merges other processes' in."""
        return merge(
            {"key": c.key, "display_name": c.display_name, "role": c.role, "kind": c.kind}
            for c in self.connections(retro_id)
        )

    def offer_presence(self, retro_id: str, participants: list[Participant]) -> None:
        """Thread-safe: shared presence arrives from a background thread."""
        text = frame({"type": "presence", "participants": participants})
        for c in self.connections(retro_id):
            with contextlib.suppress(RuntimeError):  # a loop that has just closed
                c.loop.call_soon_threadsafe(c.offer, None, text)

    def close(self) -> None:
        self._presence.close()

    async def run_writer(self, conn: Connection) -> None:
        """Send the connection's queue in order until it is cancelled or the socket fails."""
        while True:
            seq, text = await conn.queue.get()
            if seq is None:
                await conn.send(text)
                continue
            if seq <= conn.last_seq:
                continue
            if seq > conn.last_seq + 1:
                for missed in await self._backfill(conn.retro_id, conn.last_seq, seq - 1, conn.key):
                    await conn.send(event_frame(missed.seq, missed.body(conn.key)))
                    conn.last_seq = missed.seq
            await conn.send(text)
            conn.last_seq = seq


async def cancel(task: asyncio.Task[Any]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
