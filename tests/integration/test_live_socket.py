"""The board WebSocket against a real server process, on SQLite and PostgreSQL."""

import json
import time
import uuid
from typing import Any

from websockets.exceptions import ConnectionClosed

from tests.board_model import BoardModel
from tests.integration.conftest import Live
from tests.live_server import (
    Person,
    receive,
    receive_until,
)


def _command(name: str, **args: Any) -> tuple[str, str]:
    command_id = uuid.uuid4().hex
    frame = {"type": "command", "command_id": command_id, "command": {"name": name, **args}}
    return command_id, json.dumps(frame)


def _closed_with(
    person: Person, retro_id: str, origin: str | None = None
) -> tuple[int | None, list[str]]:
    """Connect and read until the server closes; the close code and any frames sent first."""
    frames: list[str] = []
    with person.socket(retro_id, origin=origin) as ws:
        try:
            while True:
                frames.append(str(ws.recv(timeout=10)))
        except ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else None
    return code, frames


def test_unauthorised_subscriptions_are_refused_before_any_board_data(live: Live) -> None:
    nobody = Person(live.server, "not-a-session", "x")
    assert _closed_with(nobody, live.rid) == (4401, [])
    assert _closed_with(live.outsider, live.rid) == (4404, [])
    assert _closed_with(live.guest, live.other_retro_id) == (4404, [])
    assert _closed_with(live.eng, live.rid, origin="https://evil.example") == (4403, [])
    # A session that signed out is refused too.
    live.eng.http("POST", "/api/auth/logout", 204)
    assert _closed_with(live.eng, live.rid) == (4401, [])


def _ended_with(ws: Any) -> tuple[int | None, list[dict[str, Any]]]:
    """Read an open socket until the server closes it: the close code and the frames before."""
    frames: list[dict[str, Any]] = []
    try:
        while True:
            frames.append(json.loads(ws.recv(timeout=10)))
    except ConnectionClosed as closed:
        return (closed.rcvd.code if closed.rcvd else None), frames


def test_a_removed_member_and_a_signed_out_guest_stop_receiving(live: Live) -> None:
    team_id = live.retro["team_id"]
    eng_id = live.eng.http("GET", "/api/auth/session")["user"]["id"]
    with (
        live.owner.socket(live.rid) as owner_ws,
        live.eng.socket(live.rid) as eng_ws,
        live.guest.socket(live.rid) as guest_ws,
    ):
        for ws in (owner_ws, eng_ws, guest_ws):
            receive_until(ws, "snapshot")
        # Removed from the team while only listening: the socket ends, nothing more arrives.
        live.owner.http("DELETE", f"/api/teams/{team_id}/members/{eng_id}", 204)
        code, _ = _ended_with(eng_ws)
        assert code == 4404
        live.guest.http("POST", "/api/auth/logout", 204)
        code, _ = _ended_with(guest_ws)
        assert code == 4404
        secret = "Written after they left"
        live.owner.command(live.rid, "add_card", column_id=live.column(), text=secret)
        # ... while the others go on as before.
        while (added := receive_until(owner_ws, "event")[0])["event"]["type"] != "card_added":
            pass
        assert added["event"]["card"]["text"] == secret


def _timer_answer(ws: Any) -> str:
    """Ask for a timer over the socket; "ack" or the error's code."""
    command_id, frame = _command("set_timer", seconds=60)
    ws.send(frame)
    while True:
        got = json.loads(ws.recv(timeout=10))
        if got.get("command_id") == command_id and got["type"] in ("ack", "error"):
            return "ack" if got["type"] == "ack" else str(got["error"]["code"])


def _until_answer(ws: Any, want: str, seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while (answer := _timer_answer(ws)) != want and time.monotonic() < deadline:
        time.sleep(0.1)
    return answer


def test_an_open_socket_acts_with_the_rights_its_person_has_now(live: Live) -> None:
    """Facilitator rights given or taken on the team page hold for the next commands of a
    socket that stays open (within the access check's interval), without a reconnect."""
    team_id = live.retro["team_id"]
    eng_id = live.eng.http("GET", "/api/auth/session")["user"]["id"]
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        assert _timer_answer(ws) == "forbidden"
        live.owner.http(
            "PATCH", f"/api/teams/{team_id}/members/{eng_id}", 200, json={"is_facilitator": True}
        )
        assert _until_answer(ws, "ack") == "ack"
        live.owner.http(
            "PATCH", f"/api/teams/{team_id}/members/{eng_id}", 200, json={"is_facilitator": False}
        )
        assert _until_answer(ws, "forbidden") == "forbidden"


def test_hidden_card_text_never_reaches_anyone_else(live: Live) -> None:
    secret = "PM missed the discount stacking edge case"
    with live.owner.socket(live.rid) as facilitator, live.guest.socket(live.rid) as guest:
        receive_until(facilitator, "snapshot")
        receive_until(guest, "snapshot")
        with live.eng.socket(live.rid) as author:
            receive_until(author, "snapshot")
            cid, frame = _command("add_card", column_id=live.column(1), text=secret)
            author.send(frame)
            ack, author_frames = receive_until(author, "ack", command_id=cid)
            mine = next(f for f in author_frames if f.get("type") == "event")
            assert mine["event"]["card"]["text"] == secret
        for ws in (facilitator, guest):
            event, frames = receive_until(ws, "event", seq=ack["seq"])
            assert event["event"]["card"] == {
                "id": ack["result"]["card_id"],
                "column_id": live.column(1),
                "hidden": True,
            }
            assert all(secret not in json.dumps(f) for f in frames)
        # A fresh snapshot does not carry it either.
        with live.owner.socket(live.rid) as again:
            raw = again.recv(timeout=10)
            assert '"type":"snapshot"' in str(raw)
            assert secret not in str(raw)
        live.owner.command(live.rid, "set_phase", phase="reveal")
        revealed, _ = receive_until(guest, "event", seq=ack["seq"] + 1)
        assert [c["text"] for c in revealed["event"]["revealed"]] == [secret]


def test_a_client_that_was_away_converges_with_the_server(live: Live) -> None:
    with live.owner.socket(live.rid) as ws:
        snapshot, _ = receive_until(ws, "snapshot")
    model = BoardModel.from_snapshot(
        snapshot["board"], snapshot["seq"], snapshot["log"], snapshot["tag"]
    )

    # While it is away, others add, edit, delete, reveal, group and vote.
    ids = [
        live.eng.command(live.rid, "add_card", column_id=live.column(1), text=f"card {i}")[
            "result"
        ]["card_id"]
        for i in range(5)
    ]
    live.eng.command(live.rid, "edit_card", card_id=ids[0], text="card 0, edited")
    live.eng.command(live.rid, "delete_card", card_id=ids[4])
    live.owner.command(live.rid, "set_phase", phase="group")
    group = live.guest.command(live.rid, "group_cards", card_ids=ids[:2], title="Pricing")
    live.guest.command(
        live.rid, "group_cards", card_ids=[ids[2]], group_id=group["result"]["group_id"]
    )
    live.owner.command(live.rid, "set_phase", phase="vote")
    live.eng.command(live.rid, "vote", topic_id=group["result"]["group_id"])
    live.guest.command(live.rid, "vote", topic_id=ids[3])

    with live.owner.socket(live.rid, since=model.seq, log=model.log, tag=model.tag) as ws:
        while True:
            frame = receive(ws)
            if frame["type"] == "event":
                model.apply(frame["seq"], frame["event"], frame["tag"])
            if frame["type"] == "presence":
                break
    with live.owner.socket(live.rid) as ws:
        fresh, _ = receive_until(ws, "snapshot")
    assert model.seq == fresh["seq"]
    assert model.comparable() == BoardModel.from_snapshot(fresh["board"], fresh["seq"]).comparable()


def test_a_command_resent_after_a_drop_is_applied_once(live: Live) -> None:
    cid, frame = _command("add_card", column_id=live.column(0), text="sent twice")
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        ws.send(frame)
        first, _ = receive_until(ws, "ack", command_id=cid)
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        ws.send(frame)
        second, _ = receive_until(ws, "ack", command_id=cid)
    assert first["duplicate"] is False
    # The re-send gets the original answer, new card id included, marked as a duplicate.
    assert second == {**first, "duplicate": True}
    board = live.eng.http("GET", f"/api/retros/{live.rid}")
    assert [c["text"] for c in board["cards"]] == ["sent twice"]


def test_bad_frames_get_error_frames_and_change_nothing(live: Live) -> None:
    other_card = live.outsider.command(live.other_retro_id, "set_phase", phase="reflect")
    assert other_card["seq"] == 1
    with live.guest.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        # (Joining for the first time is itself an event; count from after it.)
        before = live.owner.http("GET", f"/api/retros/{live.rid}")["seq"]
        bad = [
            ("{not json", None, "malformed_json"),
            (json.dumps({"type": "dance"}), None, "validation_error"),
            (json.dumps({"type": "command", "command_id": "x"}), None, "validation_error"),
            ("x" * (70 * 1024), None, "frame_too_large"),
        ]
        for text, _, code in bad:
            ws.send(text)
            error, _ = receive_until(ws, "error")
            assert error["error"]["code"] == code
        refused = [
            (_command("set_phase", phase="reveal"), "forbidden"),
            (_command("vote", topic_id="nope"), "wrong_phase"),
            (_command("add_card", column_id="not-a-column", text="x"), "validation_error"),
            (_command("delete_card", card_id="no-such-card"), "not_found"),
            (_command("unknown_command"), "validation_error"),
        ]
        for (cid, frame), code in refused:
            ws.send(frame)
            error, _ = receive_until(ws, "error", command_id=cid)
            assert error["error"]["code"] == code, error
    assert live.owner.http("GET", f"/api/retros/{live.rid}")["seq"] == before


def test_a_flood_is_rate_limited_and_others_are_still_served(live: Live) -> None:
    with live.guest.socket(live.rid) as flooder, live.eng.socket(live.rid) as other:
        receive_until(flooder, "snapshot")
        receive_until(other, "snapshot")
        ready = {"type": "command", "command": {"name": "set_ready", "ready": True}}
        codes: list[str] = []
        acks = 0
        close_code = None
        try:
            for _ in range(300):
                flooder.send(json.dumps({**ready, "command_id": uuid.uuid4().hex}))
            while True:
                frame = receive(flooder)
                if frame["type"] == "ack":
                    acks += 1
                elif frame["type"] == "error":
                    codes.append(frame["error"]["code"])
        except ConnectionClosed as closed:
            close_code = closed.rcvd.code if closed.rcvd else None
        # The first burst is served, the rest refused, and a flooder that keeps going is cut off.
        assert acks >= 50
        assert set(codes) == {"rate_limited"}
        assert close_code == 4429
        cid, served = _command("add_card", column_id=live.column(0), text="still served")
        other.send(served)
        ack, _ = receive_until(other, "ack", command_id=cid)
        assert ack["duplicate"] is False


def test_frames_are_not_compressed_even_when_the_client_offers_it(live: Live) -> None:
    # Compressing every frame halves how many events a process can fan out; frames are small.
    with live.owner.socket(live.rid) as ws:
        assert ws.request is not None
        assert ws.response is not None
        assert "permessage-deflate" in str(ws.request.headers.get("Sec-WebSocket-Extensions"))
        assert ws.response.headers.get("Sec-WebSocket-Extensions") is None
        receive_until(ws, "snapshot")
