"""Grouping: cards about the same thing become one topic to vote on and discuss."""

from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.errors import Invalid, NotFound
from twofold.domain.phases import Phase
from twofold.services.board.board_tx import BoardTx
from twofold.services.board.card_commands import card_in_board, drop_empty_groups
from twofold.services.board.votes import emit_votes_used
from twofold.store.queries import board as board_q
from twofold.store.queries import cards as card_q

GROUPING = {Phase.REVEAL, Phase.GROUP}


def _group(board: BoardTx, group_id: str) -> ev.GroupView:
    group = board_q.group_by_id(board.tx, board.retro.id, group_id)
    if group is None:
        raise NotFound("Group not found.")
    return group


def group_cards(board: BoardTx, cmd: c.GroupCards) -> None:
    board.require_phase(GROUPING, "group cards")
    card_ids = list(dict.fromkeys(cmd.card_ids))
    cards = [card_in_board(board, card_id) for card_id in card_ids]
    if cmd.group_id is None and len(cards) < 2 and not cmd.title:
        raise Invalid("A new group needs two cards, or a title.", code="validation_error")
    previous = {card.group_id for card in cards if card.group_id}
    if cmd.group_id is not None:
        group = _group(board, cmd.group_id)
        if cmd.title:
            board_q.rename_group(board.tx, group.id, cmd.title)
    else:
        group = board_q.insert_group(board.tx, board.retro.id, cmd.title or "")
    for card in cards:
        # A lone card's votes follow it into the group.
        if card.group_id is None:
            board_q.move_votes(board.tx, board.retro.id, card.id, group.id)
    card_q.set_group(board.tx, card_ids, group.id)
    removed, losers = drop_empty_groups(board, previous - {group.id})
    board.result["group_id"] = group.id
    if cmd.group_id is None:
        board.emit(
            ev.GroupCreated(group=group, card_ids=tuple(card_ids), removed_group_ids=removed)
        )
    else:
        board.emit(
            ev.CardsGrouped(
                group_id=group.id,
                card_ids=tuple(card_ids),
                removed_group_ids=removed,
                title=cmd.title or None,
            )
        )
    emit_votes_used(board, losers)


def ungroup_card(board: BoardTx, cmd: c.UngroupCard) -> None:
    board.require_phase(GROUPING, "ungroup cards")
    card = card_in_board(board, cmd.card_id)
    if card.group_id is None:
        raise Invalid("That card is not in a group.", code="not_grouped")
    card_q.set_group(board.tx, [card.id], None)
    removed, losers = drop_empty_groups(board, {card.group_id})
    board.emit(ev.CardUngrouped(card_id=card.id, removed_group_id=removed[0] if removed else None))
    emit_votes_used(board, losers)


def rename_group(board: BoardTx, cmd: c.RenameGroup) -> None:
    board.require_phase(GROUPING | {Phase.VOTE, Phase.DISCUSS}, "rename groups")
    group = _group(board, cmd.group_id)
    board_q.rename_group(board.tx, group.id, cmd.title)
    board.emit(ev.GroupRenamed(group=ev.GroupView(id=group.id, title=cmd.title)))


def merge_groups(board: BoardTx, cmd: c.MergeGroups) -> None:
    board.require_phase(GROUPING, "merge groups")
    if cmd.source_group_id == cmd.target_group_id:
        raise Invalid("A group cannot be merged into itself.", code="validation_error")
    source = _group(board, cmd.source_group_id)
    target = _group(board, cmd.target_group_id)
    card_q.move_group(board.tx, source.id, target.id)
    board_q.move_votes(board.tx, board.retro.id, source.id, target.id)
    board_q.delete_group(board.tx, source.id)
    board.emit(ev.GroupsMerged(source_group_id=source.id, target_group_id=target.id))
