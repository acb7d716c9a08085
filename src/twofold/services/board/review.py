"""The review phase: the retro decides what became of the team's earlier action items."""

from twofold.domain import actions as rules
from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.actions import owner_ids
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.events import MEMBERS
from twofold.domain.item_history import ChangedBy
from twofold.domain.phases import Phase
from twofold.domain.team_events import action_changed
from twofold.domain.visibility import guest_action_view
from twofold.services import item_history
from twofold.services.access import check_may_review_action
from twofold.services.actions import today
from twofold.services.board.board_tx import BoardTx
from twofold.store.queries import actions as action_q


def review_action(board: BoardTx, cmd: c.ReviewAction) -> None:
    board.require_phase({Phase.REVIEW}, "review earlier action items")
    check_may_review_action(board.me)
    record = action_q.action_by_id(board.tx, cmd.action_id, lock=True)
    # Items of this retro are reviewed by the next one, not by the retro that agreed them.
    if (
        record is None
        or record.item.team_id != board.retro.team_id
        or record.item.source_retro_id == board.retro.id
    ):
        raise NotFound("No earlier action item of this team has that id.")
    item = record.item
    owners = owner_ids(item.owner) if item.owner is not None else ()
    check_may_review_action(board.me, owners)
    if action_q.reviewed_in(board.tx, item.id, board.retro.id) is not None:
        raise Conflict(
            "This retro already recorded what became of that item; change its status on the "
            "team's action items page instead.",
            code="already_reviewed",
        )
    reason = cmd.reason or None
    changed = rules.review(item, cmd.outcome, today(), reason=reason, new_due=cmd.new_due)
    action_q.record_review(
        board.tx,
        action_id=item.id,
        retro_id=board.retro.id,
        outcome=cmd.outcome,
        reason=reason if cmd.outcome == rules.ReviewOutcome.DROP else None,
        by=board.key,
    )
    saved = action_q.save_item(board.tx, changed)
    source = item_history.by(board.me, ChangedBy.REVIEW)
    item_history.record_action(board.tx, item.team_id, record.view, saved.view, source)
    board.team(action_changed(item, changed))
    event = ev.ActionReviewed(action=saved.view, outcome=cmd.outcome, reason=reason)
    # The retro reviews it, so its guests see it, without the ids of the retro it came from.
    guest = guest_action_view(saved.view, board.retro.id)
    board.emit(event, audience=MEMBERS, public=event.model_copy(update={"action": guest}))
