"""A board kept by a connected client, event by event, equals a fresh snapshot of it.

Each person (the one acting, another member, a guest) holds a socket open while the commands
run, folds the events they get into the board they started from (tests/board_model.py, the
twin of the web UI's reducer), and must end up with what a fresh snapshot shows them: no
change missed, and nothing kept that the snapshot no longer says. A member who was away
meanwhile and resumes (the events replayed after `since`) must end up there too.
"""

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest

from tests.board_model import BoardModel
from tests.integration.conftest import Live
from tests.live_server import Person, receive, receive_until

Steps = Callable[[Live], None]


def _people(live: Live) -> dict[str, Person]:
    return {"owner": live.owner, "eng": live.eng, "guest": live.guest}


def _converges(
    live: Live, steps: Steps, events: list[dict[str, Any]] | None = None, **settings: Any
) -> dict[str, dict[str, Any]]:
    """Run `steps` with everyone connected; assert each one's board equals their fresh
    snapshot, and return the snapshots (by person) for the caller's own checks. The guest's
    events are added to `events` when given."""
    if settings:
        live.owner.command(live.rid, "update_settings", **settings)
    people = _people(live)
    # Someone away meanwhile, who resumes from where they were (a replay after `since`).
    with live.eng.socket(live.rid) as ws:
        snap, _ = receive_until(ws, "snapshot")
        away = BoardModel.from_snapshot(snap["board"], snap["seq"], snap["log"], snap["tag"])
    with ExitStack() as stack:
        sockets = {name: stack.enter_context(p.socket(live.rid)) for name, p in people.items()}
        models: dict[str, BoardModel] = {}
        for name, ws in sockets.items():
            snap, _ = receive_until(ws, "snapshot")
            models[name] = BoardModel.from_snapshot(snap["board"], snap["seq"])
        steps(live)
        last = live.owner.http("GET", f"/api/retros/{live.rid}")["seq"]
        for name, ws in sockets.items():
            while models[name].seq < last:
                frame = receive(ws)
                if frame["type"] == "event":
                    models[name].apply(frame["seq"], frame["event"])
                    if name == "guest" and events is not None:
                        events.append(frame["event"])
    with live.eng.socket(live.rid, since=away.seq, log=away.log, tag=away.tag) as ws:
        while away.seq < last:
            frame = receive(ws)
            assert frame["type"] != "snapshot"
            if frame["type"] == "event":
                away.apply(frame["seq"], frame["event"], frame["tag"])
    models["eng, resumed"] = away
    fresh: dict[str, dict[str, Any]] = {}
    for name, person in people.items():
        board = person.http("GET", f"/api/retros/{live.rid}")
        assert board["seq"] == last
        expected = BoardModel.from_snapshot(board, board["seq"]).comparable()
        assert models[name].comparable() == expected, name
        if name == "eng":
            assert models["eng, resumed"].comparable() == expected
        fresh[name] = board
    return fresh


def _card(person: Person, live: Live, text: str) -> str:
    return str(
        person.command(live.rid, "add_card", column_id=live.column(0), text=text)["result"][
            "card_id"
        ]
    )


def _phase(live: Live, *phases: str) -> None:
    for phase in phases:
        live.owner.command(live.rid, "set_phase", phase=phase)


def test_adding_cards_to_a_group_with_a_title_renames_it_for_everyone(live: Live) -> None:
    def steps(live: Live) -> None:
        ids = [_card(live.eng, live, f"card {i}") for i in range(3)]
        _phase(live, "reveal", "group")
        group = live.eng.command(live.rid, "group_cards", card_ids=ids[:2], title="Pricing")
        group_id = group["result"]["group_id"]
        live.guest.command(
            live.rid, "group_cards", card_ids=[ids[2]], group_id=group_id, title="Checkout"
        )

    boards = _converges(live, steps)
    assert [g["title"] for g in boards["owner"]["groups"]] == ["Checkout"]


@pytest.mark.parametrize("settings", [{}, {"anonymous": True}, {"hide_tallies": True}])
def test_a_facilitator_deleting_a_voted_card_gives_its_votes_back(
    live: Live, settings: dict[str, Any]
) -> None:
    def steps(live: Live) -> None:
        doomed = _card(live.eng, live, "off topic")
        _card(live.owner, live, "on topic")
        _phase(live, "reveal", "group", "vote")
        live.eng.command(live.rid, "vote", topic_id=doomed)
        live.guest.command(live.rid, "vote", topic_id=doomed)
        live.owner.command(live.rid, "delete_card", card_id=doomed)

    events: list[dict[str, Any]] = []
    boards = _converges(live, steps, events, **settings)
    assert all(b["votes_used"] == {} for b in boards.values())
    after = [e["type"] for e in events[[e["type"] for e in events].index("card_deleted") :]]
    # Others' counts are told, except in an anonymous retro, where nobody sees them.
    assert after == ["card_deleted"] + ["vote_changed"] * (0 if settings.get("anonymous") else 2)


@pytest.mark.parametrize("settings", [{}, {"anonymous": True}, {"hide_tallies": True}])
def test_a_voted_card_grouped_after_the_vote_brings_its_votes(
    live: Live, settings: dict[str, Any]
) -> None:
    def steps(live: Live) -> None:
        ids = [_card(live.eng, live, f"card {i}") for i in range(4)]
        _phase(live, "reveal", "group")
        group_id = live.eng.command(live.rid, "group_cards", card_ids=ids[:2], title="Flaky CI")[
            "result"
        ]["group_id"]
        _phase(live, "vote")
        live.eng.command(live.rid, "vote", topic_id=ids[2])
        live.guest.command(live.rid, "vote", topic_id=ids[2])
        live.guest.command(live.rid, "vote", topic_id=ids[3])
        live.owner.command(live.rid, "vote", topic_id=group_id)
        _phase(live, "group")
        live.owner.command(live.rid, "group_cards", card_ids=[ids[2]], group_id=group_id)
        live.owner.command(live.rid, "group_cards", card_ids=[ids[3]], title="Alone")

    events: list[dict[str, Any]] = []
    boards = _converges(live, steps, events, **settings)
    assert sum(boards["guest"]["my_votes"].values()) == 2
    # Going back from the vote, hidden tallies stay hidden: no event tells them.
    assert all(not e.get("tallies") for e in events)
    assert set(boards["guest"]["my_votes"]) == {g["id"] for g in boards["guest"]["groups"]}


@pytest.mark.parametrize("settings", [{}, {"anonymous": True}, {"hide_tallies": True}])
def test_ungrouping_the_last_card_of_a_voted_group_gives_its_votes_back(
    live: Live, settings: dict[str, Any]
) -> None:
    def steps(live: Live) -> None:
        ids = [_card(live.eng, live, f"card {i}") for i in range(2)]
        _phase(live, "reveal", "group")
        group_id = live.eng.command(live.rid, "group_cards", card_ids=ids, title="Meetings")[
            "result"
        ]["group_id"]
        _phase(live, "vote")
        live.eng.command(live.rid, "vote", topic_id=group_id)
        live.guest.command(live.rid, "vote", topic_id=group_id)
        _phase(live, "group")
        for card_id in ids:
            live.guest.command(live.rid, "ungroup_card", card_id=card_id)

    boards = _converges(live, steps, **settings)
    assert all(b["votes"] == {} and b["votes_used"] == {} for b in boards.values())


@pytest.mark.parametrize("anonymous", [False, True])
def test_moving_back_to_a_hidden_phase_hides_cards_as_a_snapshot_does(
    live: Live, anonymous: bool
) -> None:
    def steps(live: Live) -> None:
        _card(live.eng, live, "written before the reveal")
        _card(live.guest, live, "the guest's")
        _phase(live, "reveal", "reflect")

    boards = _converges(live, steps, anonymous=anonymous)
    assert boards["owner"]["cards"][0]["hidden"] is True


def test_ones_own_cards_keep_their_author_through_an_anonymous_reveal(live: Live) -> None:
    def steps(live: Live) -> None:
        _card(live.eng, live, "mine, written anonymously")
        _card(live.guest, live, "the guest's")
        _phase(live, "reveal")

    boards = _converges(live, steps, anonymous=True)
    assert [c["author_name"] for c in boards["eng"]["cards"] if c["is_mine"]] == ["Eli Eng"]
