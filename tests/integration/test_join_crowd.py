"""Many people opening one board at once (a retro starting, a link posted in a channel) are let
in together: their arrivals are written in batches and their snapshots come from shared reads
of the board. Each still gets the board as they may see it, with themselves in it, and every
event after it, in order, while the board keeps working."""

import threading
from typing import Any

from tests.integration.conftest import Live
from tests.live_server import Person, join_as_guest, receive, receive_until

CROWD = 20


class Arrival:
    """One person opening the board, on a thread of their own: their snapshot, then the seqs
    of the events that follow it, up to `until`."""

    def __init__(self, person: Person, rid: str) -> None:
        self.person, self.rid = person, rid
        self.snapshot: dict[str, Any] = {}
        self.seqs: list[int] = []
        self.until: int | None = None
        self.ready = threading.Event()

    def run(self, go: threading.Event) -> None:
        go.wait()
        with self.person.socket(self.rid) as ws:
            self.snapshot, _ = receive_until(ws, "snapshot")
            self.ready.wait(30)
            seq = self.snapshot["seq"]
            while self.until is not None and seq < self.until:
                frame = receive(ws)
                if frame["type"] == "event":
                    seq = frame["seq"]
                    self.seqs.append(seq)


def test_a_crowd_opening_a_board_together_each_get_their_own_board_and_all_that_follows(
    live: Live,
) -> None:
    rid = live.rid
    team_id = live.retro["team_id"]
    link = live.owner.http(
        "POST", f"/api/teams/{team_id}/invites", 201, json={"retro_id": rid, "guests_only": True}
    )["token"]
    crowd = [join_as_guest(live.server, link, f"Guest {i:02d}", role="qa") for i in range(CROWD)]
    secret = live.eng.command(rid, "add_card", column_id=live.column(), text="Only mine to read")
    arrivals = [Arrival(p, rid) for p in crowd]
    go = threading.Event()
    threads = [threading.Thread(target=a.run, args=(go,)) for a in arrivals]
    for t in threads:
        t.start()
    go.set()
    # The board keeps working while they arrive.
    added = [
        live.eng.command(rid, "add_card", column_id=live.column(), text=f"card {i}")["seq"]
        for i in range(5)
    ]
    # Arrivals are events too: everyone reads up to the board's head as of now.
    last = live.owner.http("GET", f"/api/retros/{rid}")["seq"]
    for a in arrivals:
        a.until = max(last, *added)
        a.ready.set()
    for t in threads:
        t.join(30)
        assert not t.is_alive()
    keys = set()
    for a in arrivals:
        board = a.snapshot["board"]
        assert board["me"]["kind"] == "guest"
        keys.add(board["me"]["key"])
        # The eng's card is hidden from them, whichever read they were served by.
        [hidden] = [c for c in board["cards"] if c["id"] == secret["result"]["card_id"]]
        assert hidden["hidden"] is True
        assert hidden.get("text") != "Only mine to read"
        # Everything after their snapshot arrived, in order and without a gap.
        first = a.snapshot["seq"] + 1
        assert a.seqs == list(range(first, first + len(a.seqs)))
        assert a.seqs[-1:] == [max(last, *added)] or a.snapshot["seq"] >= max(last, *added)
    assert len(keys) == CROWD
    # Each arrival was recorded once: the readiness list names each guest once.
    listed = [p["key"] for p in live.owner.http("GET", f"/api/retros/{rid}")["participants"]]
    assert sorted(k for k in listed if k in keys) == sorted(keys)
    assert len(listed) == len(set(listed))
