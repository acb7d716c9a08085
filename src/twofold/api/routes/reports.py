"""A team's Tech Health reports: ask for one, follow it, download it, try a failed one again.
The worker draws them; members of the team only."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from fastapi.responses import FileResponse

from twofold.api.deps import ActorDep, CtxDep, SettingsDep, UserDep
from twofold.api.schemas.reports import ReportAsked, ReportJobView, ReportList
from twofold.domain.audit import AuditKind
from twofold.domain.health_report import MEDIA_TYPES, ReportJob
from twofold.domain.vocab import TextLanguage
from twofold.services import audit, health_reports
from twofold.services.health_reports import Period, ReportFiles

router = APIRouter(prefix="/api/teams/{team_id}/reports", tags=["insights"])


def _view(job: ReportJob) -> ReportJobView:
    done = job.file_name is not None and job.status == "done"
    return ReportJobView(
        id=job.id,
        team_id=job.team_id,
        format=job.format,
        period_from=job.period_from,
        period_to=job.period_to,
        last=job.last,
        status=job.status,
        progress=job.progress,
        error=job.error,
        file_name=job.file_name,
        size_bytes=job.size_bytes,
        attempts=job.attempts,
        retryable=job.retryable,
        created_at=job.created_at,
        finished_at=job.finished_at,
        file_url=f"/api/teams/{job.team_id}/reports/{job.id}/file" if done else None,
    )


@router.post("", status_code=status.HTTP_202_ACCEPTED)
def ask_for_report(
    team_id: str, body: ReportAsked, user: UserDep, ctx: CtxDep, settings: SettingsDep
) -> ReportJobView:
    """Queue a report for the worker; follow it with `GET …/reports/{id}`."""
    period = Period(last=body.last, start=body.start, end=body.end)
    return _view(
        health_reports.do_request_report(
            ctx, user, team_id, body.format, period, settings.report_stalled_after, body.language
        )
    )


@router.get("")
def list_reports(team_id: str, actor: ActorDep, ctx: CtxDep, settings: SettingsDep) -> ReportList:
    found = health_reports.list_reports(ctx, actor, team_id, settings.report_stalled_after)
    return ReportList(items=[_view(j) for j in found])


@router.get("/{report_id}")
def get_report(
    team_id: str, report_id: str, actor: ActorDep, ctx: CtxDep, settings: SettingsDep
) -> ReportJobView:
    after = settings.report_stalled_after
    return _view(health_reports.get_report(ctx, actor, team_id, report_id, after))


FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {media.partition(";")[0]: {} for media in MEDIA_TYPES.values()},
        "description": "The report's file: slides (.pptx), PDF or Markdown.",
    }
}


@router.get("/{report_id}/file", response_class=FileResponse, responses=FILE_RESPONSES)
def download_report(
    team_id: str, report_id: str, actor: ActorDep, ctx: CtxDep, settings: SettingsDep
) -> FileResponse:
    found = health_reports.report_file(
        ctx, actor, team_id, report_id, ReportFiles.from_settings(settings)
    )
    audit.record_now(
        ctx,
        AuditKind.EXPORT_DOWNLOADED,
        actor,
        team_id=team_id,
        target=report_id,
        detail={"file": found.name},
    )
    return FileResponse(found.path, media_type=found.media_type, filename=found.name)


@router.post("/{report_id}/retry", status_code=status.HTTP_202_ACCEPTED)
def retry_report(
    team_id: str,
    report_id: str,
    user: UserDep,
    ctx: CtxDep,
    settings: SettingsDep,
    language: Annotated[TextLanguage | None, Query()] = None,
) -> ReportJobView:
    """Queue a failed report again (one that stopped while being drawn counts as failed),
    worded in `language` (the web UI gives the reader's), else in the team's language."""
    after = settings.report_stalled_after
    return _view(health_reports.do_retry_report(ctx, user, team_id, report_id, after, language))
