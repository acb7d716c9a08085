"""The facilitated flow: phases, readiness, check-in, the phase timer and retro settings."""

from datetime import timedelta

from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.access import check_facilitator
from twofold.domain.errors import Conflict, Invalid
from twofold.domain.phases import (
    Phase,
    cards_hidden,
    check_skip_setting,
    check_transition,
    tallies_hidden,
)
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.team_events import RetroClosed
from twofold.domain.visibility import public_view
from twofold.services.board.board_tx import BoardTx
from twofold.services.board.votes import tallies
from twofold.store.queries import board as board_q
from twofold.store.queries import cards as card_q
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries.ids import now


def _public_cards(board: BoardTx) -> tuple[ev.CardView, ...]:
    return tuple(
        public_view(card, board.retro) for card in card_q.cards_of(board.tx, board.retro.id)
    )


def set_phase(board: BoardTx, cmd: c.SetPhase) -> None:
    check_facilitator(board.me, "move the retro to another phase")
    before = board.retro.phase
    check_transition(before, cmd.phase, board.retro.settings.skipped)
    values: dict[str, object] = {"phase": cmd.phase.value}
    # The team's list says when a retro closed; reopening it makes it open again.
    if cmd.phase == Phase.CLOSED and before != Phase.CLOSED:
        values["closed_at"] = now()
        board.team(RetroClosed(board.retro.team_id, board.retro.id))
        rollup_q.closed(board.tx, board.retro.id)
    elif before == Phase.CLOSED and cmd.phase != Phase.CLOSED:
        values["closed_at"] = None
    timer_running = board.retro.timer_ends_at is not None
    if timer_running:
        values.update(timer_ends_at=None, timer_seconds=None)
    board.change_retro(values, phase=cmd.phase, timer_ends_at=None, timer_seconds=None)
    revealed = (
        _public_cards(board) if cards_hidden(before) and not cards_hidden(cmd.phase) else None
    )
    # Hidden tallies are told once the vote is over, not when it goes back a phase or two.
    leaving_vote = (
        before == Phase.VOTE and board.retro.settings.hide_tallies and not tallies_hidden(cmd.phase)
    )
    board.emit(
        ev.PhaseChanged(
            phase=cmd.phase, revealed=revealed, tallies=tallies(board) if leaving_vote else None
        )
    )
    if timer_running:
        board.emit(ev.TimerSet(ends_at=None, seconds=None))


def _upsert(board: BoardTx, **values: object) -> ev.ParticipantView:
    return board_q.upsert_participant(
        board.tx, board.retro.id, board.key, board.me.display_name, board.me.role, **values
    )


def set_ready(board: BoardTx, cmd: c.SetReady) -> None:
    if board.retro.phase == Phase.CLOSED:
        raise Conflict("This retro is closed.", code="wrong_phase")
    view = _upsert(board, ready_phase=board.retro.phase.value if cmd.ready else None)
    board.emit(ev.ReadyChanged(participant=view))


def check_in(board: BoardTx, cmd: c.CheckIn) -> None:
    board.require_phase({Phase.CHECK_IN}, "check in")
    view = _upsert(board, check_in=cmd.text or None)
    board.emit(ev.CheckedIn(participant=view))


def set_timer(board: BoardTx, cmd: c.SetTimer) -> None:
    check_facilitator(board.me, "run the timer")
    if board.retro.phase == Phase.CLOSED:
        raise Conflict("This retro is closed.", code="wrong_phase")
    ends_at = now() + timedelta(seconds=cmd.seconds) if cmd.seconds else None
    board.change_retro(
        {"timer_ends_at": ends_at, "timer_seconds": cmd.seconds},
        timer_ends_at=ends_at,
        timer_seconds=cmd.seconds,
    )
    board.emit(ev.TimerSet(ends_at=ends_at, seconds=cmd.seconds))


def update_settings(board: BoardTx, cmd: c.UpdateSettings) -> None:
    check_facilitator(board.me, "change the retro's settings")
    # A null leaves a setting as it is, except the deadline, where null means "none".
    changes = {
        k: v
        for k, v in cmd.model_dump(exclude={"name"}, exclude_unset=True).items()
        if v is not None or k == "collect_deadline"
    }
    if changes.get("skipped_phases") is not None:
        skipped = frozenset(changes["skipped_phases"])
        check_skip_setting(skipped)
        if board.retro.phase in skipped:
            raise Invalid("The current phase cannot be skipped.", code="validation_error")
        changes["skipped_phases"] = tuple(sorted(skipped, key=list(Phase).index))
    old = board.retro.settings
    new = RetroSettings.model_validate({**old.model_dump(), **changes})
    if new.anonymous and not old.anonymous and "show_roles" not in changes:
        # With one PM or one designer in the room, a role is a name.
        new = new.model_copy(update={"show_roles": False})
    loses_anonymity = old.anonymous and not new.anonymous
    # Roles shown after all would name whoever is the only one of theirs in the room.
    shows_roles = old.anonymous and new.anonymous and new.show_roles and not old.show_roles
    if (loses_anonymity or shows_roles) and card_q.cards_of(board.tx, board.retro.id):
        # People wrote their cards trusting they would stay anonymous.
        raise Conflict(
            "Anonymity cannot be turned off once cards have been written."
            if loses_anonymity
            else "Roles cannot be shown once cards have been written anonymously without them.",
            code="anonymity_locked",
        )
    if new.max_votes_per_card > new.votes_per_person:
        new = new.model_copy(update={"max_votes_per_card": new.votes_per_person})
    board.change_retro({"settings": new.model_dump(mode="json")}, settings=new)
    authors_changed = old.anonymous != new.anonymous or old.show_roles != new.show_roles
    revealed = (
        _public_cards(board) if authors_changed and not cards_hidden(board.retro.phase) else None
    )
    board.emit(ev.SettingsChanged(settings=new, revealed=revealed))
