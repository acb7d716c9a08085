"""Fan-out across app processes through Redis pub/sub.

Every process publishes each committed event to the board's channel and listens to all board
channels, handing what it hears to its own hub. A process that misses a message (Redis restarted,
a network blip) is not lost: its connections notice the gap in `seq` at the next event and read
the missing ones from the database.

The same listener carries presence notifications (see `presence.py`), so a process holds one
subscriber connection to Redis whatever it shares through it.
"""

import logging
import threading
import time
from collections.abc import Callable

import redis

from twofold.domain.events import RecordedEvent
from twofold.live.bus import Listener, MemoryBus
from twofold.live.presence import CHANNEL as PRESENCE_CHANNEL
from twofold.live.presence import NoticeListener, RedisPresence, RedisPresenceStore
from twofold.live.presence import client as presence_client

log = logging.getLogger("twofold.live")
CHANNEL_PREFIX = "twofold:board:"


class RedisBus:
    def __init__(self, url: str) -> None:
        self._url = url
        self._redis = redis.Redis.from_url(url)
        self._local = MemoryBus()
        self._listening = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._notices: list[NoticeListener] = []

    def publish(self, events: list[RecordedEvent]) -> None:
        for event in events:
            try:
                self._redis.publish(CHANNEL_PREFIX + event.retro_id, event.model_dump_json())
            except redis.RedisError:
                # The change is committed; listeners will backfill it from the log.
                log.warning("could not publish board event %s/%s", event.retro_id, event.seq)

    def subscribe_all(self, listener: Listener) -> Callable[[], None]:
        self._ensure_listening()
        return self._local.subscribe_all(listener)

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
                pubsub = self._redis.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
                pubsub.psubscribe(CHANNEL_PREFIX + "*")
                pubsub.subscribe(PRESENCE_CHANNEL)
                ready.set()
                backoff = 0.1
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "pmessage":
                        try:
                            event = RecordedEvent.model_validate_json(message["data"])
                        except ValueError:
                            # Not ours to understand (another version?); the log has the truth.
                            log.warning("ignored an unreadable board event message")
                            continue
                        self._local.publish([event])
                    elif message and message.get("type") == "message":
                        self._notify(message["data"])
            except redis.RedisError:
                log.warning("lost the Redis connection; retrying in %.1f s", backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)

    def _notify(self, data: bytes) -> None:
        with self._lock:
            listeners = list(self._notices)
        for listener in listeners:
            try:
                listener(data)
            except Exception:
                # A presence hiccup must not stop this thread: board events share it.
                log.exception("presence notification failed")
