"""A transaction of board commands: the boards it holds, and the bookkeeping it writes last.

Besides its own row (a card, a vote), every board command writes three of bookkeeping: its
event, the board's new `last_seq`, and its command id (so a command sent twice is applied
once). On PostgreSQL each statement is a round trip, and a batch of commands used to spend most
of its time waiting on them. Here the boards of a batch are locked with one statement (their
columns read in the same round trip), seqs are counted in memory from the locked rows, and the
bookkeeping of the whole transaction is written by `finish` in one statement per table (one
pipeline on PostgreSQL) just before commit. Nothing in the transaction reads that bookkeeping
back from the database; it asks this object.

New cards, most of what a busy board writes, wait here too and go out together: before the
next command that is not itself adding a card (it may read cards), or at `finish`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from twofold.domain.entities import Card, Column, Retro
from twofold.domain.events import BoardEvent, RecordedEvent
from twofold.domain.team_events import TeamEvent
from twofold.services.recorder import Recorder
from twofold.store.database import Tx
from twofold.store.queries import board as board_q
from twofold.store.queries import cards as card_q
from twofold.store.queries import event_writes
from twofold.store.queries import retros as retro_q
from twofold.store.rawsql import Raw

CommandKey = tuple[str, str, str]
"""(retro id, participant key, command id)"""


@dataclass(slots=True)
class _Board:
    retro: Retro
    seq: int
    """The last seq given out, possibly not yet written."""
    stored_seq: int


@dataclass(frozen=True, slots=True)
class Mark:
    """Where one command started, to take back what it recorded if it is refused."""

    board: _Board | None
    seq: int
    retro: Retro | None
    events: int
    commands: int
    cards: int
    team: int


class BoardWrites(Recorder):
    """The recorder of board commands: `board` numbers events from the locked boards' seqs,
    and `finish` writes them with the rest of the bookkeeping."""

    def __init__(self, tx: Tx) -> None:
        super().__init__(tx)
        self._boards: dict[str, _Board] = {}
        self._commands: list[tuple[str, str, str, int, dict[str, Any]]] = []
        self._applied: dict[CommandKey, tuple[int, dict[str, Any]] | None] = {}
        self._assumed: set[CommandKey] = set()
        """Keys in `_applied` taken as new without asking the database."""
        self._cards: list[Card] = []
        self._team: list[TeamEvent] = []
        self._columns: dict[str, dict[str, Column]] = {}

    def lock(self, retro_ids: Sequence[str], columns_of: Sequence[str] = ()) -> None:
        """Lock the boards not held yet, all in one statement, and read the columns of those
        in `columns_of` not read yet, in the same round trip. Board commands never change
        columns, so a transaction reads them once."""
        wanted = sorted(set(retro_ids) - self._boards.keys())
        unread = [r for r in dict.fromkeys(columns_of) if r not in self._columns]
        locked, columns = retro_q.lock_boards(self.tx, wanted, unread)
        for retro in locked:
            self._boards[retro.id] = _Board(retro, retro.last_seq, retro.last_seq)
        self._columns.update(columns)

    def retro(self, retro_id: str) -> Retro | None:
        """The board as this transaction has left it so far (locked on first use); None if
        there is no such retro."""
        board = self._board(retro_id)
        return board.retro if board else None

    def _board(self, retro_id: str) -> _Board | None:
        if retro_id not in self._boards:
            self.lock([retro_id])
        return self._boards.get(retro_id)

    def keep(self, retro: Retro) -> None:
        """A command changed the retro's row; later commands of the batch see the change."""
        self._boards[retro.id].retro = retro

    def seq(self, retro_id: str) -> int:
        return self._boards[retro_id].seq

    def column(self, retro_id: str, column_id: str) -> Column | None:
        """One of the board's columns."""
        if retro_id not in self._columns:
            self.lock([], [retro_id, *self._boards])
        return self._columns[retro_id].get(column_id)

    def board(
        self,
        retro_id: str,
        event: BoardEvent,
        *,
        audience: str = "all",
        public: BoardEvent | None = None,
    ) -> RecordedEvent:
        board = self._boards[retro_id]
        recorded = event_writes.numbered(
            retro_id, board.seq + 1, event, audience=audience, public=public
        )
        board.seq += 1
        self.events.append(recorded)
        return recorded

    def look_up(self, keys: list[CommandKey]) -> None:
        """Read, in one statement, which of these commands were applied before."""
        wanted = [k for k in dict.fromkeys(keys) if k not in self._applied]
        found = board_q.applied_commands(self.tx, wanted)
        for key in wanted:
            self._applied[key] = found.get(key)

    def expect_new(self, keys: list[CommandKey]) -> None:
        """Take these commands as never applied, without asking the database: a command is
        sent again only after its socket dropped, so in a batch a repeat is rare. Should one be
        a repeat after all, recording it clashes with its earlier record at `finish`, the whole
        transaction rolls back, and the batch is tried again command by command, each of which
        looks its id up (`applied`)."""
        for key in keys:
            if key not in self._applied:
                self._applied[key] = None
                self._assumed.add(key)

    def applied_before(self, key: CommandKey) -> tuple[int, dict[str, Any]] | None:
        """For a command taken as new (`expect_new`) and then refused: whether it was in fact
        applied before, by an earlier transaction. One read, only on a refusal."""
        if key not in self._assumed:
            return None
        self._assumed.discard(key)
        del self._applied[key]
        self.look_up([key])
        return self._applied[key]

    def applied(self, key: CommandKey) -> tuple[int, dict[str, Any]] | None:
        """The seq and result of a command applied before, here or in an earlier transaction."""
        if key not in self._applied:
            self.look_up([key])
        return self._applied[key]

    def applied_now(self, key: CommandKey, seq: int, result: dict[str, Any]) -> None:
        self._applied[key] = (seq, result)
        self._commands.append((*key, seq, result))

    def mark(self, retro_id: str) -> Mark:
        board = self._boards.get(retro_id)
        return Mark(
            board,
            board.seq if board else 0,
            board.retro if board else None,
            len(self.events),
            len(self._commands),
            len(self._cards),
            len(self._team),
        )

    def undo(self, mark: Mark) -> None:
        """Forget what a refused command recorded (it wrote nothing to the database yet)."""
        for key in self._commands[mark.commands :]:
            self._applied[key[:3]] = None
        del self._commands[mark.commands :]
        del self.events[mark.events :]
        del self._cards[mark.cards :]
        del self._team[mark.team :]
        if mark.board is not None and mark.retro is not None:  # both or neither
            mark.board.seq = mark.seq
            mark.board.retro = mark.retro

    def team(self, event: TeamEvent | None) -> bool:
        """Held until `finish` like the rest, so a refused command's team event goes with it
        (`undo`). True even where the outbox turns out to hold its dedupe key already."""
        if event is None:
            return False
        self._team.append(event)
        return True

    def add_card(self, card: Card) -> None:
        """A new card, written with the others of the batch (see `write_cards`)."""
        self._cards.append(card)

    def write_cards(self) -> None:
        """Write the cards added so far: before anything that may read the board's cards."""
        if self._cards:
            card_q.insert_cards(self.tx, self._cards)
            self._cards.clear()

    def finish(self) -> None:
        """Write the bookkeeping: once, last, inside the transaction (`Ctx.recording` calls
        it)."""
        moved = {r: b.seq for r, b in self._boards.items() if b.seq != b.stored_seq}
        with Raw.of(self.tx).together():
            self.write_cards()
            event_writes.insert_numbered(self.tx, self.events, moved)
            board_q.record_commands(self.tx, self._commands)
        for event in self._team:
            super().team(event)
        self._team.clear()
