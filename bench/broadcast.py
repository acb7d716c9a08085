"""The least a live board server can do: take a command, number it, send it to everyone on its
board. No accounts, no checks, no storage, no per-viewer forms.

It runs on the stack Twofold runs on (uvicorn with uvloop and the sans-I/O websockets protocol,
one process pinned to the same core; Starlette for the few HTTP calls of the set-up). It
encodes each event's frame once and writes it to every socket's transport, and answers just
enough of Twofold's API for `bench.live_load` to set up boards and drive it exactly as it
drives Twofold. Its highest
passing rate is what Python fans out on this machine, through this generator; Twofold's rate
as a share of it is a figure that holds from one processor to another, where absolute rates do
not.

`python -m bench.broadcast serve` (the port in TWOFOLD_PORT, as for `twofold serve`).
"""

import itertools
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from twofold.live.hub import encode_text_frame

_ids = itertools.count(1)
COMPACT = (",", ":")
"""JSON as Twofold writes it, which the load generator reads by its first bytes."""


def _new_id() -> str:
    return f"{next(_ids):016x}"


Write = Callable[[bytes], None]


@dataclass
class Board:
    seq: int = 0
    sockets: dict[int, Write] = field(default_factory=dict)


BOARDS: dict[str, Board] = {}


def _board(retro_id: str) -> Board:
    board = BOARDS.get(retro_id)
    if board is None:
        board = BOARDS[retro_id] = Board()
    return board


async def setup_info(_: Request) -> JSONResponse:
    return JSONResponse({"ready": True})


async def session(_: Request) -> JSONResponse:
    """Sign-up and guest joins alike: a cookie that nothing checks."""
    response = JSONResponse({"csrf_token": "-"}, status_code=201)
    response.set_cookie("twofold_session", _new_id())
    return response


async def created(_: Request) -> JSONResponse:
    """A team, a retro (with three columns) or an invite: ids only."""
    new = _new_id()
    columns = [{"id": _new_id()} for _ in range(3)]
    return JSONResponse({"id": new, "token": new, "columns": columns}, status_code=201)


async def command(_: Request) -> JSONResponse:
    return JSONResponse({"seq": 0, "result": {}})


def _writer(send: Send) -> Write:
    """Bytes straight to the socket's transport: a server's frames are unmasked, so one encoded
    frame serves every socket of the board (the least fan-out can cost in Python)."""
    protocol = getattr(send, "__self__", None)
    transport = getattr(protocol, "transport", None)
    if transport is None:
        raise SystemExit("the broadcast server runs on uvicorn's websockets-sansio protocol")
    return cast("Write", transport.write)


async def live(scope: Scope, receive: Receive, send: Send) -> None:
    """A board socket, below Starlette: a snapshot with the seq, then every command numbered,
    acknowledged to its sender and sent to everyone on the board."""
    board = _board(scope["path"].split("/")[3])
    if (await receive())["type"] != "websocket.connect":
        return
    await send({"type": "websocket.accept"})
    await send(
        {"type": "websocket.send", "text": f'{{"type":"snapshot","seq":{board.seq},"board":{{}}}}'}
    )
    me = id(send)
    write = board.sockets[me] = _writer(send)
    try:
        while True:
            message = await receive()
            if message["type"] != "websocket.receive":
                return
            body: dict[str, Any] = json.loads(message["text"])
            command = body["command"]
            board.seq += 1
            card = command.get("card_id") or _new_id()
            ack = {"type": "ack", "command_id": body["command_id"], "seq": board.seq,
                   "duplicate": False, "result": {"card_id": card}}  # fmt: skip
            write(encode_text_frame(json.dumps(ack, separators=COMPACT)))
            event = {"type": "event", "seq": board.seq, "tag": "",
                     "event": {"type": "card_added", "card": {"id": card, **command}}}  # fmt: skip
            frame = encode_text_frame(json.dumps(event, separators=COMPACT))
            for other in board.sockets.values():
                other(frame)
    finally:
        board.sockets.pop(me, None)


rest = Starlette(
    routes=[
        Route("/api/setup", setup_info),
        Route("/api/auth/signup", session, methods=["POST"]),
        Route("/api/invites/{token}/guest", session, methods=["POST"]),
        Route("/api/teams", created, methods=["POST"]),
        Route("/api/teams/{team_id}/retros", created, methods=["POST"]),
        Route("/api/teams/{team_id}/invites", created, methods=["POST"]),
        Route("/api/retros/{retro_id}/commands", command, methods=["POST"]),
    ]
)


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "websocket":
        await live(scope, receive, send)
    else:
        await rest(scope, receive, send)


def main() -> None:
    import uvicorn

    if sys.argv[1:] != ["serve"]:
        raise SystemExit("usage: python -m bench.broadcast serve")
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=int(os.environ["TWOFOLD_PORT"]),
        log_level="warning",
        # As `twofold serve` runs (twofold/cli.py).
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        ws_max_size=1024 * 1024,
    )


if __name__ == "__main__":
    main()
