"""Fan-out across app processes through Redis pub/sub.

Every process publishes what each commit recorded, in one message on one channel, and listens
to it, handing what it hears to its own hub. A process that misses a message (Redis restarted,
a network blip) is not lost: its connections notice the gap in `seq` at the next event and read
the missing ones from the database.

A message carries the event's bodies already serialised, as the publishing process made them
for its log and sockets, so no process parses and re-serialises an event to pass it on; see
`encode`. The same listener carries presence notifications (see `presence.py`) and team
notices (`TEAM_CHANNEL`), so a process holds one subscriber connection to Redis whatever it
shares through it.
"""

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import redis

from twofold.domain.events import gets_full_form
from twofold.live.bus import (
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

log = logging.getLogger("twofold.live")
CHANNEL_PREFIX = "twofold:board:"
CHANNEL = CHANNEL_PREFIX + "events"
"""Every board's events go on one channel, a commit's events in one message. It matches the
prefix earlier versions listened to, so a process of another version hears the message, finds
it unreadable and fills the gap from the log (see docs/operations.md)."""
FORMAT = "twofold-events/2"
TEAM_CHANNEL = "twofold:teams"
"""Team notices from every process; a message holds one commit's notices."""
TEAM_FORMAT = "twofold-teams/1"
TEAM_CHANGES: dict[str, TeamChange] = {"team": "team", "members": "members", "retros": "retros"}
LISTEN_BATCH = 256
"""Once this many events have been read back to back, they are handed to the hub."""


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


def encode(events: Sequence[LiveEvent]) -> str | None:
    """One message for a commit's events: `FORMAT` on the first line, then for each event its
    retro id, seq, audience and full body, one per line, and its public body on a line of its
    own when the event is meant for one participant. None when there is nothing to send.

    JSON as the bodies are written never holds a raw line break (it is escaped inside
    strings), and neither do ids, so a line break can only ever separate fields. An event with
    a field that holds one anyway is left out (listeners fill it in from the log) rather than
    sent to be misread."""
    lines = [FORMAT]
    for event in events:
        try:
            lines += _fields(event)
        except ValueError:
            log.warning("could not encode board event %s/%s", event.retro_id, event.seq)
    return "\n".join(lines) if len(lines) > 1 else None


def decode(data: bytes | str) -> list[RelayedEvent]:
    """The events in a message written by `encode`; ValueError for anything else, in which
    case none of its events is taken.

    An event meant for one participant must carry its public form: without it there is
    nothing the others may see, so the message is refused rather than fall back on the full
    form."""
    text = data.decode() if isinstance(data, bytes) else data
    lines = text.split("\n")
    if lines[0] != FORMAT or len(lines) < 5:
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
    return events


def encode_team(notices: Sequence[TeamNotice]) -> str | None:
    """`TEAM_FORMAT` on the first line, then one `team_id what` line per notice."""
    lines = [f"{n.team_id} {n.what}" for n in notices if n.team_id and " " not in n.team_id]
    return "\n".join([TEAM_FORMAT, *lines]) if lines else None


def decode_team(data: bytes | str) -> list[TeamNotice]:
    """The notices in a message written by `encode_team`; ValueError for anything else."""
    text = data.decode() if isinstance(data, bytes) else data
    lines = text.split("\n")
    if lines[0] != TEAM_FORMAT or len(lines) < 2:
        raise ValueError("not a team notices message")
    notices = []
    for line in lines[1:]:
        team_id, _, what = line.partition(" ")
        change = TEAM_CHANGES.get(what)
        if not team_id or change is None:
            raise ValueError("not a team notice")
        notices.append(TeamNotice(team_id, change))
    return notices


_TEAM_CHANNELS = (TEAM_CHANNEL, TEAM_CHANNEL.encode())


class RedisBus:
    def __init__(self, url: str) -> None:
        self._url = url
        self._redis = redis.Redis.from_url(url)
        self._local = MemoryBus()
        self._listening = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._notices: list[NoticeListener] = []

    def publish(self, events: Sequence[LiveEvent]) -> None:
        """Everything one commit recorded, in order, in one message."""
        message = encode(events)
        if message is None:
            return
        try:
            self._redis.publish(CHANNEL, message)
        except redis.RedisError:
            # The change is committed; listeners will backfill it from the log.
            log.warning("could not publish %d board event(s)", len(events))

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        self._ensure_listening()
        return self._local.subscribe_all(listener)

    def publish_team(self, notices: Sequence[TeamNotice]) -> None:
        """A commit's team notices, in one message; every process (this one too) hears it."""
        message = encode_team(notices)
        if message is None:
            return
        try:
            self._redis.publish(TEAM_CHANNEL, message)
        except redis.RedisError:
            # The change is committed; open team pages catch up when they next load.
            log.warning("could not publish %d team notice(s)", len(notices))

    def subscribe_team(self, listener: TeamListener) -> Callable[[], None]:
        self._ensure_listening()
        return self._local.subscribe_team(listener)

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

    def _ensure_listening(self) -> None:
        with self._lock:
            if self._listening:
                return
            self._listening = True
        ready = threading.Event()
        threading.Thread(
            target=self._listen, args=(ready,), name="twofold-redis", daemon=True
        ).start()
        ready.wait(timeout=5)

    def _listen(self, ready: threading.Event) -> None:
        backoff = 0.1
        while not self._stop.is_set():
            try:
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call,unused-ignore]
                pubsub.psubscribe(CHANNEL_PREFIX + "*")
                pubsub.subscribe(PRESENCE_CHANNEL, TEAM_CHANNEL)
                ready.set()
                backoff = 0.1
                while not self._stop.is_set():
                    self._relay(pubsub)
            except redis.RedisError:
                log.warning("lost the Redis connection; retrying in %.1f s", backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    def _relay(self, pubsub: "redis.client.PubSub") -> None:
        """Wait for a message, then take whatever else has already arrived, and hand the
        board events to the hub in one batch."""
        events: list[RelayedEvent] = []
        notices: list[TeamNotice] = []
        message = pubsub.get_message(timeout=1.0)
        while message is not None:
            if message.get("type") == "pmessage":
                try:
                    events += decode(message["data"])
                except ValueError:
                    # Not ours to understand (another version?); the log has the truth.
                    log.warning("ignored an unreadable board event message")
            elif message.get("type") == "message" and message.get("channel") in _TEAM_CHANNELS:
                try:
                    notices += decode_team(message["data"])
                except ValueError:
                    log.warning("ignored an unreadable team notice message")
            elif message.get("type") == "message":
                self._notify(message["data"])
            if len(events) >= LISTEN_BATCH:
                break
            message = pubsub.get_message(timeout=0.0)
        if events:
            self._local.publish(events)
        if notices:
            self._local.publish_team(notices)

    def _notify(self, data: bytes) -> None:
        with self._lock:
            listeners = list(self._notices)
        for listener in listeners:
            try:
                listener(data)
            except Exception:
                # A presence hiccup must not stop this thread: board events share it.
                log.exception("presence notification failed")
