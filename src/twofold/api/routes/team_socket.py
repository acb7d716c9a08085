"""The team page's socket: a member's open page hears that the team's members, name or retros
changed, and fetches them again. See docs/live.md ("Team pages")."""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, FastAPI, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from twofold.api.deps import SESSION_COOKIE
from twofold.api.middleware import SERVER_SEND
from twofold.api.ratelimit import RateLimiter
from twofold.api.routes.board_socket import (
    CLOSE_FORBIDDEN_ORIGIN,
    CLOSE_NOT_FOUND,
    CLOSE_TOO_MANY_ERRORS,
    FRAME_MAX,
    same_origin,
)
from twofold.domain.errors import RateLimited
from twofold.live.team_hub import Holder, TeamHub, TeamSocket
from twofold.services import sockets
from twofold.services.context import Ctx

log = logging.getLogger("twofold.live")
router = APIRouter(tags=["live"])

PONG = '{"type":"pong"}'


@router.websocket("/api/teams/{team_id}/live")
async def team_socket(ws: WebSocket, team_id: str) -> None:
    """Sends `{"type": "team_changed", "what": "team" | "members" | "retros" | "actions"}` and answers a
    `{"type": "ping"}` with a pong; nothing else goes either way."""
    ctx: Ctx = ws.app.state.ctx
    hub: TeamHub = ws.app.state.team_hub
    await ws.accept()
    if not same_origin(ws):
        await ws.close(CLOSE_FORBIDDEN_ORIGIN, "Cross-site connection refused.")
        return
    session = ws.cookies.get(SESSION_COOKIE) or ""
    user = await run_in_threadpool(sockets.team_member_for_session, ctx, session, team_id)
    if user is None:
        # Signed out, a guest, or outside the team: all told the same, so ids cannot be probed.
        await ws.close(CLOSE_NOT_FOUND, "Team not found.")
        return
    sock = TeamSocket(
        team_id=team_id,
        user_id=user.id,
        session=session,
        loop=asyncio.get_running_loop(),
        send=ws.scope.get(SERVER_SEND) or ws.send,
    )
    hub.attach(sock)
    try:
        await _read(ws, sock)
    except WebSocketDisconnect:
        pass
    finally:
        hub.detach(sock)
        sock.closed = True


async def _read(ws: WebSocket, sock: TeamSocket) -> None:
    """Pings are all a page sends; anything else, too much or too often, ends the socket."""
    limiter = RateLimiter(rate_per_second=1, burst=10)
    while not sock.closed:
        text = await ws.receive_text()
        try:
            limiter.hit(sock.user_id)
        except RateLimited:
            sock.closed = True
            await ws.close(CLOSE_TOO_MANY_ERRORS, "Too many messages.")
            return
        if _is_ping(text):
            await sock.offer(PONG)


def _is_ping(text: str) -> bool:
    if len(text) > FRAME_MAX:
        return False
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        return False
    return isinstance(message, dict) and message.get("type") == "ping"


async def recheck_team_sockets(app: FastAPI) -> None:
    """Every `live_access_check_seconds`, close the team sockets of people who left the team or
    signed out, though no notice came to check them by. Runs for the app's lifetime."""
    hub: TeamHub = app.state.team_hub
    interval = float(app.state.settings.live_access_check_seconds)
    while True:
        await asyncio.sleep(interval)
        try:
            await hub.recheck()
        except Exception:
            # A database hiccup must not end the checks; the next round tries again.
            log.warning("could not check team sockets' access", exc_info=True)


def allowed_for(ctx: Ctx) -> Callable[[str, set[Holder]], Awaitable[set[Holder]]]:
    """Who may still hear a team's notices, asked of the database off the event loop."""

    async def allowed(team_id: str, holders: set[Holder]) -> set[Holder]:
        return await run_in_threadpool(sockets.team_holders_allowed, ctx, team_id, holders)

    return allowed
