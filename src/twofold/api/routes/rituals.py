"""A team's rituals: CRUD, next dates, the agenda, and the calendar file."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi import status as http

from twofold.api.deps import ActorDep, CtxDep
from twofold.api.schemas import rituals as sr
from twofold.domain.rituals import OCCURRENCES_MAX
from twofold.services import rituals
from twofold.services.rituals import RitualView

router = APIRouter(prefix="/api", tags=["rituals"])

ICS_MEDIA_TYPE = "text/calendar; charset=utf-8"


def _ritual(v: RitualView) -> sr.Ritual:
    r = v.record
    rec = r.ritual.recurrence if r.ritual is not None else None
    return sr.Ritual(
        id=r.id,
        team_id=r.team_id,
        kind=r.kind,
        title=r.title,
        recurrence=(
            sr.Recurrence.model_validate({**rec.model_dump(), "at": rec.at.strftime("%H:%M")})
            if rec is not None
            else None
        ),
        next_start=v.next_start,
        next_end=(
            v.next_start + timedelta(minutes=rec.duration_minutes)
            if v.next_start is not None and rec is not None
            else None
        ),
        problem=(
            sr.RitualProblem(
                code="schedule_not_computable",
                message=f"This ritual's schedule cannot be computed: {v.problem}",
            )
            if v.problem is not None
            else None
        ),
        created_by=v.record.created_by,
        created_at=v.record.created_at,
        updated_at=v.record.updated_at,
    )


@router.get("/teams/{team_id}/rituals")
def list_rituals(team_id: str, actor: ActorDep, ctx: CtxDep) -> list[sr.Ritual]:
    """The team's rituals, oldest first, each with its next start."""
    return [_ritual(v) for v in rituals.list_rituals(ctx, actor, team_id)]


@router.post("/teams/{team_id}/rituals", status_code=http.HTTP_201_CREATED)
def create_ritual(team_id: str, body: sr.RitualCreate, actor: ActorDep, ctx: CtxDep) -> sr.Ritual:
    """Facilitators only. Recurrence fields left out take the kind's defaults: the sync
    weekly on Tuesday at 10:00, the debt review on the first Wednesday of the month at 14:00,
    retros every other Friday at 15:00."""
    changes = body.recurrence.model_dump(exclude_unset=True)
    view = rituals.do_create_ritual(ctx, actor, team_id, body.kind, body.title, changes)
    return _ritual(view)


@router.get("/rituals/{ritual_id}")
def get_ritual(ritual_id: str, actor: ActorDep, ctx: CtxDep) -> sr.Ritual:
    return _ritual(rituals.get_ritual(ctx, actor, ritual_id))


@router.patch("/rituals/{ritual_id}")
def update_ritual(ritual_id: str, body: sr.RitualUpdate, actor: ActorDep, ctx: CtxDep) -> sr.Ritual:
    """Facilitators only; fields left out stay as they are, in the recurrence too."""
    changes = body.model_dump(exclude_unset=True, exclude={"recurrence"})
    if body.recurrence is not None:
        changes["recurrence"] = body.recurrence.model_dump(exclude_unset=True)
    return _ritual(rituals.do_update_ritual(ctx, actor, ritual_id, changes))


@router.delete("/rituals/{ritual_id}", status_code=http.HTTP_204_NO_CONTENT)
def delete_ritual(ritual_id: str, actor: ActorDep, ctx: CtxDep) -> None:
    rituals.do_delete_ritual(ctx, actor, ritual_id)


@router.get("/rituals/{ritual_id}/next")
def next_occurrences(
    ritual_id: str,
    actor: ActorDep,
    ctx: CtxDep,
    count: Annotated[int, Query(ge=1, le=OCCURRENCES_MAX)] = 5,
) -> sr.RitualOccurrences:
    """The next `count` starts after now, in the ritual's time zone."""
    ritual, starts = rituals.next_dates(ctx, actor, ritual_id, count)
    length = timedelta(minutes=ritual.recurrence.duration_minutes)
    return sr.RitualOccurrences(
        ritual_id=ritual.id,
        timezone=ritual.recurrence.timezone,
        occurrences=[sr.RitualOccurrence(start=s, end=s + length) for s in starts],
    )


@router.get("/rituals/{ritual_id}/agenda")
def agenda(ritual_id: str, actor: ActorDep, ctx: CtxDep) -> sr.RitualAgenda:
    """Built now from the team's open action items (overdue first), its debt ranking and the
    flags of its two newest retros with sprint signals (a sprint with nothing flagged says so)."""
    view = rituals.get_agenda(ctx, actor, ritual_id)
    a = view.agenda
    return sr.RitualAgenda(
        ritual_id=view.record.id,
        kind=view.record.kind,
        title=a.title,
        as_of=view.as_of,
        sections=[
            sr.RitualAgendaSection(
                title=s.title,
                items=[sr.RitualAgendaItem(text=i.text, ref=i.ref, tone=i.tone) for i in s.items],
            )
            for s in a.sections
        ],
        text=a.as_text(),
        flags_retro_id=view.flags_retros[0][0] if view.flags_retros else None,
        flags_retro_title=view.flags_retros[0][1] if view.flags_retros else None,
        previous_flags_retro_id=view.flags_retros[1][0] if len(view.flags_retros) > 1 else None,
        previous_flags_retro_title=(
            view.flags_retros[1][1] if len(view.flags_retros) > 1 else None
        ),
    )


@router.get(
    "/rituals/{ritual_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "An iCalendar file."}},
)
def calendar(ritual_id: str, actor: ActorDep, ctx: CtxDep) -> Response:
    """The ritual as one recurring event with today's agenda in its notes. Importing a newer
    file updates the same event (its UID stays)."""
    file = rituals.calendar_file(ctx, actor, ritual_id)
    return Response(
        content=file.content,
        media_type=ICS_MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "Cache-Control": "no-store",
        },
    )
