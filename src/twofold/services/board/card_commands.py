"""Card commands: add, edit, delete."""

from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.access import (
    check_may_delete_card,
    check_may_edit_card,
    resolve_polarity,
)
from twofold.domain.entities import Card, Column
from twofold.domain.errors import Conflict, Invalid, NotFound
from twofold.domain.phases import Phase, may_add_cards
from twofold.domain.visibility import author_key, full_view, public_view
from twofold.services.board.board_tx import BoardTx
from twofold.services.board.votes import drop_votes, emit_votes_used
from twofold.store.queries import board as board_q
from twofold.store.queries import cards as card_q
from twofold.store.queries.ids import now

EDITABLE = {Phase.CHECK_IN, Phase.REVIEW, Phase.REFLECT, Phase.REVEAL, Phase.GROUP}


def _column(board: BoardTx, column_id: str) -> Column:
    column = board.column(column_id)
    if column is None:
        raise Invalid(
            "That column is not on this board.",
            code="validation_error",
            details=[{"field": "column_id", "message": "Unknown column for this retro."}],
        )
    return column


def card_in_board(board: BoardTx, card_id: str) -> Card:
    card = card_q.card_by_id(board.tx, card_id)
    if card is None or card.retro_id != board.retro.id:
        raise NotFound("Card not found.")
    return card


def drop_empty_groups(board: BoardTx, group_ids: set[str]) -> tuple[tuple[str, ...], set[str]]:
    """Groups left with no card vanish, with their votes: nothing else refers to them. The
    groups gone, and the voters who lost votes with them (see `emit_votes_used`)."""
    remaining = {card.group_id for card in card_q.cards_of(board.tx, board.retro.id)}
    gone = tuple(sorted(g for g in group_ids if g not in remaining))
    losers = drop_votes(board, gone)
    for group_id in gone:
        board_q.delete_group(board.tx, group_id)
    return gone, losers


def emit_card(board: BoardTx, card: Card, kind: type[ev.CardAdded] | type[ev.CardEdited]) -> None:
    board.emit(
        kind(card=full_view(card)),
        audience=author_key(card),
        public=kind(card=public_view(card, board.retro)),
    )


def add_card(board: BoardTx, cmd: c.AddCard) -> None:
    s = board.retro.settings
    early_open = s.collect_deadline is None or now() < s.collect_deadline
    if not may_add_cards(board.retro.phase, s.collect_early and early_open):
        raise Conflict(
            "Cards are written in the reflect phase"
            + (" (early collection has closed)." if s.collect_early else "."),
            code="wrong_phase",
        )
    column = _column(board, cmd.column_id)
    card = card_q.new_card(
        retro_id=board.retro.id,
        column_id=column.id,
        text=cmd.text,
        polarity=resolve_polarity(column, cmd.polarity),
        friction=cmd.friction,
        author_role=board.me.role,
        author_user_id=board.me.id if board.me.kind == "member" else None,
        author_guest_id=board.me.id if board.me.kind == "guest" else None,
        author_name=board.me.display_name,
    )
    board.writes.add_card(card)
    board.result["card_id"] = card.id
    emit_card(board, card, ev.CardAdded)


def edit_card(board: BoardTx, cmd: c.EditCard) -> None:
    card = card_in_board(board, cmd.card_id)
    check_may_edit_card(board.me, card)
    board.require_phase(EDITABLE, "edit cards")
    column = _column(board, cmd.column_id or card.column_id)
    if cmd.polarity is not None:
        polarity = resolve_polarity(column, cmd.polarity)
    elif card.polarity in column.polarities:
        polarity = card.polarity
    else:
        polarity = column.polarities[0]
    updated = card_q.update_card(
        board.tx,
        card,
        text=cmd.text if cmd.text is not None else card.text,
        polarity=polarity,
        friction=cmd.friction if "friction" in cmd.model_fields_set else card.friction,
        column_id=column.id,
    )
    emit_card(board, updated, ev.CardEdited)


def delete_card(board: BoardTx, cmd: c.DeleteCard) -> None:
    card = card_in_board(board, cmd.card_id)
    check_may_delete_card(board.me, card)
    if not board.me.is_facilitator:
        board.require_phase(EDITABLE, "delete cards")
    elif board.retro.phase == Phase.CLOSED:
        raise Conflict("This retro is closed; reopen it to change cards.", code="wrong_phase")
    # A card alone is its own topic: its votes go with it.
    losers = drop_votes(board, [card.id]) if card.group_id is None else set()
    card_q.delete_card(board.tx, card.id)
    removed: tuple[str, ...] = ()
    if card.group_id:
        removed, losers = drop_empty_groups(board, {card.group_id})
    board.emit(ev.CardDeleted(card_id=card.id, removed_group_id=removed[0] if removed else None))
    emit_votes_used(board, losers)
