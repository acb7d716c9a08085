"""Which cards a board marks as in the tech-debt backlog, kept live on every open board.

A card in the backlog is not offered again: each board shows a mark instead of "Add to tech-debt
backlog". The mark is the card's first debt item. Whatever changes it (a card sent to the
backlog, a theme escalated, an item created with card links, an item deleted) records a
`backlog_changed` event on the card's board in the same transaction, so a second person's board
stops offering the card without a reload. The backlog is the team's: guests get `withheld`.
"""

from collections import defaultdict
from collections.abc import Iterable

from twofold.domain import events as ev
from twofold.services.recorder import Recorder
from twofold.store.database import Tx
from twofold.store.queries import debt as debt_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries.debt import DebtLink

Marks = dict[str, str]
"""Card id → the debt item it is marked with."""


def card_boards(links: Iterable[DebtLink]) -> dict[str, str]:
    """Card id → its retro, for the card links among `links`."""
    return {
        link.target_id: link.retro_id for link in links if link.kind == "card" and link.retro_id
    }


def lock_boards(tx: Tx, boards: dict[str, str]) -> Marks:
    """Hold the boards of these cards (card id → retro id) and read the cards' marks, before
    changing any: holding the boards orders this change with every other one to their marks,
    so the events say what happened in the order it happened. Call it after any team lock (a
    team, then its boards, as every writer does)."""
    retro_q.lock_retros(tx, sorted(set(boards.values())))
    return debt_q.debt_ids_of_cards(tx, boards)


def record_changes(rec: Recorder, boards: dict[str, str], before: Marks) -> None:
    """Record one `backlog_changed` per board whose cards' marks now differ from `before`."""
    after = debt_q.debt_ids_of_cards(rec.tx, boards)
    changed: dict[str, dict[str, str | None]] = defaultdict(dict)
    for card_id, retro_id in boards.items():
        if before.get(card_id) != after.get(card_id):
            changed[retro_id][card_id] = after.get(card_id)
    for retro_id in sorted(changed):
        rec.board(
            retro_id,
            ev.BacklogChanged(cards=changed[retro_id]),
            audience=ev.MEMBERS,
            public=ev.Withheld(),
        )
