"""People opening one board at about the same time are let in together.

Opening a board costs the server a little work per person: look up the session, record the
person as a participant (an event everyone hears), read the whole board and make its JSON.
Done for each person on their own, a crowd opening a board at once (a retro starting, a link
posted in a channel) would hold the interpreter for seconds while everyone already on the board
waits for their acks. So that work is batched per board:

- recording new participants: everyone who arrives while the board's last batch is written is
  written in the next one, one transaction for all of them;
- the snapshot: everyone who arrives before the board's next read begins is served by that read,
  and each one's JSON is put together from it (`BoardJson`).

A board has one batch of each kind under way at a time, and rests between batches as long as
the last one took, so that while people keep coming, at most about half of the time goes to
them and each batch takes everyone who came meanwhile. Everyone served by a read was attached to
the hub before the read began, so every event after the read's seq reaches them as usual.
"""

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import anyio

from twofold.api.board_json import BoardJson
from twofold.domain.access import Participant
from twofold.domain.errors import DomainError
from twofold.domain.event_tags import EventTags
from twofold.services import sockets
from twofold.services.access import Actor
from twofold.services.context import Ctx

BOARD_WORK_AT_ONCE = 2
"""Batches (board reads, participant writes) running at the same time across boards, so that
commands keep their pace: the board writer and the event loop need the interpreter too."""
ENTRIES_AT_ONCE = 4
"""Sockets looked up (session, place in the retro) at the same time, each on a worker thread:
hundreds of them on the thread pool at once would leave the event loop a sliver of the
interpreter."""

JOINS_PER_WRITE = 25
"""New participants recorded in one transaction: it holds the board's write lock, which the
board's commands wait for, so it stays short however many are waiting."""

READ_REST = 3.0
"""After reading a board for the people arriving, wait three times as long as the read took
before the next: while a crowd keeps coming, reads take a quarter of the time at most, and each
serves everyone who came meanwhile."""

Item = TypeVar("Item")
Result = TypeVar("Result")


def _retrieved(future: "asyncio.Future[Any]") -> None:
    """Everyone waiting may have gone: the outcome is looked at here so that asyncio does not
    report an exception nobody retrieved."""
    if not future.cancelled():
        future.exception()


class Batches(Generic[Item, Result]):
    """Work for one board gathered while the board's previous batch runs, then done in one call
    of `work` on a worker thread, which answers each item in order (a result, or the error
    for that item alone)."""

    def __init__(
        self,
        work: Callable[[str, list[Item]], Sequence[Result | DomainError]],
        limiter: anyio.CapacityLimiter,
        *,
        most: int | None = None,
        rest: float = 0.0,
    ) -> None:
        self._work = work
        self._limiter = limiter
        self._most = most
        self._rest = rest
        self._open: dict[str, list[tuple[Item, asyncio.Future[Result]]]] = {}
        self._busy: dict[str, asyncio.Lock] = {}
        self._rest_until: dict[str, float] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, board: str, item: Item) -> Result:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        future.add_done_callback(_retrieved)
        batch = self._open.get(board)
        if batch is None:
            batch = self._open[board] = []
            task = loop.create_task(self._run(board, batch))
            # Kept until done: the loop itself holds tasks only weakly.
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        batch.append((item, future))
        if self._most is not None and len(batch) >= self._most:
            del self._open[board]  # full: whoever comes next starts another
        # Shielded: one person hanging up must not cancel the batch for the others.
        return await asyncio.shield(future)

    async def _run(self, board: str, batch: list[tuple[Item, "asyncio.Future[Result]"]]) -> None:
        loop = asyncio.get_running_loop()
        busy = self._busy.setdefault(board, asyncio.Lock())
        try:
            async with busy:
                rest = self._rest_until.get(board, 0.0) - loop.time()
                if rest > 0:
                    await asyncio.sleep(rest)
                async with self._limiter:
                    # Closed from here on: whoever comes now is in the next batch (for a read,
                    # this one may already have passed the events they must not miss).
                    if self._open.get(board) is batch:
                        del self._open[board]
                    started = loop.time()
                    items = [item for item, _ in batch]
                    results = await anyio.to_thread.run_sync(self._work, board, items)
                    self._rest_until[board] = loop.time() + self._rest * (loop.time() - started)
        except BaseException as exc:
            if self._open.get(board) is batch:
                del self._open[board]
            failure = exc if isinstance(exc, Exception) else RuntimeError("shutting down")
            _answer(batch, [failure] * len(batch))
            if not isinstance(exc, Exception):
                raise
            return
        finally:
            if not busy.locked() and board not in self._open:
                self._busy.pop(board, None)
                self._rest_until.pop(board, None)
        _answer(batch, results)


def _answer(
    batch: list[tuple[Item, "asyncio.Future[Result]"]],
    results: Sequence[Result | DomainError] | list[Exception],
) -> None:
    for (_, future), result in zip(batch, results, strict=True):
        if future.done():
            continue
        if isinstance(result, Exception):
            future.set_exception(result)
        else:
            future.set_result(result)


@dataclass(frozen=True)
class Read:
    """One read of a board, for everyone it serves."""

    board: sockets.SharedBoard
    json: BoardJson


class Arrivals:
    def __init__(self, ctx: Ctx, tags: EventTags) -> None:
        self._ctx = ctx
        self._tags = tags
        self.board_work = anyio.CapacityLimiter(BOARD_WORK_AT_ONCE)
        """Shared with anyone else who reads a whole board for a socket."""
        self.entries = anyio.CapacityLimiter(ENTRIES_AT_ONCE)
        self._joins: Batches[Actor, Participant] = Batches(
            self._join, self.board_work, most=JOINS_PER_WRITE
        )
        self._reads: Batches[None, Read | None] = Batches(
            self._read, self.board_work, rest=READ_REST
        )

    async def join(self, retro_id: str, actor: Actor) -> Participant:
        """Record `actor` as a participant of the board; who they are in the retro."""
        return await self._joins.submit(retro_id, actor)

    async def snapshot(self, retro_id: str) -> Read | None:
        """The board as of a read that begins after this call; None if the retro is gone.
        Raises what the read raised (storage unavailable) to everyone it was for."""
        return await self._reads.submit(retro_id, None)

    def _join(self, retro_id: str, actors: list[Actor]) -> list[Participant | DomainError]:
        return sockets.join_all(self._ctx, retro_id, actors)

    def _read(self, retro_id: str, waiting: list[None]) -> list[Read | None]:
        board = sockets.board_for_joiners(self._ctx, retro_id, self._tags)
        read = Read(board, BoardJson(board.state).prepare()) if board is not None else None
        return [read] * len(waiting)
