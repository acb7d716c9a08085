"""Publishing to Redis from a thread of its own, so a board command never waits on Redis.

A command is acknowledged once it is committed; telling the other processes is something the
event log can always make good. So whoever commits only hands the message over (never
blocking), and this thread publishes it with a short timeout.

Nothing piles up for a Redis that is away. While it cannot be reached (down, or frozen and not
answering), a message is dropped as soon as it is handed over, and only which boards it touched
(and the seq each reached) is kept. The queue is bounded too: should Redis fall behind while
still answering, the oldest message is dropped the same way. Once Redis answers again, one
message on the board channel (`HEADS_FORMAT`) names those boards, and every other process reads
what it missed of them from the log.
"""

import logging
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger("twofold.live")

TIMEOUT_SECONDS = 0.5
"""How long one publish may take. Redis answers a publish in well under a millisecond; one that
has not answered in this long is treated as away."""
QUEUE_LIMIT = 1000
"""Messages waiting to go out; past this the oldest is dropped (its boards are announced)."""
RETRY_SECONDS = 0.25
RETRY_MAX_SECONDS = 1.0
HEADS_FORMAT = "twofold-heads/1"


def encode_heads(heads: Mapping[str, int], sender: str) -> str:
    """`HEADS_FORMAT` and the sender on the first line, then `<retro id> <seq>` per board."""
    return "\n".join([f"{HEADS_FORMAT} {sender}", *(f"{r} {s}" for r, s in heads.items())])


def decode_heads(data: bytes | str) -> tuple[str, dict[str, int]]:
    """(sender, board → seq) of a message written by `encode_heads`; ValueError otherwise."""
    text = data.decode() if isinstance(data, bytes) else data
    lines = text.split("\n")
    fmt, _, sender = lines[0].partition(" ")
    if fmt != HEADS_FORMAT or not sender or len(lines) < 2:
        raise ValueError("not a heads message")
    heads: dict[str, int] = {}
    for line in lines[1:]:
        retro_id, _, seq = line.partition(" ")
        if not retro_id or not (seq.isascii() and seq.isdigit()):
            raise ValueError("not a board head")
        heads[retro_id] = max(int(seq), heads.get(retro_id, 0))
    return sender, heads


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message: its first line (`head`) and the rest. Messages waiting with the same channel
    and head go out as one, their bodies joined by line breaks, so however many commits came
    while the last publish was on its way, the next is one message and one round trip."""

    channel: str
    head: str
    body: str
    heads: dict[str, int] = field(default_factory=dict)
    """The boards whose events the message carries, and the highest seq of each: what the
    other processes must read from the log should the message be dropped."""


BATCH_BYTES = 256 * 1024
"""Bodies are joined into one message up to about this size."""


def _messages(batch: list[Outgoing]) -> list[tuple[str, str]]:
    """(channel, message) for a batch, in order, runs of the same channel and head joined."""
    out: list[tuple[str, str]] = []
    run: list[Outgoing] = []
    for item in batch:
        if run and (item.channel, item.head) != (run[0].channel, run[0].head):
            out.append((run[0].channel, "\n".join([run[0].head, *(o.body for o in run)])))
            run = []
        run.append(item)
    if run:
        out.append((run[0].channel, "\n".join([run[0].head, *(o.body for o in run)])))
    return out


def _merge(into: dict[str, int], heads: Mapping[str, int]) -> None:
    for retro_id, seq in heads.items():
        if seq > into.get(retro_id, 0):
            into[retro_id] = seq


class Publisher:
    """One thread and one connection, publishing in the order messages were handed over.
    `on_link(up)` is called (on this thread) when publishing starts failing, and again when
    it succeeds once more."""

    def __init__(
        self,
        url: str,
        sender: str,
        heads_channel: str,
        on_link: Callable[[bool], None],
        *,
        timeout: float = TIMEOUT_SECONDS,
        limit: int = QUEUE_LIMIT,
    ) -> None:
        self._client = redis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )
        self._sender = sender
        self._heads_channel = heads_channel
        self._on_link = on_link
        self._limit = limit
        self._queue: deque[Outgoing] = deque()
        self._behind: dict[str, int] = {}
        self._down = False
        self._closed = False
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self.dropped = 0
        """Messages dropped so far (Redis away, or the queue full)."""

    @property
    def pending(self) -> int:
        """Messages handed over and not yet taken by the thread."""
        with self._wake:
            return len(self._queue)

    def put(self, item: Outgoing) -> None:
        """Hand a message over; returns at once, whatever Redis is doing."""
        with self._wake:
            if self._closed:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="twofold-redis-publish", daemon=True
                )
                self._thread.start()
            if self._down:
                self._drop(item)
                return
            if len(self._queue) >= self._limit:
                self._drop(self._queue.popleft())
            self._queue.append(item)
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._client.close()

    def _drop(self, item: Outgoing) -> None:
        """Under the lock: the message will not go out; its boards are announced instead."""
        self.dropped += 1
        _merge(self._behind, item.heads)

    def _run(self) -> None:
        delay = RETRY_SECONDS
        while True:
            with self._wake:
                while not (self._closed or self._queue or self._behind or self._down):
                    self._wake.wait()
                if self._closed:
                    return
                batch: list[Outgoing] = []
                size = 0
                while self._queue and size < BATCH_BYTES:
                    batch.append(self._queue.popleft())
                    size += len(batch[-1].body)
                behind = dict(self._behind) if not batch else {}
            # While Redis is away nothing is queued, so this announcement is also the probe.
            ok = self._send_all(_messages(batch)) if batch else self._announce(behind)
            if ok:
                delay = RETRY_SECONDS
                self._came_back()
                continue
            with self._wake:
                for item in batch:
                    self._drop(item)
                while self._queue:
                    self._drop(self._queue.popleft())
                went = not self._down
                self._down = True
            if went:
                log.warning("could not publish to Redis; other processes will read the log")
                self._notify(up=False)
            with self._wake:
                self._wake.wait_for(lambda: self._closed, timeout=delay)
            delay = min(delay * 2, RETRY_MAX_SECONDS)

    def _announce(self, behind: dict[str, int]) -> bool:
        """Tell the other processes which boards to read from the log (with nothing to tell,
        only whether Redis answers)."""
        if not behind:
            return self._ping()
        if not self._send(self._heads_channel, encode_heads(behind, self._sender)):
            return False
        with self._wake:
            for retro_id, seq in behind.items():
                if self._behind.get(retro_id) == seq:
                    del self._behind[retro_id]
        return True

    def _came_back(self) -> None:
        with self._wake:
            was_down, self._down = self._down, False
        if was_down:
            log.warning("publishing to Redis again")
            self._notify(up=True)

    def _notify(self, *, up: bool) -> None:
        try:
            self._on_link(up)
        except Exception:
            log.exception("could not pass on the state of the link to Redis")

    def _send_all(self, messages: list[tuple[str, str]]) -> bool:
        if len(messages) == 1:
            return self._send(*messages[0])
        try:
            with self._client.pipeline(transaction=False) as pipe:
                for channel, message in messages:
                    pipe.publish(channel, message)
                pipe.execute()
        except redis.RedisError:
            return False
        return True

    def _send(self, channel: str, message: str) -> bool:
        try:
            self._client.publish(channel, message)
        except redis.RedisError:
            return False
        return True

    def _ping(self) -> bool:
        try:
            self._client.ping()
        except redis.RedisError:
            return False
        return True
