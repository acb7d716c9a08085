"""A deliberately small RFC 6455 client for the load generator.

One `asyncio.Protocol` per connection, no task per connection, no per-frame coroutine: bytes
arrive in `data_received`, complete text frames go straight to a callback with their arrival
time. Full-featured clients (the `websockets` library's asyncio client) spend several times as
much CPU per frame, and the load generator must not saturate before the server does.

Only what the board socket needs: text frames, fragmentation, ping/pong, close; no extensions
(permessage-deflate is not offered).
"""

import asyncio
import base64
import os
import time
from collections.abc import Callable
from typing import cast

OnText = Callable[[bytes, float], None]


def _mask(payload: bytes, key: bytes) -> bytes:
    n = len(payload)
    if n == 0:
        return payload
    repeated = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(n, "big")


def encode_frame(payload: bytes, opcode: int = 1) -> bytes:
    """A final, masked client frame."""
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([0x80 | n])
    elif n < 65536:
        head += bytes([0x80 | 126]) + n.to_bytes(2, "big")
    else:
        head += bytes([0x80 | 127]) + n.to_bytes(8, "big")
    key = os.urandom(4)
    return head + key + _mask(payload, key)


class HandshakeError(Exception):
    pass


class WSClient(asyncio.Protocol):
    def __init__(self, host: str, path: str, headers: dict[str, str], on_text: OnText) -> None:
        self._request = self._handshake(host, path, headers)
        self.on_text = on_text
        self.transport: asyncio.Transport | None = None
        self._buf = bytearray()
        self._open = False
        self._fragments: list[bytes] = []
        loop = asyncio.get_running_loop()
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[int | None] = loop.create_future()
        self.close_code: int | None = None
        self.bytes_received = 0

    @staticmethod
    def _handshake(host: str, path: str, headers: dict[str, str]) -> bytes:
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    # asyncio.Protocol
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # A stream transport, though uvloop's is not a subclass of asyncio.Transport.
        stream = cast("asyncio.Transport", transport)
        self.transport = stream
        stream.write(self._request)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(HandshakeError(f"connection lost: {exc}"))
        if not self.closed.done():
            self.closed.set_result(self.close_code)

    def data_received(self, data: bytes) -> None:
        t = time.perf_counter()
        self.bytes_received += len(data)
        buf = self._buf
        buf += data
        if not self._open:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[:end]).split(b"\r\n", 1)[0]
            del buf[: end + 4]
            if b" 101 " not in status + b" ":
                self.opened.set_exception(HandshakeError(status.decode(errors="replace")))
                assert self.transport is not None
                self.transport.close()
                return
            self._open = True
            self.opened.set_result(None)
        pos = 0
        size = len(buf)
        while size - pos >= 2:
            b0 = buf[pos]
            length = buf[pos + 1] & 0x7F
            head = 2
            if length == 126:
                if size - pos < 4:
                    break
                length = int.from_bytes(buf[pos + 2 : pos + 4], "big")
                head = 4
            elif length == 127:
                if size - pos < 10:
                    break
                length = int.from_bytes(buf[pos + 2 : pos + 10], "big")
                head = 10
            end = pos + head + length
            if end > size:
                break
            payload = bytes(buf[pos + head : end])
            pos = end
            opcode = b0 & 0x0F
            if opcode == 1 or opcode == 0:
                if not b0 & 0x80:
                    self._fragments.append(payload)
                    continue
                if self._fragments:
                    self._fragments.append(payload)
                    payload = b"".join(self._fragments)
                    self._fragments = []
                self.on_text(payload, t)
            elif opcode == 8:
                self.close_code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else None
                self._send(payload[:2], 8)
                assert self.transport is not None
                self.transport.close()
            elif opcode == 9:
                self._send(payload, 10)
        if pos:
            del buf[:pos]

    def _send(self, payload: bytes, opcode: int) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(encode_frame(payload, opcode))

    def send_text(self, text: str) -> None:
        self._send(text.encode(), 1)

    def close(self) -> None:
        self._send((1000).to_bytes(2, "big"), 8)
        if self.transport is not None:
            self.transport.close()


async def connect(
    host: str, port: int, path: str, headers: dict[str, str], on_text: OnText, limit: float = 30
) -> WSClient:
    loop = asyncio.get_running_loop()
    _, proto = await loop.create_connection(
        lambda: WSClient(f"{host}:{port}", path, headers, on_text), host, port
    )
    await asyncio.wait_for(proto.opened, limit)
    return proto
