"""Sprint signals of a retro, satisfaction pulses, and a team's thresholds."""

from fastapi import APIRouter

from twofold.api.deps import ActorDep, CtxDep, UserDep
from twofold.api.schemas.signals import (
    Completion,
    PulseCreate,
    PulseSummary,
    RetroSignals,
    SignalFlag,
    SignalsUpdate,
    SignalValues,
    StoryEstimateView,
    TeamThresholds,
    ThresholdsUpdate,
    ThresholdValues,
)
from twofold.domain import flag_words
from twofold.domain.flags import Flag
from twofold.domain.signals import SprintSignals, Thresholds
from twofold.domain.vocab import TextLanguage
from twofold.services import signals
from twofold.services.signals import SignalsPage, ThresholdsPage

router = APIRouter(prefix="/api", tags=["signals"])


@router.get("/retros/{retro_id}/signals")
def get_signals(retro_id: str, actor: ActorDep, ctx: CtxDep) -> RetroSignals:
    return retro_signals(signals.get_signals(ctx, actor, retro_id))


@router.put("/retros/{retro_id}/signals")
def put_signals(retro_id: str, body: SignalsUpdate, actor: ActorDep, ctx: CtxDep) -> RetroSignals:
    return retro_signals(signals.do_put_signals(ctx, actor, retro_id, body.to_domain()))


@router.post("/retros/{retro_id}/signals/pulse")
def add_pulse(retro_id: str, body: PulseCreate, actor: ActorDep, ctx: CtxDep) -> RetroSignals:
    return retro_signals(signals.do_add_pulse(ctx, actor, retro_id, body.score))


@router.get("/teams/{team_id}/thresholds")
def get_thresholds(team_id: str, user: UserDep, ctx: CtxDep) -> TeamThresholds:
    return _team_thresholds(signals.get_thresholds(ctx, user, team_id))


@router.put("/teams/{team_id}/thresholds")
def put_thresholds(
    team_id: str, body: ThresholdsUpdate, user: UserDep, ctx: CtxDep
) -> TeamThresholds:
    return _team_thresholds(signals.do_put_thresholds(ctx, user, team_id, body.to_domain()))


def _values(s: SprintSignals) -> SignalValues:
    return SignalValues(
        stories_committed=s.stories_committed,
        stories_completed=s.stories_completed,
        points_committed=s.points_committed,
        points_completed=s.points_completed,
        stories_rejected_in_qa=s.stories_rejected_in_qa,
        rework_days=s.rework_days,
        stories_added_after_start=s.stories_added_after_start,
        stories_removed_after_start=s.stories_removed_after_start,
        clarifying_questions=s.clarifying_questions,
        estimates=[
            StoryEstimateView(story=e.story, estimate=e.estimate, actual=e.actual)
            for e in s.estimates
        ],
        tech_debt_share=s.tech_debt_share,
        shipped_on_time=s.shipped_on_time,
        nps_change=s.nps_change,
    )


def _flag(f: Flag, language: TextLanguage = TextLanguage.EN) -> SignalFlag:
    return SignalFlag(
        signal=f.signal,
        code=f.code,
        value=f.value,
        params=f.params,
        threshold=flag_words.threshold(f, language),
        prompt=flag_words.prompt(f, language),
        friction=f.friction,
    )


def _completion(page: SignalsPage) -> Completion | None:
    found = page.signals.completion if page.signals else None
    if found is None:
        return None
    return Completion(percent=round(found[0], 1), counted_in=found[1])


def retro_signals(page: SignalsPage, language: TextLanguage = TextLanguage.EN) -> RetroSignals:
    """`language`: what the flags' `threshold` and `prompt` are worded in (the web UI words
    them from their codes)."""
    return RetroSignals(
        retro_id=page.retro_id,
        signals=_values(page.signals) if page.signals else None,
        estimate_ratio=page.signals.estimate_ratio if page.signals else None,
        completion=_completion(page),
        pulses=PulseSummary(
            count=page.pulses.count,
            average=page.pulses.average,
            given_by_me=page.pulses.given_by_me,
        ),
        flags=[_flag(f, language) for f in page.flags],
        updated_at=page.updated_at,
        updated_by=page.updated_by,
    )


def _thresholds(t: Thresholds) -> ThresholdValues:
    return ThresholdValues.model_validate(t.model_dump())


def _team_thresholds(page: ThresholdsPage) -> TeamThresholds:
    return TeamThresholds(
        team_id=page.team_id,
        thresholds=_thresholds(page.thresholds),
        defaults=_thresholds(Thresholds()),
        updated_at=page.updated_at,
    )
