"""Who is on a board right now, across every process that serves it.

A hub only knows its own connections. With one process that is the whole truth, so
`LocalPresence` hands the hub's own list straight back. With several processes behind one
Redis, `RedisPresence` keeps one entry per process and board in Redis, tells the other processes
when its entry changes, and offers its connections the union of all the entries that are recent
enough to trust. Presence is a courtesy, not part of the board's record: when Redis fails, a
process falls back to its own list rather than disturb a single socket.
"""

import asyncio
import contextlib
import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypedDict, cast

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger("twofold.live")

KEY_PREFIX = "twofold:presence:"
CHANNEL = "twofold:presence"
HEARTBEAT_SECONDS = 15.0
# How long a process gathers presence changes on a board before telling its sockets.
COALESCE_SECONDS = 0.05
STALE_SECONDS = 60.0
# Only reached when every process has stopped refreshing the key, so it can be generous.
KEY_TTL_SECONDS = 90

# Deletes a process's entry only if it still holds what the reader judged stale, so a process
# that was merely slow and has just written a fresh entry keeps it.
_DELETE_IF_UNCHANGED = """
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
    return redis.call('HDEL', KEYS[1], ARGV[1])
end
return 0
"""


def client(url: str, timeout: float = 5.0) -> "redis.Redis":
    """A Redis client that gives up quickly. The heartbeat is presence's retry; waiting out
    backoffs, or a Redis that has stopped answering, would only delay the fallback to this
    process's own list. One immediate retry still replaces a pooled connection that went stale
    when Redis restarted."""
    return redis.Redis.from_url(
        url,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 1),
    )


class Participant(TypedDict):
    key: str
    display_name: str
    role: str
    kind: str


NoticeListener = Callable[[bytes], None]
"""Receives the raw body of a message heard on the presence channel."""


def merge(*lists: Iterable[Participant]) -> list[Participant]:
    """One entry per participant, however many connections (or processes) they came through;
    sorted by name so every process renders the same list in the same order."""
    seen: dict[str, Participant] = {}
    for participants in lists:
        for p in participants:
            seen.setdefault(p["key"], p)
    return sorted(seen.values(), key=lambda p: (p["display_name"].lower(), p["key"]))


class PresenceHost(Protocol):
    """The side of the hub that presence needs: this process's own list for a board, and a way
    to offer a finished list to this process's connections of that board."""

    def local_presence(self, retro_id: str) -> list[Participant]: ...

    def offer_presence(self, retro_id: str, participants: list[Participant]) -> None: ...


class Presence(Protocol):
    def start(self, host: PresenceHost) -> None: ...

    def changed(self, retro_id: str) -> None:
        """Called on the event loop after a connection came or went; must not block."""
        ...

    def close(self) -> None: ...


class LocalPresence:
    """One process is the whole truth: what the hub has is what everyone sees.

    Changes are coalesced per board for `delay` seconds: when hundreds of people open a board
    at once, its sockets hear one presence change per interval rather than one per join."""

    def __init__(self, delay: float = COALESCE_SECONDS) -> None:
        self._host: PresenceHost | None = None
        self._delay = delay
        self._lock = threading.Lock()
        self._due: set[str] = set()
        self._scheduled = False

    def start(self, host: PresenceHost) -> None:
        self._host = host

    def changed(self, retro_id: str) -> None:
        if self._host is None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not on an event loop (a script, a test): at once
            self._host.offer_presence(retro_id, self._host.local_presence(retro_id))
            return
        with self._lock:
            self._due.add(retro_id)
            if self._scheduled:
                return
            self._scheduled = True
        if self._delay > 0:
            loop.call_later(self._delay, self._flush)
        else:
            loop.call_soon(self._flush)

    def _flush(self) -> None:
        with self._lock:
            due, self._due = self._due, set()
            self._scheduled = False
        host = self._host
        if host is None:
            return
        for retro_id in due:
            host.offer_presence(retro_id, host.local_presence(retro_id))

    def close(self) -> None:
        self._host = None


def _participants(raw: Any) -> list[Participant] | None:
    """Entries are written by other processes, possibly another version of Twofold: anything
    not shaped like a participant list is ignored rather than passed on to browsers."""
    if not isinstance(raw, list):
        return None
    fields = Participant.__annotations__
    found: list[Participant] = []
    for p in raw:
        if not isinstance(p, dict) or not all(isinstance(p.get(f), str) for f in fields):
            return None
        found.append(cast(Participant, {f: p[f] for f in fields}))
    return found


class RedisPresenceStore:
    """Per board, a Redis hash with one field per process: `{"at": <unix time>, "participants":
    [...]}`. A process rewrites its field on every change and on a heartbeat; an entry older
    than `stale_after` belongs to a process that died without saying goodbye and is ignored
    (and removed). The key's expiry, refreshed by every write, cleans up a board nobody serves.

    Entries are dated by the writer's clock and judged by the reader's: hosts kept in step by
    NTP differ by far less than the minute an entry stays fresh."""

    def __init__(
        self,
        client: "redis.Redis",
        *,
        process_id: str | None = None,
        key_prefix: str = KEY_PREFIX,
        channel: str = CHANNEL,
        stale_after: float = STALE_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = client
        self.process_id = process_id or (
            f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        )
        self._prefix = key_prefix
        self.channel = channel
        self._stale_after = stale_after
        self._clock = clock
        self._delete_if_unchanged = client.register_script(_DELETE_IF_UNCHANGED)

    def key(self, retro_id: str) -> str:
        return self._prefix + retro_id

    def write(self, lists: Mapping[str, list[Participant]], *, notify: bool) -> None:
        """Replace this process's entry for each board (an empty list removes it), in one round
        trip; with `notify`, tell the other processes to look again."""
        if not lists:
            return
        now = self._clock()
        pipe = self._redis.pipeline(transaction=False)
        for retro_id, participants in lists.items():
            key = self.key(retro_id)
            if participants:
                entry = json.dumps({"at": now, "participants": participants}, ensure_ascii=False)
                pipe.hset(key, self.process_id, entry)
                pipe.expire(key, KEY_TTL_SECONDS)
            else:
                pipe.hdel(key, self.process_id)
            if notify:
                pipe.publish(
                    self.channel, json.dumps({"retro_id": retro_id, "from": self.process_id})
                )
        pipe.execute()

    def entries(self, retro_ids: Iterable[str]) -> dict[str, dict[str, list[Participant]]]:
        """The fresh entries of every process (this one included) for each board, by process id."""
        ids = list(retro_ids)
        if not ids:
            return {}
        pipe = self._redis.pipeline(transaction=False)
        for retro_id in ids:
            pipe.hgetall(self.key(retro_id))
        hashes = cast(list[dict[bytes, bytes]], pipe.execute())
        oldest = self._clock() - self._stale_after
        found: dict[str, dict[str, list[Participant]]] = {}
        for retro_id, fields in zip(ids, hashes, strict=True):
            board = found.setdefault(retro_id, {})
            for field_name, raw in fields.items():
                process = field_name.decode(errors="replace")
                entry = self._decode(raw)
                if entry is None:
                    continue
                at, participants = entry
                if at < oldest:
                    self._forget(retro_id, field_name, raw)
                    continue
                board[process] = participants
        return found

    def board_of(self, message: bytes) -> str | None:
        """The board a notification is about, unless this process sent it (it has already
        offered its own change) or it cannot be read."""
        try:
            body = json.loads(message)
        except ValueError:
            return None
        if not isinstance(body, dict) or body.get("from") == self.process_id:
            return None
        retro_id = body.get("retro_id")
        return retro_id if isinstance(retro_id, str) else None

    def _decode(self, raw: bytes) -> tuple[float, list[Participant]] | None:
        try:
            body = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(body, dict) or not isinstance(body.get("at"), int | float):
            return None
        participants = _participants(body.get("participants"))
        return None if participants is None else (float(body["at"]), participants)

    def _forget(self, retro_id: str, field_name: bytes, raw: bytes) -> None:
        # Without this, a board that stays busy for days would keep every crashed process's
        # field: the key's expiry never comes while live processes keep refreshing it.
        self._delete_if_unchanged(keys=[self.key(retro_id)], args=[field_name, raw])


class RedisPresence:
    """Shares this process's presence through a `RedisPresenceStore`.

    All Redis work happens on one background thread, so a slow or absent Redis never holds up
    an event loop, and so lists are offered to connections in the order they were read (a list
    read earlier can never overwrite one read later). Changes are coalesced per board: a burst
    of people joining costs one write and one read, not one each.
    """

    def __init__(
        self,
        store: RedisPresenceStore,
        subscribe: Callable[[NoticeListener], Callable[[], None]] | None = None,
        *,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
    ) -> None:
        self._store = store
        self._subscribe = subscribe
        self._unsubscribe: Callable[[], None] | None = None
        self._heartbeat = heartbeat_seconds
        self._host: PresenceHost | None = None
        self._wake = threading.Condition()
        self._changed: set[str] = set()
        self._heard: set[str] = set()
        self._stopping = False
        self._thread: threading.Thread | None = None
        # Owned by the background thread alone.
        self._boards: set[str] = set()
        self._offered: dict[str, list[Participant]] = {}
        self._degraded = False

    def start(self, host: PresenceHost) -> None:
        self._host = host
        if self._subscribe is not None:
            self._unsubscribe = self._subscribe(self.heard)
        self._thread = threading.Thread(target=self._run, name="twofold-presence", daemon=True)
        self._thread.start()

    def changed(self, retro_id: str) -> None:
        with self._wake:
            self._changed.add(retro_id)
            self._wake.notify()

    def heard(self, message: bytes) -> None:
        """A notification from the presence channel (called on the bus's listener thread)."""
        retro_id = self._store.board_of(message)
        if retro_id is not None:
            with self._wake:
                self._heard.add(retro_id)
                self._wake.notify()

    def close(self) -> None:
        """Withdraw this process's entries so other processes drop its participants at once
        instead of waiting for them to go stale."""
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._unsubscribe is not None:
            self._unsubscribe()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        due = time.monotonic() + self._heartbeat
        while True:
            with self._wake:
                while not (self._changed or self._heard or self._stopping):
                    left = due - time.monotonic()
                    if left <= 0:
                        break
                    self._wake.wait(left)
                changed, self._changed = self._changed, set()
                heard, self._heard = self._heard - changed, set()
                stopping = self._stopping
            try:
                if stopping:
                    self._withdraw()
                    return
                if changed:
                    self._sync(changed, write=True, notify=True, always=True)
                if heard & self._boards:
                    self._sync(heard & self._boards, write=False, notify=False, always=False)
                if time.monotonic() >= due:
                    # Rescheduled first: a beat that fails must not be retried in a tight loop.
                    due = time.monotonic() + self._heartbeat
                    # Keeps this process's entries fresh, and lets the entries of a process
                    # that died go stale and disappear from everyone's list.
                    self._sync(set(self._boards), write=True, notify=False, always=False)
            except Exception:
                # The thread must outlive any surprise, or presence would freeze for good.
                log.exception("presence update failed")

    def _sync(self, boards: set[str], *, write: bool, notify: bool, always: bool) -> None:
        """Write (optionally) this process's lists for `boards`, read everyone's, and offer the
        merged lists; `always` offers even an unchanged list, because a connection that has just
        arrived has not had one yet."""
        host = self._host
        if host is None or not boards:
            return
        local = {retro_id: host.local_presence(retro_id) for retro_id in boards}
        for retro_id, participants in local.items():
            if participants:
                self._boards.add(retro_id)
            else:
                self._boards.discard(retro_id)
                self._offered.pop(retro_id, None)
        served = [retro_id for retro_id in boards if local[retro_id]]
        try:
            if write:
                self._store.write(local, notify=notify)
            entries = self._store.entries(served)
        except redis.RedisError as exc:
            self._fall_back(exc)
            entries = {}
        else:
            self._recovered()
        for retro_id in served:
            others = [
                p for pid, p in entries.get(retro_id, {}).items() if pid != self._store.process_id
            ]
            merged = merge(local[retro_id], *others)
            if always or self._offered.get(retro_id) != merged:
                self._offered[retro_id] = merged
                host.offer_presence(retro_id, merged)

    def _withdraw(self) -> None:
        with contextlib.suppress(redis.RedisError):
            gone: dict[str, list[Participant]] = {retro_id: [] for retro_id in self._boards}
            self._store.write(gone, notify=True)
        self._boards.clear()

    def _fall_back(self, exc: Exception) -> None:
        if not self._degraded:
            self._degraded = True
            log.warning("presence: Redis unavailable (%s); showing this process's people only", exc)

    def _recovered(self) -> None:
        if self._degraded:
            self._degraded = False
            log.info("presence: Redis is back; sharing presence across processes again")
