"""Fan-out across app processes through Redis pub/sub.

Every process hands what each commit recorded to its own hub at once, and publishes it, in one
message on one channel, for the others; each listens to that channel, hands what the others
sent to its hub, and skips its own messages (each names the process that sent it). So the
sockets of the process that took a command hear of it whatever Redis is doing, and publishing
happens on a thread of its own (`redis_publisher.py`), so no command waits on Redis.

A process that misses messages is not lost, because the event log in the database is the
record. Its connections notice a gap in `seq` at the next event and read the missing ones from
the log; and without waiting for a next event, a process whose listener lost Redis (down, or
not answering) reads every board it serves from the log once it is back, and a process that
could not publish names the boards concerned once it can (`HEADS_FORMAT`), so the others read
those. While its listener is cut off, a process tells its sockets their board may lag
(`LinkWatcher.link_changed`).

A message carries the event's bodies already serialised, as the publishing process made them
for its log and sockets, so no process parses and re-serialises an event to pass it on; see
`encode`. The same listener carries presence notifications (see `presence.py`) and team
notices (`TEAM_CHANNEL`), so a process holds one subscriber connection to Redis whatever it
shares through it.
"""

import logging
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from twofold.domain.events import gets_full_form
from twofold.live.bus import (
    LinkWatcher,
    Listener,
    LiveEvent,
    MemoryBus,
    TeamChange,
    TeamListener,
    TeamNotice,
)
from twofold.live.presence import CHANNEL as PRESENCE_CHANNEL
from twofold.live.presence import NoticeListener, RedisPresence, RedisPresenceStore
from twofold.live.presence import client as presence_client
from twofold.live.redis_publisher import HEADS_FORMAT, Outgoing, Publisher, decode_heads

log = logging.getLogger("twofold.live")
CHANNEL_PREFIX = "twofold:board:"
CHANNEL = CHANNEL_PREFIX + "events"
"""Every board's events go on one channel, a commit's events in one message. It matches the
prefix earlier versions listened to, so a process of another version hears the message, finds
it unreadable and fills the gap from the log (see docs/operations.md)."""
FORMAT = "twofold-events/3"
"""The first line of a message: this, a space and the sending process's id."""
TEAM_CHANNEL = "twofold:teams"
"""Team notices from every process; a message holds one commit's notices."""
TEAM_FORMAT = "twofold-teams/2"
TEAM_CHANGES: dict[str, TeamChange] = {
    "team": "team",
    "members": "members",
    "retros": "retros",
    "actions": "actions",
}
LISTEN_BATCH = 256
"""Once this many events have been read back to back, they are handed to the hub."""
PING_AFTER_SECONDS = 1.0
"""A listener that has heard nothing for this long asks Redis whether it is still there..."""
SILENT_SECONDS = 3.0
"""... and one that has heard nothing, not even the answer, for this long takes Redis for gone
(frozen, or the network cut without a word) and connects again."""
RECONNECT_MAX_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class RelayedEvent:
    """An event heard from another process (or this one, through Redis): the bodies as they
    were serialised where it was recorded."""

    retro_id: str
    seq: int
    audience: str
    full: str
    public: str

    def body(self, viewer: str) -> str:
        return self.full if gets_full_form(self.audience, viewer) else self.public


def _fields(event: LiveEvent) -> list[str]:
    parts = [event.retro_id, str(event.seq), event.audience, event.body(event.audience)]
    if event.audience != "all":
        parts.append(event.body(""))
    if any("\n" in p for p in parts):
        raise ValueError("a line break inside a field")
    return parts


def _head(fmt: str, sender: str) -> str:
    return f"{fmt} {sender}" if sender else fmt


def _sender_of(first_line: str, fmt: str, what: str) -> str:
    """The sender named on a message's first line ("" for none); ValueError for another
    format."""
    found, _, sender = first_line.partition(" ")
    if found != fmt or " " in sender:
        raise ValueError(f"not a {what} message")
    return sender


def encode(events: Sequence[LiveEvent], sender: str = "") -> str | None:
    """One message for a commit's events: `FORMAT` and the sender on the first line, then for
    each event its retro id, seq, audience and full body, one per line, and its public body on
    a line of its own when the event is meant for one participant. None when there is nothing
    to send.

    JSON as the bodies are written never holds a raw line break (it is escaped inside
    strings), and neither do ids, so a line break can only ever separate fields. An event with
    a field that holds one anyway is left out (listeners fill it in from the log) rather than
    sent to be misread.

    What follows the first line is self-delimiting, so the bodies of several messages from one
    sender, joined by line breaks behind one first line, are one message (see `Outgoing`)."""
    body = encode_body(events)
    return None if body is None else f"{_head(FORMAT, sender)}\n{body}"


def encode_body(events: Sequence[LiveEvent]) -> str | None:
    """A message for `events` without its first line."""
    lines: list[str] = []
    for event in events:
        try:
            lines += _fields(event)
        except ValueError:
            log.warning("could not encode board event %s/%s", event.retro_id, event.seq)
    return "\n".join(lines) if lines else None


def decode(data: bytes | str) -> list[RelayedEvent]:
    """The events in a message written by `encode`; ValueError for anything else."""
    return decode_from(data)[1]


def decode_from(data: bytes | str) -> tuple[str, list[RelayedEvent]]:
    """The sender and the events of a message written by `encode`; ValueError for anything
    else, in which case none of its events is taken.

    An event meant for one participant must carry its public form: without it there is
    nothing the others may see, so the message is refused rather than fall back on the full
    form."""
    text = data.decode() if isinstance(data, bytes) else data
    lines = text.split("\n")
    sender = _sender_of(lines[0], FORMAT, "board events")
    if len(lines) < 5:
        raise ValueError("not a board events message")
    events: list[RelayedEvent] = []
    at = 1
    while at < len(lines):
        if len(lines) - at < 4:
            raise ValueError("an incomplete board event")
        retro_id, seq_text, audience, full = lines[at : at + 4]
        at += 4
        if not (seq_text.isascii() and seq_text.isdigit()):
            raise ValueError("not a board event's seq")
        seq = int(seq_text)
        if not retro_id or not audience or seq < 1 or not full:
            raise ValueError("an incomplete board event")
        public = full
        if audience != "all":
            if at >= len(lines) or not lines[at]:
                raise ValueError("no public form for an event meant for one participant")
            public = lines[at]
            at += 1
        events.append(RelayedEvent(retro_id, seq, audience, full, public))
    return sender, events


def encode_team(notices: Sequence[TeamNotice], sender: str = "") -> str | None:
    """`TEAM_FORMAT` and the sender on the first line, then one `team_id what` line per
    notice."""
    body = encode_team_body(notices)
    return None if body is None else f"{_head(TEAM_FORMAT, sender)}\n{body}"


def encode_team_body(notices: Sequence[TeamNotice]) -> str | None:
    lines = [f"{n.team_id} {n.what}" for n in notices if n.team_id and " " not in n.team_id]
    return "\n".join(lines) if lines else None


def decode_team(data: bytes | str) -> tuple[str, list[TeamNotice]]:
    """The sender and the notices of a message written by `encode_team`; ValueError for
    anything else."""
    text = data.decode() if isinstance(data, bytes) else data
    lines = text.split("\n")
    sender = _sender_of(lines[0], TEAM_FORMAT, "team notices")
    if len(lines) < 2:
        raise ValueError("not a team notices message")
    notices = []
    for line in lines[1:]:
        team_id, _, what = line.partition(" ")
        change = TEAM_CHANGES.get(what)
        if not team_id or change is None:
            raise ValueError("not a team notice")
        notices.append(TeamNotice(team_id, change))
    return sender, notices


_TEAM_CHANNELS = (TEAM_CHANNEL, TEAM_CHANNEL.encode())
_HEADS_PREFIX = HEADS_FORMAT.encode()


def _listener_client(url: str) -> "redis.Redis":
    """The listener's own connection: it gives up on a Redis that does not answer within a
    few seconds rather than hang (a frozen Redis still accepts connections), and never retries
    by itself, since the listener reconnects (and catches up) on its own terms."""
    return redis.Redis.from_url(
        url,
        socket_timeout=SILENT_SECONDS,
        socket_connect_timeout=SILENT_SECONDS,
        retry=Retry(NoBackoff(), 0),
    )


class RedisBus:
    def __init__(self, url: str) -> None:
        self._url = url
        self._redis = _listener_client(url)
        self.sender = secrets.token_hex(8)
        """This process's id on the bus: its own messages, heard back, are skipped."""
        self._events_head = _head(FORMAT, self.sender)
        self._own_events_head = self._events_head.encode()
        self._publisher = Publisher(url, self.sender, CHANNEL, self._publishing)
        self._local = MemoryBus()
        self._listening = False
        self._ready = threading.Event()
        """Set once the listener's first try is over, subscribed or not."""
        self._lock = threading.Lock()
        self._telling = threading.Lock()
        """Held while watchers are told of the link, so they hear its changes in order."""
        self._stop = threading.Event()
        self._notices: list[NoticeListener] = []
        self._watchers: list[LinkWatcher] = []
        self._hearing: bool | None = None
        """Whether the listener is subscribed and hears Redis; None before its first try."""
        self._publishing_ok = True
        self._delayed = False

    def reachable(self) -> bool:
        """Redis answers a ping within the listener's timeout (readiness checks ask)."""
        try:
            return bool(self._redis.ping())
        except redis.RedisError:
            return False

    @property
    def delayed(self) -> bool:
        """This process knows it is cut off from the other processes' events."""
        with self._lock:
            return self._delayed

    def publish(self, events: Sequence[LiveEvent]) -> None:
        """Everything one commit recorded: to this process's sockets now, and to the others
        in one message, sent by the publisher's thread."""
        if not events:
            return
        self._local.publish(events)
        body = encode_body(events)
        if body is None:
            return
        heads: dict[str, int] = {}
        for event in events:
            heads[event.retro_id] = max(event.seq, heads.get(event.retro_id, 0))
        self._publisher.put(Outgoing(CHANNEL, self._events_head, body, heads))

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        self._ensure_listening()
        return self._local.subscribe_all(listener)

    def publish_team(self, notices: Sequence[TeamNotice]) -> None:
        """A commit's team notices: to this process's team pages now, and to the others in
        one message. Notices are not logged; the others' pages catch up when they next load
        (or, after a Redis outage, when their process is back on the bus)."""
        if not notices:
            return
        self._local.publish_team(notices)
        body = encode_team_body(notices)
        if body is not None:
            self._publisher.put(Outgoing(TEAM_CHANNEL, _head(TEAM_FORMAT, self.sender), body))

    def subscribe_team(self, listener: TeamListener) -> Callable[[], None]:
        self._ensure_listening()
        return self._local.subscribe_team(listener)

    def watch(self, watcher: LinkWatcher) -> Callable[[], None]:
        with self._telling:
            with self._lock:
                self._watchers.append(watcher)
                delayed = self._delayed
            if delayed:
                self._tell(watcher.link_changed, True)
        self._ensure_listening()

        def unwatch() -> None:
            with self._lock:
                self._watchers.remove(watcher)

        return unwatch

    def presence(self) -> RedisPresence:
        """Presence shared with every other process on this Redis."""
        return RedisPresence(
            RedisPresenceStore(presence_client(self._url)), self.subscribe_presence
        )

    def subscribe_presence(self, listener: NoticeListener) -> Callable[[], None]:
        with self._lock:
            self._notices.append(listener)
        self._ensure_listening()

        def unsubscribe() -> None:
            with self._lock:
                self._notices.remove(listener)

        return unsubscribe

    def close(self) -> None:
        self._stop.set()
        self._publisher.close()

    # ---------------------------------------------------------------- the state of the link

    def _publishing(self, up: bool) -> None:
        """From the publisher's thread: publishing failed, or works again."""
        with self._lock:
            self._publishing_ok = up
        self._link_changed()

    def _heard(self, hearing: bool) -> None:
        """From the listener's thread: subscribed and hearing Redis, or cut off. Coming back
        after being cut off, every board this process serves is read from the log."""
        self._ready.set()
        with self._lock:
            was, self._hearing = self._hearing, hearing
            watchers = list(self._watchers)
        if was is hearing:
            return
        if hearing and was is False:
            log.warning("hearing Redis again; reading what was missed from the log")
            for watcher in watchers:
                self._tell(watcher.catch_up, None)
        elif not hearing:
            log.warning("lost the Redis connection; other processes' changes will come late")
        self._link_changed()

    def _link_changed(self) -> None:
        with self._telling:
            with self._lock:
                delayed = self._hearing is False or not self._publishing_ok
                if delayed == self._delayed:
                    return
                self._delayed = delayed
                watchers = list(self._watchers)
            for watcher in watchers:
                self._tell(watcher.link_changed, delayed)

    @staticmethod
    def _tell(call: Callable[..., None], *args: object) -> None:
        try:
            call(*args)
        except Exception:
            # The listener's thread carries every board's events: it must go on.
            log.exception("could not pass on the state of the link to Redis")

    # ---------------------------------------------------------------- listening

    def _ensure_listening(self) -> None:
        with self._lock:
            if self._listening:
                return
            self._listening = True
        threading.Thread(target=self._listen, name="twofold-redis", daemon=True).start()
        # Events published before the subscription is in place would not be heard; starting
        # up waits for it, but not for a Redis that is away (local sockets work without it).
        self._ready.wait(timeout=5)

    def _listen(self) -> None:
        """Subscribe, then relay what is heard; on any failure (or a Redis that stays silent,
        even to a ping) connect again, soon, for as long as the process runs."""
        backoff = 0.1
        while not self._stop.is_set():
            pubsub = self._redis.pubsub()  # type: ignore[no-untyped-call,unused-ignore]
            try:
                pubsub.psubscribe(CHANNEL_PREFIX + "*")
                pubsub.subscribe(PRESENCE_CHANNEL, TEAM_CHANNEL)
                self._hear(pubsub)
                backoff = 0.1
            except redis.RedisError as exc:
                log.debug("the Redis listener stopped: %s", exc)
                self._heard(False)
                self._stop.wait(backoff)
                backoff = min(backoff * 2, RECONNECT_MAX_SECONDS)
            finally:
                try:
                    pubsub.close()  # type: ignore[no-untyped-call,unused-ignore]
                except Exception:
                    log.debug("closing a Redis listener failed", exc_info=True)

    def _hear(self, pubsub: "redis.client.PubSub") -> None:
        """Relay messages until stopped; raises on a broken or silent connection. The first
        thing heard (the subscription's confirmation) means the listener is on the bus."""
        heard_at = time.monotonic()
        pinged = False
        on_bus = False
        while not self._stop.is_set():
            now = time.monotonic()
            if self._relay(pubsub):
                heard_at, pinged = now, False
                if not on_bus:
                    on_bus = True
                    self._heard(True)
            elif now - heard_at > SILENT_SECONDS:
                raise redis.TimeoutError("Redis has not answered for a while")
            elif now - heard_at > PING_AFTER_SECONDS and not pinged:
                pubsub.ping()
                pinged = True

    def _relay(self, pubsub: "redis.client.PubSub") -> bool:
        """Wait for a message, then take whatever else has already arrived, and hand the
        other processes' board events to the hub in one batch. True if anything was heard
        (a confirmation or an answer to a ping counts)."""
        events: list[RelayedEvent] = []
        notices: list[TeamNotice] = []
        heard = False
        message = pubsub.get_message(timeout=PING_AFTER_SECONDS / 2)
        while message is not None:
            heard = True
            kind = message.get("type")
            if kind == "pmessage":
                events += self._board_message(message["data"])
            elif kind == "message" and message.get("channel") in _TEAM_CHANNELS:
                try:
                    sender, heard_notices = decode_team(message["data"])
                except ValueError:
                    log.warning("ignored an unreadable team notice message")
                else:
                    if sender != self.sender:
                        notices += heard_notices
            elif kind == "message":
                self._notify(message["data"])
            if len(events) >= LISTEN_BATCH:
                break
            message = pubsub.get_message(timeout=0.0)
        if events:
            self._local.publish(events)
        if notices:
            self._local.publish_team(notices)
        return heard

    def _board_message(self, data: bytes) -> list[RelayedEvent]:
        """Another process's events; nothing for this process's own (its sockets had them at
        once) or for an announcement of boards to read from the log (acted on here)."""
        if data[: data.find(b"\n")] == self._own_events_head:
            return []  # not even parsed
        try:
            if data.startswith(_HEADS_PREFIX):
                sender, heads = decode_heads(data)
                if sender != self.sender and heads:
                    with self._lock:
                        watchers = list(self._watchers)
                    for watcher in watchers:
                        self._tell(watcher.catch_up, heads)
                return []
            sender, events = decode_from(data)
        except ValueError:
            # Not ours to understand (another version?); the log has the truth.
            log.warning("ignored an unreadable board event message")
            return []
        return [] if sender == self.sender else events

    def _notify(self, data: bytes) -> None:
        with self._lock:
            listeners = list(self._notices)
        for listener in listeners:
            try:
                listener(data)
            except Exception:
                # A presence hiccup must not stop this thread: board events share it.
                log.exception("presence notification failed")
