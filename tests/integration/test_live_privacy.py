"""What the board socket tells whom, on a real server (SQLite and PostgreSQL): reactions in an
anonymous retro, other retros' action items and the backlog marks, live and replayed with
`since` alike (docs/live.md)."""

from dataclasses import dataclass
from typing import Any

from websockets.sync.client import ClientConnection

from tests.integration.conftest import Live
from tests.live_server import Person, join_as_guest, receive_until


def _event(ws: ClientConnection, seq: int) -> dict[str, Any]:
    frame, _ = receive_until(ws, "event", seq=seq)
    return dict(frame["event"])


def _next(ws: ClientConnection, *types: str) -> tuple[int, dict[str, Any]]:
    """The next event of one of these types, skipping others (people joining, say)."""
    while True:
        frame, _ = receive_until(ws, "event")
        if frame["event"]["type"] in types:
            return int(frame["seq"]), dict(frame["event"])


@dataclass(frozen=True)
class Position:
    """Where a client is on a board: what it resumes with (docs/live.md)."""

    seq: int
    log: str
    tag: str


def _position(person: Person, retro_id: str) -> Position:
    """Where a client that connects now starts from (its snapshot); the tags are the same for
    every viewer, so anyone's client can resume from it."""
    with person.socket(retro_id) as ws:
        snapshot, _ = receive_until(ws, "snapshot")
    return Position(int(snapshot["seq"]), str(snapshot["log"]), str(snapshot["tag"]))


def _replayed(
    person: Person, retro_id: str, since: Position, upto: int
) -> dict[int, dict[str, Any]]:
    """The events after `since`, up to `upto`, as a reconnecting client gets them."""
    found: dict[int, dict[str, Any]] = {}
    with person.socket(retro_id, since=since.seq, log=since.log, tag=since.tag) as ws:
        while len(found) < upto - since.seq:
            frame, _ = receive_until(ws, "event")
            found[frame["seq"]] = frame["event"]
    return found


def _seq(person: Person, retro_id: str) -> int:
    return int(person.http("GET", f"/api/retros/{retro_id}")["seq"])


def _key(person: Person, retro_id: str) -> str:
    return str(person.http("GET", f"/api/retros/{retro_id}")["me"]["key"])


def test_reactions_in_an_anonymous_retro_name_only_yourself(live: Live) -> None:
    live.owner.command(live.rid, "update_settings", anonymous=True)
    card = live.owner.command(live.rid, "add_card", column_id=live.column(), text="Demo slipped")
    card_id = card["result"]["card_id"]
    live.owner.command(live.rid, "set_phase", phase="reveal")
    eng_key = _key(live.eng, live.rid)
    start = _position(live.owner, live.rid)
    with (
        live.eng.socket(live.rid) as reactor,
        live.owner.socket(live.rid) as author,
        live.guest.socket(live.rid) as guest,
    ):
        for ws in (reactor, author, guest):
            receive_until(ws, "snapshot")
        ack = live.eng.command(live.rid, "react", card_id=card_id, emoji="🤔")
        assert _event(reactor, ack["seq"])["participant"] == eng_key
        for ws in (author, guest):
            event = _event(ws, ack["seq"])
            assert (event["participant"], event["on"]) == ("anonymous", True)
    # Replayed after a drop, the same.
    assert _replayed(live.owner, live.rid, start, ack["seq"])[ack["seq"]]["participant"] == (
        "anonymous"
    )
    assert _replayed(live.eng, live.rid, start, ack["seq"])[ack["seq"]]["participant"] == eng_key


def _guest_form(action: dict[str, Any]) -> dict[str, Any]:
    hidden = {"retro_id": None, "topic_id": None, "source_card_id": None}
    return {"type": "action_changed", "action": {**action, **hidden}}


def test_a_guest_is_told_only_of_the_action_items_their_retro_reviews(live: Live) -> None:
    team_id = live.retro["team_id"]
    card = live.owner.command(live.rid, "add_card", column_id=live.column(), text="QA too late")
    card_id = card["result"]["card_id"]
    live.owner.command(live.rid, "set_phase", phase="discuss")
    earlier = live.owner.command(
        live.rid, "create_action", title="QA joins refinement", source_card_id=card_id
    )["result"]["action_id"]
    second = live.owner.http("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "R2"})
    link = live.owner.http(
        "POST",
        f"/api/teams/{team_id}/invites",
        201,
        json={"retro_id": second["id"], "guests_only": True},
    )["token"]
    guest = join_as_guest(live.server, link, "Gia Guest", role="qa")
    third = live.owner.http("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "R3"})
    live.owner.command(third["id"], "set_phase", phase="discuss")
    later = live.owner.command(third["id"], "create_action", title="Agreed after R2")["result"][
        "action_id"
    ]
    start = _position(live.owner, second["id"])

    with live.eng.socket(second["id"]) as member, guest.socket(second["id"]) as outside:
        receive_until(member, "snapshot")
        snapshot, _ = receive_until(outside, "snapshot")
        assert [a["id"] for a in snapshot["board"]["earlier_actions"]] == [earlier]

        live.eng.http("PATCH", f"/api/actions/{earlier}", json={"status": "in_progress"})
        seq, event = _next(member, "action_changed")
        full = event["action"]
        assert (full["id"], full["source_card_id"], full["retro_id"]) == (
            earlier,
            card_id,
            live.rid,
        )
        assert _next(outside, "action_changed", "withheld") == (seq, _guest_form(full))

        # An item of a later retro is not under review here: the guest learns only that
        # something changed, so its sequence stays whole.
        live.eng.http("PATCH", f"/api/actions/{later}", json={"status": "in_progress"})
        assert _next(member, "action_changed")[1]["action"]["id"] == later
        assert _next(outside, "action_changed", "withheld") == (seq + 1, {"type": "withheld"})

        # Deleted, the same: the guest is told of the item under review, not of the other.
        live.eng.http("DELETE", f"/api/actions/{later}", 204)
        assert _next(member, "action_removed") == (
            seq + 2,
            {"type": "action_removed", "action_id": later},
        )
        assert _next(outside, "action_removed", "withheld") == (seq + 2, {"type": "withheld"})
        live.eng.http("DELETE", f"/api/actions/{earlier}", 204)
        removed = {"type": "action_removed", "action_id": earlier}
        assert _next(member, "action_removed") == (seq + 3, removed)
        assert _next(outside, "action_removed", "withheld") == (seq + 3, removed)

    replay = _replayed(guest, second["id"], start, seq + 3)
    assert replay[seq + 1] == replay[seq + 2] == {"type": "withheld"}
    assert replay[seq]["action"]["source_card_id"] is None
    assert replay[seq + 3] == removed
    assert _replayed(live.eng, second["id"], start, seq + 1)[seq + 1]["action"]["id"] == later


def test_every_member_s_board_stops_offering_a_card_once_it_is_in_the_backlog(
    live: Live,
) -> None:
    card = live.eng.command(live.rid, "add_card", column_id=live.column(), text="Flaky deploys")
    card_id = card["result"]["card_id"]
    live.owner.command(live.rid, "set_phase", phase="reveal")
    with (
        live.owner.socket(live.rid) as other,
        live.eng.socket(live.rid) as sender,
        live.guest.socket(live.rid) as guest,
    ):
        for ws in (other, sender, guest):
            receive_until(ws, "snapshot")
        begin = _position(live.owner, live.rid)
        start = begin.seq
        item = live.eng.http("POST", f"/api/cards/{card_id}/debt", 201)
        for ws in (other, sender):
            assert _event(ws, start + 1) == {
                "type": "backlog_changed",
                "cards": {card_id: item["id"]},
            }
        assert _event(guest, start + 1) == {"type": "withheld"}
        # A second try is refused and tells nobody anything.
        live.owner.http("POST", f"/api/cards/{card_id}/debt", 409)
        assert _seq(live.owner, live.rid) == start + 1

        # Deleted, the item no longer marks the card: boards offer it again.
        live.eng.http("DELETE", f"/api/debt/{item['id']}", 204)
        for ws in (other, sender):
            assert _event(ws, start + 2) == {"type": "backlog_changed", "cards": {card_id: None}}
        assert _event(guest, start + 2) == {"type": "withheld"}

    fresh = live.owner.http("GET", f"/api/retros/{live.rid}")
    assert fresh["backlog_cards"] == {}
    again = live.owner.http("POST", f"/api/cards/{card_id}/debt", 201)
    assert live.eng.http("GET", f"/api/retros/{live.rid}")["backlog_cards"] == {
        card_id: again["id"]
    }
    assert live.guest.http("GET", f"/api/retros/{live.rid}")["backlog_cards"] == {}
    replay = _replayed(live.guest, live.rid, begin, start + 3)
    assert set(map(str, replay.values())) == {str({"type": "withheld"})}
