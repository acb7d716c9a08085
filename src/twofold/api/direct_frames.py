"""Board frames written straight to the socket, below the ASGI interface.

Every board event goes to every participant of the board. Through ASGI each copy costs a
coroutine, and uvicorn's WebSocket protocol encodes the same frame again for every socket,
which under load was a fifth of the server's time. A server's frames are not masked, so the hub
encodes each event form once (`Outgoing.frame`) and, where this module can reach the transport
of uvicorn's `websockets-sansio` protocol (the one `twofold serve` runs), writes those bytes to
each socket itself.

Only whole data frames go this way, only while the protocol is open and its transport is taking
data; the protocol's own writes (pings, the close handshake) are whole frames too, so nothing
interleaves inside a frame. Anything else (another server, a socket pushing back or closing)
falls back to the ASGI `send`, which waits as the server decides.
"""

from typing import Any

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

from twofold.live.hub import Write


def direct_writer(send: Any) -> Write | None:
    """A `Write` for the socket behind the server's own `send`, or None where that is not
    uvicorn's `websockets-sansio` protocol."""
    protocol = getattr(send, "__self__", None)
    if not isinstance(protocol, WebSocketsSansIOProtocol):
        return None
    transport = protocol.transport
    writable = protocol.writable

    def write(frame: bytes) -> bool:
        if (
            protocol.close_sent
            or not protocol.handshake_complete
            or not writable.is_set()
            or transport.is_closing()
        ):
            return False
        transport.write(frame)
        return True

    return write
