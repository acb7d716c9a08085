"""The health radar of a retro: answering it, reading one's own answers back, the radar by
side, and its history across a team's retros. A retro asks the five friction points and the
team's own dimensions that were in use when it started (`services.radar_dimensions`).

Who may do what:
- answer, and read back one's own answers: every participant of the retro (members and the
  guests let into it), while it is in check-in with the radar switched on;
- read the radar: anyone who may see the board. Only averages per side leave the server, each
  once `domain.radar.SHOWN_MIN` people of that side have answered;
- read the history: members of the team.

Nothing here returns who answered what: answers are read back only by the person who gave
them, through their own participant key.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from twofold.domain import events as ev
from twofold.domain.entities import Retro, User
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.phases import Phase
from twofold.domain.radar import Radar, check_scores
from twofold.services.access import Actor, check_member, check_participant, key_of
from twofold.services.context import Ctx
from twofold.services.radar_dimensions import asked_by_retro
from twofold.services.side_grouping import radars_by_retro
from twofold.store.queries import radar as radar_q
from twofold.store.queries import retros as retro_q


@dataclass(frozen=True)
class RadarPage:
    """A retro's radar as anyone on its board may see it."""

    retro_id: str
    enabled: bool
    open: bool
    """Whether answers are taken now: the radar is on and the retro is in check-in."""
    respondents: int
    radar: Radar


@dataclass(frozen=True)
class MyAnswers:
    retro_id: str
    scores: dict[str, int]
    """Dimension key to score."""


def _is_open(retro: Retro) -> bool:
    return retro.settings.health_radar and retro.phase == Phase.CHECK_IN


def _check_open(retro: Retro) -> None:
    if not retro.settings.health_radar:
        raise Conflict(
            "This retro does not use the health radar; a facilitator can switch it on in the "
            "retro's settings.",
            code="radar_off",
        )
    if retro.phase != Phase.CHECK_IN:
        raise Conflict(
            "The health radar is answered during check-in; this retro is in "
            f"{retro.phase.value.replace('_', '-')}.",
            code="wrong_phase",
            params={"allowed": Phase.CHECK_IN.value, "phase": retro.phase.value},
        )


def get_radar(ctx: Ctx, actor: Actor, retro_id: str) -> RadarPage:
    with ctx.db.read() as tx:
        retro, _ = check_participant(tx, actor, retro_id)
        return RadarPage(
            retro_id=retro_id,
            enabled=retro.settings.health_radar,
            open=_is_open(retro),
            respondents=radar_q.respondents(tx, retro_id),
            radar=radars_by_retro(tx, [retro_id])[retro_id],
        )


def get_my_answers(ctx: Ctx, actor: Actor, retro_id: str) -> MyAnswers:
    with ctx.db.read() as tx:
        _, me = check_participant(tx, actor, retro_id)
        return MyAnswers(retro_id, radar_q.answers_of(tx, retro_id, key_of(me)))


def do_put_answers(
    ctx: Ctx, actor: Actor, retro_id: str, scores: Mapping[str, object]
) -> MyAnswers:
    """Replaces the participant's answer set. The role recorded is the one they have now, so
    the answer counts for the side they speak for at this retro."""
    with ctx.recording() as rec:
        tx = rec.tx
        locked = retro_q.lock_retro(tx, retro_id)
        retro, me = check_participant(tx, actor, retro_id, locked)
        _check_open(retro)
        checked = check_scores(scores, asked_by_retro(tx, [retro_id])[retro_id])
        radar_q.replace_answers(tx, retro_id, key_of(me), me.role, checked)
        rec.board(retro_id, ev.RadarChanged())
        return MyAnswers(retro_id, radar_q.answers_of(tx, retro_id, key_of(me)))


def radar_history(ctx: Ctx, user: User, team_id: str, retro_ids: Sequence[str]) -> dict[str, Radar]:
    """Each of the team's `retro_ids` with its radar, in the order asked, for the team's trends.
    An id that is not a retro of this team is "not found", as for any retro the caller may not
    see; the averages come from one query over all of them."""
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        wanted = list(dict.fromkeys(retro_ids))
        if radar_q.team_retro_ids(tx, team_id, wanted) != set(wanted):
            raise NotFound("Retro not found.")
        return radars_by_retro(tx, wanted)
