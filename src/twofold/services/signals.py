"""Sprint signals of a retro, the team's thresholds, and the flags the two make together.

Who may do what:
- read a retro's signals: its team's members; its guests see the flags alone (a flag carries
  the one figure it is about), because the rest is the team's own business;
- record signals: any member of the team, not guests;
- give a satisfaction pulse: every participant, guests included, once per retro;
- read a team's thresholds: its members; change them: its facilitators.

Pulses are anonymous. The scores and the list of who has pulsed are stored apart, and an average
is only shown once `PULSES_SHOWN_MIN` scores are in, so the first person to pulse cannot have
their score read off the average by everyone who saw them do it.
"""

from dataclasses import dataclass
from datetime import datetime

from twofold.domain import events as ev
from twofold.domain.access import Participant
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Invalid
from twofold.domain.flags import Flag, evaluate
from twofold.domain.signals import (
    PULSES_PER_SPRINT_MAX,
    PULSES_SHOWN_MIN,
    SprintSignals,
    Thresholds,
)
from twofold.domain.team_events import SignalsRecorded
from twofold.services import sprint_fetch
from twofold.services.access import (
    Actor,
    check_may_record_signals,
    check_member,
    check_participant,
    check_team_facilitator,
    key_of,
)
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import signals as signal_q
from twofold.store.queries import teams as team_q

PULSE_MIN, PULSE_MAX = 1, 5


@dataclass(frozen=True)
class PulseSummary:
    count: int
    average: float | None
    given_by_me: bool


@dataclass(frozen=True)
class SignalsPage:
    """A retro's signals as one participant may see them."""

    retro_id: str
    signals: SprintSignals | None
    """Without the individual pulse scores; None for guests."""
    pulses: PulseSummary
    flags: list[Flag]
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True)
class ThresholdsPage:
    team_id: str
    thresholds: Thresholds
    updated_at: datetime | None


def _countable(signals: SprintSignals) -> SprintSignals:
    """The signals with too few pulses left out, for everything anyone gets to see."""
    if len(signals.satisfaction_pulses) >= PULSES_SHOWN_MIN:
        return signals
    return signals.model_copy(update={"satisfaction_pulses": ()})


def _flags(tx: Tx, team_id: str, signals: SprintSignals) -> list[Flag]:
    return evaluate(_countable(signals), signal_q.thresholds_of(tx, team_id).thresholds)


def page_in(tx: Tx, team_id: str, retro_id: str, me: Participant) -> SignalsPage:
    """The signals page for `me`, already checked to be a participant, inside the caller's
    transaction (the closing summary reads it with the rest of the retro)."""
    stored = signal_q.signals_of(tx, retro_id)
    signals = stored.signals
    is_member = me.kind == "member"
    average = signals.shown_satisfaction
    return SignalsPage(
        retro_id=retro_id,
        signals=signals.model_copy(update={"satisfaction_pulses": ()}) if is_member else None,
        pulses=PulseSummary(
            count=len(signals.satisfaction_pulses),
            average=round(average, 1) if is_member and average is not None else None,
            given_by_me=signal_q.has_given_pulse(tx, retro_id, key_of(me)),
        ),
        flags=_flags(tx, team_id, signals),
        updated_at=stored.updated_at,
        updated_by=stored.updated_by,
    )


def get_signals(ctx: Ctx, actor: Actor, retro_id: str) -> SignalsPage:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        return page_in(tx, retro.team_id, retro_id, me)


def do_put_signals(ctx: Ctx, actor: Actor, retro_id: str, signals: SprintSignals) -> SignalsPage:
    """Replaces the recorded figures. The pulses are kept: they come one per person through
    `do_add_pulse`, and nobody, facilitators included, may rewrite what the team said."""
    with ctx.recording() as rec:
        tx = rec.tx
        signal_q.lock_for_signals(tx, retro_id)
        retro, me = check_participant(tx, actor, retro_id)
        check_may_record_signals(me)
        kept = signal_q.signals_of(tx, retro_id).signals.satisfaction_pulses
        signal_q.save_signals(
            tx, retro_id, signals.model_copy(update={"satisfaction_pulses": kept}), me.id
        )
        sprint_fetch.note_overrides(tx, retro_id, signals)
        rec.board(retro_id, ev.SignalsChanged())
        rec.team(SignalsRecorded(retro.team_id, retro_id, "figures"))
        return page_in(tx, retro.team_id, retro_id, me)


def do_add_pulse(ctx: Ctx, actor: Actor, retro_id: str, score: int) -> SignalsPage:
    if isinstance(score, bool) or not PULSE_MIN <= score <= PULSE_MAX:
        raise Invalid(
            f"A satisfaction pulse is a score from {PULSE_MIN} to {PULSE_MAX} (got {score}).",
            code="validation_error",
            details=[{"field": "score", "message": f"Must be {PULSE_MIN} to {PULSE_MAX}."}],
        )
    with ctx.recording() as rec:
        tx = rec.tx
        signal_q.lock_for_signals(tx, retro_id)
        retro, me = check_participant(tx, actor, retro_id)
        key = key_of(me)
        if signal_q.has_given_pulse(tx, retro_id, key):
            # Changing it is impossible by design: nothing records which score was yours.
            raise Conflict(
                "You have already given your pulse for this sprint.", code="pulse_already_given"
            )
        pulses = signal_q.signals_of(tx, retro_id).signals.satisfaction_pulses
        if len(pulses) >= PULSES_PER_SPRINT_MAX:
            raise Conflict(
                f"This sprint already has the most pulses it can hold ({PULSES_PER_SPRINT_MAX}).",
                code="too_many_pulses",
                params={"limit": PULSES_PER_SPRINT_MAX},
            )
        signal_q.add_pulse(tx, retro_id, key, score)
        # The count (and, from the third pulse, the satisfaction flag) changed for everyone.
        # The event names nobody and carries no score, so it adds nothing to what the count
        # already tells.
        rec.board(retro_id, ev.SignalsChanged())
        rec.team(SignalsRecorded(retro.team_id, retro_id, "pulse"))
        return page_in(tx, retro.team_id, retro_id, me)


def get_thresholds(ctx: Ctx, user: User, team_id: str) -> ThresholdsPage:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        stored = signal_q.thresholds_of(tx, team_id)
        return ThresholdsPage(team_id, stored.thresholds, stored.updated_at)


def do_put_thresholds(ctx: Ctx, user: User, team_id: str, thresholds: Thresholds) -> ThresholdsPage:
    """Replaces the team's thresholds. Only those set on `thresholds` (its `model_fields_set`)
    are kept; any left out go back to following the defaults."""
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)  # two first saves would otherwise both insert
        check_team_facilitator(tx, user, team_id, "change its thresholds")
        signal_q.save_thresholds(tx, team_id, thresholds)
        stored = signal_q.thresholds_of(tx, team_id)
        return ThresholdsPage(team_id, stored.thresholds, stored.updated_at)


def flags_in(tx: Tx, team_id: str, retro_id: str) -> list[Flag]:
    """The flags of a retro already checked to be the caller's, for agendas and reports that
    read them inside their own transaction."""
    return _flags(tx, team_id, signal_q.signals_of(tx, retro_id).signals)
