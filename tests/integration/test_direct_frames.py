"""Frames written straight to uvicorn's WebSocket transport (`api/direct_frames.py`), against a
real uvicorn server run the way `twofold serve` runs it, and a real client."""

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from starlette.types import Receive, Scope, Send
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.ports import free_port
from twofold.api.direct_frames import direct_writer
from twofold.api.middleware import SERVER_SEND, KeepServerSend
from twofold.live.hub import encode_text_frame

TEXTS = ["a", "é" * 10, "x" * 126, "y" * 70_000, '{"type":"event","seq":5}']


class Board:
    """An ASGI app that sends TEXTS alternately through the direct writer and through ASGI,
    then, once the client says goodbye, closes and tries one more direct write."""

    def __init__(self) -> None:
        self.had_writer = False
        self.written_after_close: bool | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            return
        await receive()
        await send({"type": "websocket.accept"})
        write = direct_writer(scope[SERVER_SEND])
        self.had_writer = write is not None
        assert write is not None
        for i, text in enumerate(TEXTS):
            if i % 2:
                await send({"type": "websocket.send", "text": text})
            else:
                assert write(encode_text_frame(text))
        await receive()
        await send({"type": "websocket.close", "code": 1000})
        self.written_after_close = write(encode_text_frame("too late"))


@pytest.fixture
def served() -> Iterator[tuple[Board, int]]:
    board = Board()
    port = free_port()
    config = uvicorn.Config(
        KeepServerSend(board),
        host="127.0.0.1",
        port=port,
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield board, port
    server.should_exit = True
    thread.join(10)


def test_direct_frames_arrive_whole_and_in_order_among_asgi_ones(
    served: tuple[Board, int],
) -> None:
    board, port = served
    with connect(f"ws://127.0.0.1:{port}/", max_size=None) as ws:
        received = [ws.recv(timeout=10) for _ in TEXTS]
        assert received == TEXTS
        ws.send("bye")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1000
    assert board.had_writer
    assert board.written_after_close is False, "nothing goes out after the close frame"


def test_a_server_that_is_not_uvicorns_gets_no_direct_writer() -> None:
    async def send(_message: dict[str, Any]) -> None:
        return None

    assert direct_writer(send) is None
    assert direct_writer(None) is None
