"""Presence shared through Redis: the store's entries, staleness, and the background sharing,
against a real Redis. Every test uses its own key prefix and board ids, so tests (and servers
running at the same time) never see each other's entries."""

import asyncio
import logging
import os
import queue
import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from tests.own_loop import run_in_own_loop
from twofold.live.presence import (
    KEY_TTL_SECONDS,
    LocalPresence,
    Participant,
    RedisPresence,
    RedisPresenceStore,
    merge,
)
from twofold.live.presence import client as presence_client
from twofold.live.redis_bus import RedisBus

REDIS_URL = os.environ.get("TWOFOLD_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def person(key: str, name: str) -> Participant:
    return {"key": key, "display_name": name, "role": "eng", "kind": "member"}


ANN, BOB, CARL = person("u:ann", "Ann"), person("u:bob", "Bob"), person("u:carl", "Carl")


class Host:
    """Stands in for a hub: a settable list of local participants, and a record of offers."""

    def __init__(self) -> None:
        self.people: dict[str, list[Participant]] = {}
        self.offers: queue.Queue[tuple[str, list[Participant]]] = queue.Queue()

    def local_presence(self, retro_id: str) -> list[Participant]:
        return merge(self.people.get(retro_id, []))

    def offer_presence(self, retro_id: str, participants: list[Participant]) -> None:
        self.offers.put((retro_id, participants))

    def offered(self, retro_id: str, *names: str, timeout: float = 10) -> list[Participant]:
        """Wait for an offer for `retro_id` naming exactly `names`, in that order."""
        deadline = time.monotonic() + timeout
        last: list[str] = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                rid, participants = self.offers.get(timeout=left)
            except queue.Empty:
                break
            last = [p["display_name"] for p in participants]
            if rid == retro_id and last == list(names):
                return participants
        raise AssertionError(f"never offered {names} for {retro_id}; last offer was {last}")


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


@pytest.fixture
def prefix(redis_client: "redis.Redis") -> Iterator[str]:
    found = f"twofold-test:{uuid.uuid4().hex}:"
    yield found
    keys = list(redis_client.scan_iter(match=found + "*"))
    if keys:
        redis_client.delete(*keys)


def test_the_same_person_through_two_connections_is_listed_once() -> None:
    again = person("u:ann", "Ann")
    assert merge([BOB, ANN], [again, CARL]) == [ANN, BOB, CARL]


def test_local_presence_offers_the_hosts_own_list() -> None:
    host, presence = Host(), LocalPresence(delay=0)
    presence.start(host)
    host.people["r"] = [BOB, ANN, ANN]

    async def scenario() -> None:
        # On a loop of its own: a loop another test left set in this thread never runs.
        presence.changed("r")
        await asyncio.sleep(0.05)

    run_in_own_loop(scenario)
    assert host.offered("r", "Ann", "Bob") == [ANN, BOB]


def test_an_entry_goes_stale_when_its_process_stops_refreshing_it(
    redis_client: "redis.Redis", prefix: str
) -> None:
    now = [1_000_000.0]
    crashed = RedisPresenceStore(
        redis_client, process_id="crashed", key_prefix=prefix, clock=lambda: now[0]
    )
    alive = RedisPresenceStore(
        redis_client, process_id="alive", key_prefix=prefix, clock=lambda: now[0]
    )
    crashed.write({"r": [ANN]}, notify=False)
    now[0] += 50
    alive.write({"r": [BOB]}, notify=False)
    assert 0 < redis_client.ttl(prefix + "r") <= KEY_TTL_SECONDS

    now[0] += 9  # 59 s after the crashed process last wrote: still trusted.
    assert alive.entries(["r"]) == {"r": {"crashed": [ANN], "alive": [BOB]}}
    now[0] += 2  # 61 s: its participants are gone, and so is its field.
    assert alive.entries(["r"]) == {"r": {"alive": [BOB]}}
    assert redis_client.hkeys(prefix + "r") == [b"alive"]


def test_a_fresh_entry_is_not_removed_by_a_reader_that_saw_an_old_one(
    redis_client: "redis.Redis", prefix: str
) -> None:
    now = [1_000_000.0]
    slow = RedisPresenceStore(
        redis_client, process_id="slow", key_prefix=prefix, clock=lambda: now[0]
    )
    slow.write({"r": [ANN]}, notify=False)
    old = redis_client.hget(prefix + "r", "slow")
    assert isinstance(old, bytes)
    now[0] += 120
    slow.write({"r": [ANN, CARL]}, notify=False)
    # A reader that judged the old entry stale must not delete the one written since.
    slow._forget("r", b"slow", old)
    assert slow.entries(["r"]) == {"r": {"slow": [ANN, CARL]}}


def test_an_empty_list_withdraws_the_entry_and_bad_entries_are_ignored(
    redis_client: "redis.Redis", prefix: str
) -> None:
    store = RedisPresenceStore(redis_client, process_id="me", key_prefix=prefix)
    store.write({"r": [ANN], "s": [BOB]}, notify=False)
    redis_client.hset(prefix + "r", "garbled", "not json")
    redis_client.hset(prefix + "r", "odd", '{"at": 1e12, "participants": [{"key": 1}]}')
    store.write({"s": []}, notify=False)
    assert store.entries(["r", "s", "t"]) == {"r": {"me": [ANN]}, "s": {}, "t": {}}
    assert not redis_client.exists(prefix + "s")


def test_notifications_name_the_board_unless_they_are_ones_own() -> None:
    store = RedisPresenceStore(redis.Redis(), process_id="me")
    assert store.board_of(b'{"retro_id": "r", "from": "other"}') == "r"
    assert store.board_of(b'{"retro_id": "r", "from": "me"}') is None
    assert store.board_of(b"garbage") is None


def test_two_processes_see_each_others_participants(
    redis_client: "redis.Redis", prefix: str
) -> None:
    bus = RedisBus(REDIS_URL)
    rid = uuid.uuid4().hex
    host_a, host_b = Host(), Host()
    a = RedisPresence(RedisPresenceStore(redis_client, key_prefix=prefix), bus.subscribe_presence)
    b = RedisPresence(RedisPresenceStore(redis_client, key_prefix=prefix), bus.subscribe_presence)
    a.start(host_a)
    b.start(host_b)
    try:
        host_a.people[rid] = [ANN]
        a.changed(rid)
        host_a.offered(rid, "Ann")

        host_b.people[rid] = [BOB, ANN]  # Ann has a second tab, on the other process.
        b.changed(rid)
        host_b.offered(rid, "Ann", "Bob")
        host_a.offered(rid, "Ann", "Bob")

        host_b.people[rid] = []
        b.changed(rid)
        host_a.offered(rid, "Ann")
    finally:
        a.close()
        b.close()
        bus.close()
    # Closing withdrew both entries.
    assert not redis_client.exists(prefix + rid)


def test_a_crashed_processs_participants_vanish_at_the_next_heartbeat(
    redis_client: "redis.Redis", prefix: str
) -> None:
    rid = uuid.uuid4().hex
    crashed = RedisPresenceStore(redis_client, process_id="crashed", key_prefix=prefix)
    crashed.write({rid: [CARL]}, notify=False)
    host = Host()
    store = RedisPresenceStore(redis_client, key_prefix=prefix, stale_after=1.0)
    presence = RedisPresence(store, heartbeat_seconds=0.2)
    presence.start(host)
    try:
        host.people[rid] = [ANN]
        presence.changed(rid)
        host.offered(rid, "Ann", "Carl")
        host.offered(rid, "Ann", timeout=5)
    finally:
        presence.close()


def test_without_redis_each_process_shows_its_own_people(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="twofold.live")
    unreachable = presence_client("redis://127.0.0.1:1/0", timeout=0.5)
    host = Host()
    presence = RedisPresence(RedisPresenceStore(unreachable), heartbeat_seconds=0.2)
    presence.start(host)
    try:
        host.people["r"] = [BOB, ANN]
        presence.changed("r")
        host.offered("r", "Ann", "Bob")
        host.people["r"] = [BOB]
        presence.changed("r")
        host.offered("r", "Bob")
        time.sleep(0.5)  # heartbeats fail quietly: one warning per outage, not one per try.
    finally:
        presence.close()
    warnings = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(warnings) == 1
