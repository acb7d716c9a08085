"""Whatever a board socket is sent, against a real server: every frame is answered with an error
frame or a proper close (never a dropped connection, 1006), and a socket left open still works.

Hypothesis draws the frames: binary frames, JSON nested to any depth, integers of thousands of
digits, text in other encodings or with broken characters, frames over the size limit, and
commands carrying all of these where the board would store them."""

import json
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection

from tests.integration.conftest import Live
from tests.live_server import receive, receive_until

PROPER_CLOSES = {
    1003,  # data the server does not take
    1007,  # a text frame that is not UTF-8
    1009,  # over the server's frame limit
    4429,  # too many refused frames
}
FRAME_ERRORS = {"bad_frame", "malformed_json", "validation_error", "frame_too_large"}

Frame = tuple[bool, bytes | str]
"""(as a text frame, content): bytes sent as a text frame need not be UTF-8."""


def _command(name: str, **args: Any) -> dict[str, Any]:
    return {"type": "command", "command_id": uuid.uuid4().hex, "command": {"name": name, **args}}


def _nested(depth: int, as_object: bool, leaf: str = "0") -> str:
    if as_object:
        return '{"a":' * depth + leaf + "}" * depth
    return "[" * depth + leaf + "]" * depth


def _with_raw_field(raw: str) -> str:
    """An add_card whose text is `raw` JSON (a number, a nested value), as a client would send
    it if it got the types wrong."""
    head = json.dumps(_command("add_card", column_id="COLUMN", text="x"))
    return head.replace('"text": "x"', f'"text": {raw}')


def _frames() -> st.SearchStrategy[Frame]:
    depth = st.integers(min_value=1, max_value=30_000)
    digits = st.integers(min_value=1, max_value=60_000)
    text = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)
    return st.one_of(
        st.binary(max_size=600).map(lambda b: (False, b)),
        st.builds(lambda d, o: (True, _nested(d, o)), depth, st.booleans()),
        st.builds(lambda d, o: (True, _with_raw_field(_nested(d, o))), depth, st.booleans()),
        st.builds(lambda n, neg: (True, ("-" if neg else "") + "9" * n), digits, st.booleans()),
        digits.map(lambda n: (True, _with_raw_field("7" * n))),
        digits.map(lambda n: (True, f"1e{n}")),
        text.map(lambda t: (True, t)),
        # Card text with anything in it, broken character pairs and NUL included (json.dumps
        # spells a lone surrogate as a \\ud8xx escape).
        text.map(lambda t: (True, json.dumps(_command("add_card", column_id="COLUMN", text=t)))),
        text.map(lambda t: (True, json.dumps({"type": "command", "command_id": t}))),
        st.sampled_from(["utf-16", "utf-32", "latin-1", "cp1252"]).map(
            lambda enc: (True, json.dumps(_command("add_card", text="Café ☕")).encode(enc))
        ),
        st.integers(min_value=1, max_value=2_000_000).map(lambda n: (True, "x" * (64 * 1024 + n))),
    )


def _answer(ws: ClientConnection) -> dict[str, Any] | int:
    """The server's answer to one frame: its error (or pong) frame, or the code it closed with.
    A connection that ends without a close frame fails the test."""
    try:
        while True:
            frame = receive(ws)
            if frame["type"] in ("error", "pong", "ack"):
                return frame
    except ConnectionClosed as closed:
        ended = closed
    assert ended.rcvd is not None, "the connection dropped without a close frame (1006)"
    return ended.rcvd.code


def _still_works(ws: ClientConnection, column_id: str) -> None:
    command = _command("add_card", column_id=column_id, text="still here")
    ws.send(json.dumps(command))
    ack, _ = receive_until(ws, "ack", command_id=command["command_id"])
    assert ack["seq"] > 0


def _send(ws: ClientConnection, frame: Frame, column_id: str) -> None:
    as_text, content = frame
    if isinstance(content, str):
        content = content.replace("COLUMN", column_id)
        ws.send(content.encode("utf-8", "surrogatepass"), text=as_text)
    else:
        ws.send(content.replace(b"COLUMN", column_id.encode()), text=as_text)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frame=_frames())
def test_every_frame_gets_an_error_frame_or_a_proper_close(live: Live, frame: Frame) -> None:
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        _send(ws, frame, live.column())
        answer = _answer(ws)
        if isinstance(answer, int):
            assert answer in PROPER_CLOSES, answer
            return
        if answer["type"] == "error":
            assert answer["error"]["code"] in FRAME_ERRORS, answer
            assert answer["error"]["message"]
        _still_works(ws, live.column())


def test_each_kind_of_bad_frame_is_named(live: Live) -> None:
    expected: list[tuple[Frame, str]] = [
        ((False, b"\x00\x01binary"), "bad_frame"),
        ((True, _nested(5_000, as_object=False)), "bad_frame"),
        ((True, _nested(200, as_object=True)), "bad_frame"),
        ((True, _with_raw_field("9" * 5_000)), "bad_frame"),
        ((True, "{not json"), "malformed_json"),
        ((True, "x" * (70 * 1024)), "frame_too_large"),
        ((True, json.dumps(_command("add_card", column_id="COLUMN", text="half \ud800"))), "validation_error"),
    ]  # fmt: skip
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        for frame, code in expected:
            _send(ws, frame, live.column())
            answer = _answer(ws)
            assert isinstance(answer, dict), (frame, answer)
            assert answer["error"]["code"] == code, (frame, answer)
        _still_works(ws, live.column())
    assert "Traceback" not in live.server_log()


def test_a_text_frame_that_is_not_utf8_is_closed_with_1007(live: Live) -> None:
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        ws.send("Café".encode("latin-1"), text=True)
        assert _answer(ws) == 1007
    with live.eng.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        _still_works(ws, live.column())
