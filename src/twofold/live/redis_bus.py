"""Fan-out across app processes through Redis pub/sub.

Every process publishes each committed event to the board's channel and listens to all board
channels, handing what it hears to its own hub. A process that misses a message (Redis restarted,
a network blip) is not lost: its connections notice the gap in `seq` at the next event and read
the missing ones from the database.
"""

import logging
import threading
import time
from collections.abc import Callable

import redis

from twofold.domain.events import RecordedEvent
from twofold.live.bus import Listener, MemoryBus

log = logging.getLogger("twofold.live")
CHANNEL_PREFIX = "twofold:board:"


class RedisBus:
    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url)
        self._local = MemoryBus()
        self._listening = False
        self._lock = threading.Lock()
        self._stop = threading.Event()

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
                ready.set()
                backoff = 0.1
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "pmessage":
                        event = RecordedEvent.model_validate_json(message["data"])
                        self._local.publish([event])
            except redis.RedisError:
                log.warning("lost the Redis connection; retrying in %.1f s", backoff)
                time.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
