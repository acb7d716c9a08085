"""Many people acting on one board at the same moment: limits hold and nothing is lost.

Real threads, each with its own client (its own guest session) against the same app and
database; a barrier releases them together.
"""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from tests.conftest import Client, World, command, invite
from tests.integration.boards import add_card, board, to_phase

GUESTS = 20


def join_guests(world: World, n: int) -> list[Client]:
    token = invite(world.owner, world.team_id, world.retro["id"])
    guests = []
    for i in range(n):
        # Each from its own address, as separate people would be.
        g = Client(
            world.owner.app,
            base_url="https://testserver",
            raise_server_exceptions=False,
            client=(f"10.0.0.{i + 1}", 40000 + i),
        )
        r = g.post(f"/api/invites/{token}/guest", json={"display_name": f"Guest {i}", "role": "qa"})
        assert r.status_code == 201, r.text
        g.remember(r)
        guests.append(g)
    return guests


def same_session(world: World, g: Client, address: int) -> Client:
    """Another client (a second browser tab) on `g`'s session."""
    tab = Client(
        world.owner.app,
        base_url="https://testserver",
        raise_server_exceptions=False,
        client=(f"10.0.1.{address}", 41000 + address),
    )
    tab.cookies.update(g.cookies)
    tab.headers["X-CSRF-Token"] = str(g.csrf)
    return tab


def all_at_once(clients: list[Client], work: Callable[[int, Client], Any]) -> list[Any]:
    start = threading.Barrier(len(clients))

    def run(i: int) -> Any:
        start.wait()
        return work(i, clients[i])

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(run, range(len(clients))))


def test_concurrent_votes_respect_every_limit_and_are_all_counted(world: World) -> None:
    rid = world.retro["id"]
    guests = join_guests(world, GUESTS)
    try:
        topics = [add_card(world.eng, world, f"topic {n}") for n in range(4)]
        to_phase(world, "vote")
        start_seq = board(world.owner, rid)["seq"]

        # Every guest votes four times at once, from four tabs: only three may count.
        tabs = [same_session(world, g, 4 * i + k) for i, g in enumerate(guests) for k in range(4)]

        def vote(n: int, tab: Client) -> tuple[int, Any]:
            r = tab.post(
                f"/api/retros/{rid}/commands",
                json={
                    "command_id": f"vote-{n:03}-concurrent",
                    "command": {"name": "vote", "topic_id": topics[n % 2]},
                },
            )
            return r.status_code, r.json()

        results = all_at_once(tabs, vote)
        for tab in tabs:
            tab.close()
        acks = [body for status, body in results if status == 200]
        refusals = [body for status, body in results if status != 200]
        for i in range(GUESTS):
            assert sorted(s for s, _ in results[4 * i : 4 * i + 4]) == [200, 200, 200, 409]
        assert {body["error"]["code"] for body in refusals} == {"no_votes_left"}
        # Every vote is one event, and no two commands got the same place in the log.
        seqs = sorted(ack["seq"] for ack in acks)
        assert seqs == list(range(start_seq + 1, start_seq + 1 + len(acks)))

        final = board(world.owner, rid)
        assert final["seq"] == start_seq + len(acks)
        assert sum(final["votes"].values()) == len(acks) == 3 * GUESTS
        assert set(final["votes"]) <= set(topics[:2])
        assert len(final["votes_used"]) == GUESTS
        assert set(final["votes_used"].values()) == {3}
        for g in guests:
            assert sum(board(g, rid)["my_votes"].values()) == 3
    finally:
        for g in guests:
            g.close()


def test_concurrent_grouping_keeps_every_card_exactly_once(world: World) -> None:
    rid = world.retro["id"]
    guests = join_guests(world, GUESTS)
    try:
        cards = [add_card(world.eng, world, f"card {n}") for n in range(8)]
        to_phase(world, "vote")
        command(world.tech_lead, rid, "vote", topic_id=cards[0])
        command(world.tech_lead, rid, "vote", topic_id=cards[5])
        to_phase(world, "group")
        start_seq = board(world.owner, rid)["seq"]

        def regroup(i: int, g: Client) -> list[int]:
            # Overlapping pairs, so every command moves cards out of someone else's group.
            pair = [cards[i % 8], cards[(i + 3) % 8]]
            statuses = []
            r = g.post(
                f"/api/retros/{rid}/commands",
                json={
                    "command_id": f"group-{i:02}-concurrent",
                    "command": {"name": "group_cards", "card_ids": pair, "title": f"T{i}"},
                },
            )
            statuses.append(r.status_code)
            r = g.post(
                f"/api/retros/{rid}/commands",
                json={
                    "command_id": f"ungroup-{i:02}-concurrent",
                    "command": {"name": "ungroup_card", "card_id": cards[(i + 5) % 8]},
                },
            )
            # Someone else may have ungrouped it first.
            statuses.append(r.status_code)
            return statuses

        statuses = all_at_once(guests, regroup)
        assert all(first == 200 for first, _ in statuses), statuses
        assert all(second in (200, 422) for _, second in statuses), statuses
        applied = sum(1 for pair in statuses for s in pair if s == 200)

        final = board(world.owner, rid)
        # One event per command, and one more (the voter's new count) for each command that
        # took votes away with a group it left empty.
        lost = 2 - sum(final["votes_used"].values())
        extra = final["seq"] - start_seq - applied
        assert (1 if lost else 0) <= extra <= lost
        ids = [c["id"] for c in final["cards"]]
        assert sorted(ids) == sorted(cards)
        assert len(ids) == len(set(ids))
        groups = {g["id"] for g in final["groups"]}
        used = Counter(c["group_id"] for c in final["cards"] if c["group_id"])
        # Every card is in an existing group or none, and no group is left empty.
        assert set(used) == groups
        # Votes sit only on topics that still exist.
        topics = {c["group_id"] or c["id"] for c in final["cards"]}
        assert set(final["votes"]) <= topics
    finally:
        for g in guests:
            g.close()
