"""The live board: a WebSocket per participant, plus the same commands over REST for scripts."""

import asyncio
import json
import logging
import time
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

import anyio
from fastapi import APIRouter, FastAPI, Query, WebSocket, WebSocketDisconnect
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from twofold.api import present
from twofold.api.arrivals import Arrivals
from twofold.api.deps import SESSION_COOKIE, ActorDep, CtxDep
from twofold.api.direct_frames import direct_writer
from twofold.api.middleware import SERVER_SEND
from twofold.api.ratelimit import RateLimiter
from twofold.api.schemas.live import CommandAck, CommandRequest
from twofold.domain.access import Participant
from twofold.domain.commands import CommandEnvelope
from twofold.domain.errors import DomainError, RateLimited, StorageUnavailable
from twofold.domain.event_tags import EventTags
from twofold.live.hub import Connection, Hub, Send, event_frame, frame, tag_of, text_message
from twofold.services import sockets
from twofold.services.access import Actor, key_of
from twofold.services.board.batch import CommandQueue
from twofold.services.board.execute import Job, execute
from twofold.services.context import Ctx
from twofold.services.validation import field_errors

log = logging.getLogger("twofold.live")
router = APIRouter(tags=["live"])

FRAME_MAX = 64 * 1024
CLOSE_FORBIDDEN_ORIGIN = 4403
CLOSE_UNAUTHENTICATED = 4401
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_ERRORS = 4429
CLOSE_TRY_AGAIN_LATER = 1013
"""RFC 6455's "try again later": the database could not be read (or, for someone joining the
board for the first time, written) while the socket opened; the client reconnects with its
usual backoff."""
MAX_DEPTH = 32
"""No command nests deeper than a few levels; a frame nested deeper is refused before it is
validated, so neither validation nor an error message echoing it recurses over it."""
ERRORS_BEFORE_CLOSE = 50
PONG = text_message('{"type":"pong"}')


def same_origin(ws: WebSocket) -> bool:
    """Browsers send Origin on every WebSocket; a socket from another site is refused, since
    cookies would otherwise let any page open one in a member's name."""
    origin = ws.headers.get("origin")
    host = ws.headers.get("host")
    if origin is None:
        # Not a browser (browsers always send Origin on WebSockets); cookies still decide.
        return True
    return bool(host) and urlsplit(origin).netloc == host


def _error(command_id: str | None, exc: DomainError | None = None, **err: Any) -> str:
    body = (
        {"code": exc.code, "message": exc.message, "params": exc.params, "details": exc.details}
        if exc
        else err
    )
    if isinstance(exc, StorageUnavailable):
        # Over the socket the answer is what to do: keep the command and send it again later.
        body["code"] = "retry_later"
    return frame({"type": "error", "command_id": command_id, "error": body})


@router.post("/api/retros/{retro_id}/commands", tags=["live"])
def send_command(retro_id: str, body: CommandRequest, actor: ActorDep, ctx: CtxDep) -> CommandAck:
    """Apply one board command, exactly as if it came over the board's WebSocket."""
    ack = execute(ctx, actor, retro_id, body.command, body.command_id)
    return CommandAck(
        command_id=body.command_id, seq=ack.seq, duplicate=ack.duplicate, result=ack.result
    )


@router.websocket("/api/retros/{retro_id}/live")
async def board_socket(
    ws: WebSocket,
    retro_id: str,
    since: Annotated[int | None, Query(ge=0)] = None,
    log: Annotated[str, Query(max_length=64)] = "",
    tag: Annotated[str, Query(max_length=64)] = "",
) -> None:
    ctx: Ctx = ws.app.state.ctx
    hub: Hub = ws.app.state.hub
    await ws.accept()
    # Every refusal happens before a single byte about the board is sent.
    if not same_origin(ws):
        await ws.close(CLOSE_FORBIDDEN_ORIGIN, "Cross-site connection refused.")
        return
    session = ws.cookies.get(SESSION_COOKIE) or ""
    arrivals = _arrivals(ws.app, ctx, hub)
    try:
        entry = await anyio.to_thread.run_sync(
            sockets.entry_for, ctx, session, retro_id, limiter=arrivals.entries
        )
        if entry is None:
            await ws.close(CLOSE_UNAUTHENTICATED, "Sign in first.")
            return
        actor = entry.actor
        me = entry.me if entry.known else await arrivals.join(retro_id, actor)
    except StorageUnavailable as exc:
        await _close_unavailable(ws, exc)
        return
    except DomainError:
        await ws.close(CLOSE_NOT_FOUND, "Retro not found.")
        return

    conn = Connection(
        retro_id=retro_id,
        key=key_of(me),
        display_name=me.display_name,
        role=me.role.value,
        kind=me.kind,
        send=_frames_send(ws),
        write=direct_writer(ws.scope.get(SERVER_SEND)),
        backfill=hub.backfill,
        loop=asyncio.get_running_loop(),
        session=session,
        who=me,
        tags=hub.tags,
    )
    hub.attach(conn)
    resume = sockets.Resume(since, log, tag) if since is not None else None
    try:
        if not await _catch_up(ws, ctx, actor, me, retro_id, resume, conn):
            await conn.stop()
            await ws.close(CLOSE_NOT_FOUND, "Retro not found.")
            return
        await _read_commands(ws, actor, retro_id, conn)
    except WebSocketDisconnect:
        pass
    except StorageUnavailable as exc:  # while catching up: nothing half-sent stays open
        await conn.stop()
        await _close_unavailable(ws, exc)
    finally:
        hub.detach(conn)
        await conn.stop()


async def _close_unavailable(ws: WebSocket, exc: StorageUnavailable) -> None:
    log.warning("board socket closed, storage unavailable (%s): %s", exc.reason, exc.cause)
    await ws.close(CLOSE_TRY_AGAIN_LATER, "The board cannot be loaded just now; try again.")


async def recheck_sockets(app: FastAPI) -> None:
    """Every `live_access_check_seconds`, look again at who may see each board with an open
    socket: close the sockets of people who no longer may (removed from the team, signed out,
    retro deleted), even those that only listen, and bring everyone else's role and
    facilitator rights up to date for their next command. Runs for the app's lifetime."""
    ctx: Ctx = app.state.ctx
    hub: Hub = app.state.hub
    interval = float(app.state.settings.live_access_check_seconds)

    async def allowed(
        retro_id: str, holders: set[sockets.Holder]
    ) -> dict[sockets.Holder, Participant]:
        return await run_in_threadpool(sockets.still_allowed, ctx, retro_id, holders)

    while True:
        await asyncio.sleep(interval)
        try:
            await hub.recheck(allowed, CLOSE_NOT_FOUND, "You are no longer part of this retro.")
        except Exception:
            # A database hiccup must not end the checks; the next round tries again.
            log.warning("could not check board sockets' access", exc_info=True)


def _frames_send(ws: WebSocket) -> Send:
    """The server's own `send` (kept by `KeepServerSend`): the hub hands every socket of a
    board the same prebuilt message, and Starlette's `send_text` would re-check its state and
    build a new message for each frame. Only frames go this way; accept and close stay with
    `ws`, and the connection stops sending (see `Connection.stop`) before the socket is
    closed."""
    send: Send | None = ws.scope.get(SERVER_SEND)
    return send if send is not None else ws.send


def _arrivals(app: Any, ctx: Ctx, hub: Hub) -> Arrivals:
    arrivals: Arrivals | None = getattr(app.state, "arrivals", None)
    if arrivals is None:
        arrivals = app.state.arrivals = Arrivals(ctx, hub.tags)
    return arrivals


def _caught_up(
    ctx: Ctx, actor: Actor, retro_id: str, resume: sockets.Resume, tags: EventTags
) -> tuple[sockets.CatchUp, str]:
    """`live.catch_up`, with a snapshot's JSON made on the same worker thread: a large board's
    JSON takes long enough to hold up every other socket if the event loop made it."""
    got = sockets.catch_up(ctx, actor, retro_id, resume, tags)
    board = present.board(got.snapshot).model_dump_json() if got.snapshot is not None else ""
    return got, board


async def _catch_up(
    ws: WebSocket,
    ctx: Ctx,
    actor: Actor,
    me: Participant,
    retro_id: str,
    resume: sockets.Resume | None,
    conn: Connection,
) -> bool:
    """Send the snapshot, or the events missed since `resume.since`, then let queued events
    follow. False if the retro is gone.

    Someone new to the board gets a snapshot from the next read of the board shared with
    everyone opening it at the same time (`Arrivals`); someone coming back reads what they
    missed (or, too far behind, a snapshot) on their own.

    A coroutine of its own so the snapshot, its JSON and the replayed events are freed once
    sent rather than held for as long as the socket stays open."""
    arrivals = _arrivals(ws.app, ctx, ws.app.state.hub)
    if resume is None:
        found = await arrivals.snapshot(retro_id)
        if found is None:
            return False
        await _send_snapshot(
            ws, found.board.state.seq, found.board.log, found.board.tag, found.json.render(me)
        )
        conn.start(found.board.state.seq)
        return True
    got, board = await anyio.to_thread.run_sync(
        _caught_up, ctx, actor, retro_id, resume, conn.tags, limiter=arrivals.board_work
    )
    if got.snapshot is not None:
        await _send_snapshot(ws, got.seq, got.log, got.tag, board)
    for event in got.events:
        await ws.send_text(event_frame(event.seq, event.body(conn.key), tag_of(conn.tags, event)))
    conn.start(got.seq)
    return True


async def _send_snapshot(ws: WebSocket, seq: int, log_id: str, tag: str, board: str) -> None:
    now = datetime.now(UTC).isoformat()
    head = f'"seq":{seq},"log":"{log_id}","tag":"{tag}","now":"{now}"'
    await ws.send_text(f'{{"type":"snapshot",{head},"board":{board}}}')


def _decode(text: str) -> Any:
    if len(text) > FRAME_MAX:
        raise DomainError("Frames are limited to 64 KiB.", code="frame_too_large")
    try:
        message = json.loads(text)
    except json.JSONDecodeError:
        raise DomainError("That frame is not valid JSON.", code="malformed_json") from None
    except (RecursionError, ValueError):
        # Nesting too deep for the parser, or an integer of thousands of digits.
        raise DomainError(
            "That frame is nested too deeply or holds a number too large.", code="bad_frame"
        ) from None
    if _too_deep(message):
        raise DomainError("That frame is nested too deeply.", code="bad_frame")
    return message


def _too_deep(message: Any) -> bool:
    """Deeper than `MAX_DEPTH`, found without recursion (the frame may be thousands deep)."""
    level: list[Any] = [message]
    for _ in range(MAX_DEPTH):
        level = [
            child
            for value in level
            if isinstance(value, dict | list)
            for child in (value.values() if isinstance(value, dict) else value)
        ]
        if not level:
            return False
    return any(isinstance(value, dict | list) and value for value in level)


def _command_id_of(message: Any) -> str | None:
    """The command id of a frame, if it has one, so even a refusal names its command."""
    found = message.get("command_id") if isinstance(message, dict) else None
    if not isinstance(found, str) or not found.isprintable() or not found.isascii():
        return None  # only an id that could be one is sent back (never a lone surrogate)
    return found[:64]


def _envelope(message: Any) -> CommandEnvelope:
    try:
        return CommandEnvelope.model_validate(message)
    except ValidationError as exc:
        details = field_errors(exc.errors()[:10])
        raise DomainError(
            "That command is not one the board understands.",
            code="validation_error",
            details=details,
        ) from None


async def _read_commands(ws: WebSocket, actor: Actor, retro_id: str, conn: Connection) -> None:
    """Apply what the socket sends, as the person `conn.who` says it is: checked at connect
    and kept current by `recheck_sockets`, which also closes the socket once access ends.
    Should those checks stop reaching this socket (its board's check failing), its commands
    are checked against the database one by one once `who` is older than two rounds."""
    commands: CommandQueue = ws.app.state.commands
    stale_after = 2 * float(ws.app.state.settings.live_access_check_seconds) + 5
    limiter = RateLimiter(rate_per_second=20, burst=60)
    errors = 0
    while True:
        if conn.closed:
            return
        received = await ws.receive()
        if received["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(received.get("code", 1000), received.get("reason"))
        if conn.closed:  # ended while this frame was on its way: not acted on
            return
        command_id: str | None = None
        try:
            limiter.hit(conn.key, "Too many commands; slow down a little.")
            text = received.get("text")
            if text is None:
                raise DomainError("Send commands as text frames of JSON.", code="bad_frame")
            message = _decode(text)
            if isinstance(message, dict) and message.get("type") == "ping":
                conn.offer(None, PONG)
                continue
            command_id = _command_id_of(message)
            envelope = _envelope(message)
            ack = await commands.submit(
                Job(
                    actor,
                    retro_id,
                    envelope.command,
                    envelope.command_id,
                    checked=conn.who if time.monotonic() - conn.checked_at < stale_after else None,
                )
            )
            conn.offer(
                None,
                text_message(
                    frame(
                        {
                            "type": "ack",
                            "command_id": envelope.command_id,
                            "seq": ack.seq,
                            "duplicate": ack.duplicate,
                            "result": ack.result,
                        }
                    )
                ),
            )
        except StorageUnavailable as exc:
            # Not the sender's fault, and not counted against them: the socket stays open and
            # the client keeps the command to send again after `retry_after`.
            log.warning(
                "board command deferred, storage unavailable (%s): %s", exc.reason, exc.cause
            )
            conn.offer(None, text_message(_error(command_id, exc)))
        except DomainError as exc:
            errors += 1
            conn.offer(None, text_message(_error(command_id, exc)))
            if errors > ERRORS_BEFORE_CLOSE and isinstance(exc, RateLimited):
                # Let what is queued (the refusals) go out before hanging up.
                for _ in range(200):
                    if conn.idle:
                        break
                    await asyncio.sleep(0.01)
                await conn.stop()
                await ws.close(CLOSE_TOO_MANY_ERRORS, "Too many refused commands.")
                return
        except Exception as exc:
            # A bug met by one frame must not end everyone's board session with a 1006 and a
            # traceback per frame: one line in the log, an error frame, and the socket lives on.
            errors += 1
            log.error("board frame failed: %s: %s", type(exc).__name__, str(exc)[:200])
            conn.offer(
                None,
                text_message(
                    _error(
                        command_id,
                        code="internal_error",
                        message="Something went wrong on our side with that frame.",
                        details=None,
                    )
                ),
            )
