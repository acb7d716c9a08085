"""Team notices in one process: checked per batch before anything is sent, coalesced, and
carried between processes in a message every process can read."""

import asyncio
import threading
from typing import Any

import pytest

from tests.own_loop import run_in_own_loop
from twofold.live.bus import MemoryBus, TeamNotice
from twofold.live.redis_bus import decode_team, encode_team
from twofold.live.team_hub import Holder, TeamHub, TeamSocket


class Sink:
    """What a socket was sent, as the ASGI messages a server would write."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> None:
        self.messages.append(message)

    @property
    def texts(self) -> list[str]:
        return [m["text"] for m in self.messages if m["type"] == "websocket.send"]

    @property
    def closed_with(self) -> int | None:
        codes = [m["code"] for m in self.messages if m["type"] == "websocket.close"]
        return codes[0] if codes else None


def test_notices_go_to_members_only_once_per_change_and_close_the_rest() -> None:
    members: set[str] = {"ana", "bo"}
    asked: list[tuple[str, set[Holder]]] = []

    async def allowed(team_id: str, holders: set[Holder]) -> set[Holder]:
        asked.append((team_id, holders))
        return {h for h in holders if h[0] in members}

    async def scenario() -> dict[str, Sink]:
        hub = TeamHub(allowed)
        bus = MemoryBus()
        bus.subscribe_team(hub.publish)
        loop = asyncio.get_running_loop()
        sinks = {name: Sink() for name in ("ana", "bo", "cy", "other")}
        for name in ("ana", "bo", "cy"):
            hub.attach(TeamSocket("t1", name, f"s-{name}", loop, sinks[name]))
        hub.attach(TeamSocket("t2", "other", "s-other", loop, sinks["other"]))
        # From another thread, as after a commit: two changes to members come as one frame.
        notices = [
            TeamNotice("t1", "members"),
            TeamNotice("t1", "members"),
            TeamNotice("t1", "retros"),
        ]
        worker = threading.Thread(target=bus.publish_team, args=(notices,))
        worker.start()
        worker.join()
        for _ in range(50):
            await asyncio.sleep(0.01)
            if sinks["cy"].closed_with is not None and sinks["ana"].texts:
                break
        assert {s.team_id for s in hub.sockets("t1")} == {"t1"}
        assert {s.user_id for s in hub.sockets("t1")} == {"ana", "bo"}
        return sinks

    sinks = run_in_own_loop(scenario)
    expected = [
        '{"type":"team_changed","what":"members"}',
        '{"type":"team_changed","what":"retros"}',
    ]
    assert sinks["ana"].texts == expected
    assert sinks["bo"].texts == expected
    # No longer a member: closed, and told nothing.
    assert (sinks["cy"].texts, sinks["cy"].closed_with) == ([], 4404)
    assert sinks["other"].messages == []
    assert [team for team, _ in asked] == ["t1"]


def test_a_failed_check_sends_nothing() -> None:
    async def allowed(team_id: str, holders: set[Holder]) -> set[Holder]:
        raise RuntimeError("database away")

    async def scenario() -> Sink:
        hub = TeamHub(allowed)
        sink = Sink()
        hub.attach(TeamSocket("t1", "ana", "s", asyncio.get_running_loop(), sink))
        hub.publish([TeamNotice("t1", "members")])
        await asyncio.sleep(0.05)
        return sink

    assert run_in_own_loop(scenario).messages == []


def test_team_notices_round_trip_between_processes() -> None:
    notices = [TeamNotice("t1", "members"), TeamNotice("t2", "retros")]
    message = encode_team(notices, "p1")
    assert message is not None
    assert decode_team(message.encode()) == ("p1", notices)
    assert encode_team([]) is None
    for bad in (
        "twofold-events/3 p1\nx",
        "twofold-teams/2 p1",
        "twofold-teams/2 p1\nt1 secrets",
        "twofold-teams/1\nt1 team",  # a message of the version before
        "nope",
    ):
        with pytest.raises(ValueError, match="team notice"):
            decode_team(bad)


def test_back_on_the_bus_every_open_team_page_is_told_to_fetch_everything_again() -> None:
    async def allowed(team_id: str, holders: set[Holder]) -> set[Holder]:
        return {h for h in holders if h[0] != "gone"}

    async def scenario() -> dict[str, Sink]:
        hub = TeamHub(allowed)
        loop = asyncio.get_running_loop()
        sinks = {name: Sink() for name in ("ana", "gone", "other")}
        hub.attach(TeamSocket("t1", "ana", "s-ana", loop, sinks["ana"]))
        hub.attach(TeamSocket("t1", "gone", "s-gone", loop, sinks["gone"]))
        hub.attach(TeamSocket("t2", "other", "s-other", loop, sinks["other"]))
        hub.catch_up({"some-board": 3})  # boards missed by others: nothing for team pages
        hub.link_changed(True)
        await asyncio.sleep(0.05)
        assert all(not sink.messages for sink in sinks.values())
        # From the bus's thread, once it hears Redis again.
        worker = threading.Thread(target=hub.catch_up, args=(None,))
        worker.start()
        worker.join()
        for _ in range(100):
            if len(sinks["ana"].texts) == 4 and len(sinks["other"].texts) == 4:
                break
            await asyncio.sleep(0.01)
        return sinks

    sinks = run_in_own_loop(scenario)
    everything = [
        f'{{"type":"team_changed","what":"{w}"}}' for w in ("team", "members", "retros", "actions")
    ]
    assert sinks["ana"].texts == everything
    assert sinks["other"].texts == everything
    assert sinks["gone"].texts == []
    assert sinks["gone"].closed_with == 4404
