"""The health radar of a retro: answering it during check-in, and the radar by side."""

from fastapi import APIRouter

from twofold.api.deps import ActorDep, CtxDep
from twofold.api.schemas.radar import (
    RadarAnswers,
    RadarAnswersUpdate,
    RadarDimension,
    RadarSide,
    RetroRadar,
)
from twofold.domain.radar import Radar, SideScore
from twofold.services import radar
from twofold.services.radar import MyAnswers, RadarPage

router = APIRouter(prefix="/api", tags=["radar"])


@router.get("/retros/{retro_id}/radar")
def get_radar(retro_id: str, actor: ActorDep, ctx: CtxDep) -> RetroRadar:
    return _retro_radar(radar.get_radar(ctx, actor, retro_id))


@router.get("/retros/{retro_id}/radar/mine")
def get_my_answers(retro_id: str, actor: ActorDep, ctx: CtxDep) -> RadarAnswers:
    return _answers(radar.get_my_answers(ctx, actor, retro_id))


@router.put("/retros/{retro_id}/radar/mine")
def put_my_answers(
    retro_id: str, body: RadarAnswersUpdate, actor: ActorDep, ctx: CtxDep
) -> RadarAnswers:
    return _answers(radar.do_put_answers(ctx, actor, retro_id, body.scores))


def _answers(mine: MyAnswers) -> RadarAnswers:
    return RadarAnswers(retro_id=mine.retro_id, scores=mine.scores)


def _side(score: SideScore) -> RadarSide:
    return RadarSide(shown=score.shown, average=score.average, count=score.count)


def _retro_radar(page: RadarPage) -> RetroRadar:
    return RetroRadar(
        retro_id=page.retro_id,
        enabled=page.enabled,
        open=page.open,
        respondents=page.respondents,
        dimensions=radar_dimensions(page.radar),
    )


def radar_dimensions(radar: Radar) -> list[RadarDimension]:
    return [
        RadarDimension(
            dimension=d.dimension,
            label=d.label,
            team_defined=d.team_defined,
            product=_side(d.product),
            engineering=_side(d.engineering),
            gap=d.gap,
        )
        for d in radar.dimensions
    ]
