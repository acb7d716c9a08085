"""This process's team-page sockets, and the team notices they are sent.

A team page holds a socket open so it learns when the team's members, name or retros change,
and fetches them again. Notices come from the bus (see `bus.TeamNotice`), from this process or,
through Redis, from any other. They carry no data, but who may hear even that much is checked
for every batch: before a team's sockets are sent a notice, one check per team asks which of
their holders (a person and the session their socket opened with) still belong to it; the
sockets of anyone who left, was removed or signed out are closed instead.

Team pages are few and notices rare, so unlike the board's hub this one simply sends each
frame as it goes, every socket of a team at once, each send bounded in time so one stalled
socket cannot hold up the others.
"""

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from twofold.domain.errors import StorageUnavailable
from twofold.live.bus import TeamChange, TeamNotice

log = logging.getLogger("twofold.live")

Holder = tuple[str, str]
"""(user id, the session token the socket was opened with)."""
Allowed = Callable[[str, set[Holder]], Awaitable[set[Holder]]]
"""(team id, holders) → the holders still allowed: members of the team, signed in."""
Message = dict[str, Any]

SEND_TIMEOUT_SECONDS = 5.0
CLOSE_NOT_MEMBER = 4404


def notice_frame(what: TeamChange) -> str:
    return json.dumps({"type": "team_changed", "what": what}, separators=(",", ":"))


@dataclass(eq=False)
class TeamSocket:
    team_id: str
    user_id: str
    session: str = field(repr=False)
    loop: asyncio.AbstractEventLoop
    send: Callable[[Message], Awaitable[None]]
    """The socket's ASGI send: text frames and the close."""
    closed: bool = False

    @property
    def holder(self) -> Holder:
        return self.user_id, self.session

    async def offer(self, text: str) -> None:
        if self.closed:
            return
        try:
            await asyncio.wait_for(
                self.send({"type": "websocket.send", "text": text}), SEND_TIMEOUT_SECONDS
            )
        except Exception:
            # Gone, going, or stalled: its reader sees the disconnect and detaches it.
            log.debug("stopped sending to a team socket", exc_info=True)
            self.closed = True

    async def end(self, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        with contextlib.suppress(Exception):  # already going away
            await asyncio.wait_for(
                self.send({"type": "websocket.close", "code": CLOSE_NOT_MEMBER, "reason": reason}),
                SEND_TIMEOUT_SECONDS,
            )


class TeamHub:
    """Team sockets by team. `publish` takes notices from any thread (the bus calls it after a
    commit, or from the Redis listener) and hands each event loop the ones for its sockets."""

    def __init__(self, allowed: Allowed) -> None:
        self._allowed = allowed
        self._teams: dict[str, set[TeamSocket]] = {}
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Task[None]] = set()

    def attach(self, sock: TeamSocket) -> None:
        with self._lock:
            self._teams.setdefault(sock.team_id, set()).add(sock)

    def detach(self, sock: TeamSocket) -> None:
        with self._lock:
            socks = self._teams.get(sock.team_id)
            if socks is not None:
                socks.discard(sock)
                if not socks:
                    del self._teams[sock.team_id]

    def open_sockets(self) -> int:
        """Team-page sockets open in this process, for the metrics page."""
        with self._lock:
            return sum(len(sockets) for sockets in self._teams.values())

    def sockets(self, team_id: str) -> set[TeamSocket]:
        with self._lock:
            return set(self._teams.get(team_id, ()))

    def publish(self, notices: Sequence[TeamNotice]) -> None:
        """Thread-safe entry point for the bus: what changed, by team, to each loop that
        serves that team's sockets."""
        by_loop: dict[asyncio.AbstractEventLoop, dict[str, list[TeamChange]]] = {}
        with self._lock:
            for notice in notices:
                for loop in {s.loop for s in self._teams.get(notice.team_id, ())}:
                    changes = by_loop.setdefault(loop, {}).setdefault(notice.team_id, [])
                    if notice.what not in changes:
                        changes.append(notice.what)
        for loop, teams in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a loop that has just closed
                loop.call_soon_threadsafe(self._start, teams)

    def link_changed(self, delayed: bool) -> None:
        """Team pages show nothing about the bus: a late notice only means a late refresh."""

    def catch_up(self, heads: Mapping[str, int] | None) -> None:
        """Back on the bus after being cut off (`heads` None): notices from other processes
        may have been missed, and are not logged, so every open team page is told that all of
        it changed and fetches it again. Named boards (`heads`) concern board sockets only."""
        if heads is not None:
            return
        with self._lock:
            teams = list(self._teams)
        everything: tuple[TeamChange, ...] = ("team", "members", "retros", "actions")
        self.publish([TeamNotice(team_id, what) for team_id in teams for what in everything])

    def _start(self, teams: dict[str, list[TeamChange]]) -> None:
        task = asyncio.get_running_loop().create_task(self._deliver(teams))
        # Kept until done: the loop itself holds tasks only weakly.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _deliver(self, teams: dict[str, list[TeamChange]]) -> None:
        for team_id, changes in teams.items():
            try:
                still = await self._check(team_id)
            except Exception as exc:
                # Better a page that updates on its next load than a notice to an outsider.
                log.warning("could not check the sockets of team %s", team_id, exc_info=_trace(exc))
                continue
            frames = [notice_frame(what) for what in changes]
            await asyncio.gather(*(self._send_all(s, frames) for s in still))

    @staticmethod
    async def _send_all(sock: TeamSocket, frames: list[str]) -> None:
        for text in frames:
            await sock.offer(text)

    async def _check(self, team_id: str) -> list[TeamSocket]:
        """This loop's open sockets of the team whose holders may still hear about it; the
        others are closed, and none of them is sent anything."""
        loop = asyncio.get_running_loop()
        socks = [s for s in self.sockets(team_id) if s.loop is loop and not s.closed]
        if not socks:
            return []
        allowed = await self._allowed(team_id, {s.holder for s in socks})
        keep = []
        for sock in socks:
            if sock.holder in allowed:
                keep.append(sock)
            else:
                await sock.end("You are no longer a member of this team.")
                self.detach(sock)
        return keep

    async def recheck(self) -> int:
        """Close the sockets, on this loop, of people who no longer belong to their team or
        whose session ended, even while no notice comes. Returns how many were closed."""
        loop = asyncio.get_running_loop()
        with self._lock:
            teams = [t for t, socks in self._teams.items() if any(s.loop is loop for s in socks)]
        ended = 0
        for team_id in teams:
            before = {s for s in self.sockets(team_id) if s.loop is loop and not s.closed}
            try:
                kept = await self._check(team_id)
            except Exception as exc:
                log.warning("could not check the sockets of team %s", team_id, exc_info=_trace(exc))
                continue
            ended += len(before) - len(kept)
        return ended


def _trace(exc: BaseException) -> BaseException | bool:
    """A traceback for a bug; for a database that is away for a moment, the one line says it."""
    return False if isinstance(exc, StorageUnavailable) else exc
