"""Tech Health report jobs: asked for, claimed, moved along, finished or failed."""

from datetime import date

from sqlalchemy import delete, func, select, update

from twofold.domain.entities import Team
from twofold.domain.health_report import ReportFormat, ReportJob, ReportStatus
from twofold.domain.vocab import TextLanguage
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import HealthReportRow, TeamRow


def _job(row: HealthReportRow) -> ReportJob:
    return ReportJob(
        id=row.id,
        team_id=row.team_id,
        requested_by=row.requested_by,
        format=ReportFormat(row.format),
        period_from=row.period_from,
        period_to=row.period_to,
        last=row.last,
        status=ReportStatus(row.status),
        progress=row.progress,
        error=row.error,
        file_name=row.file_name,
        size_bytes=row.size_bytes,
        attempts=row.attempts,
        created_at=row.created_at,
        finished_at=row.finished_at,
        started_at=row.started_at,
    )


def insert(
    tx: Tx,
    team_id: str,
    requested_by: str,
    fmt: ReportFormat,
    period: tuple[date | None, date | None],
    last: int | None,
) -> ReportJob:
    row = HealthReportRow(
        id=new_id(),
        team_id=team_id,
        requested_by=requested_by,
        format=fmt.value,
        period_from=period[0],
        period_to=period[1],
        last=last,
        status=ReportStatus.QUEUED.value,
        progress=0,
        attempts=0,
        created_at=now(),
    )
    tx.add(row)
    tx.flush()
    return _job(row)


def by_id(tx: Tx, report_id: str) -> ReportJob | None:
    row = tx.get(HealthReportRow, report_id)
    return _job(row) if row else None


def of_team(tx: Tx, team_id: str, limit: int) -> list[ReportJob]:
    """Newest first."""
    rows = tx.scalars(
        select(HealthReportRow)
        .where(HealthReportRow.team_id == team_id)
        .order_by(HealthReportRow.created_at.desc(), HealthReportRow.id)
        .limit(limit)
    )
    return [_job(r) for r in rows]


def start(tx: Tx, report_id: str) -> bool:
    """Mark the job running, unless it is done already (a worker told twice), with when this
    attempt started, so one that never ends can be told from one still being drawn."""
    result = tx.execute(
        update(HealthReportRow)
        .where(
            HealthReportRow.id == report_id,
            HealthReportRow.status != ReportStatus.DONE.value,
        )
        .values(
            status=ReportStatus.RUNNING.value,
            progress=0,
            error=None,
            attempts=HealthReportRow.attempts + 1,
            started_at=now(),
            finished_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def set_progress(tx: Tx, report_id: str, progress: int) -> None:
    tx.execute(
        update(HealthReportRow)
        .where(
            HealthReportRow.id == report_id,
            HealthReportRow.status == ReportStatus.RUNNING.value,
        )
        .values(progress=progress)
    )


def finish(tx: Tx, report_id: str, file_name: str, size_bytes: int) -> None:
    tx.execute(
        update(HealthReportRow)
        .where(HealthReportRow.id == report_id)
        .values(
            status=ReportStatus.DONE.value,
            progress=100,
            error=None,
            file_name=file_name,
            size_bytes=size_bytes,
            finished_at=now(),
        )
    )


def fail(tx: Tx, report_id: str, error: str) -> None:
    tx.execute(
        update(HealthReportRow)
        .where(HealthReportRow.id == report_id)
        .values(status=ReportStatus.FAILED.value, error=error, finished_at=now())
    )


def requeue(tx: Tx, report_id: str) -> bool:
    """A failed job queued again; False for any other."""
    result = tx.execute(
        update(HealthReportRow)
        .where(
            HealthReportRow.id == report_id,
            HealthReportRow.status == ReportStatus.FAILED.value,
        )
        .values(
            status=ReportStatus.QUEUED.value,
            progress=0,
            error=None,
            started_at=None,
            finished_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def teams_called(tx: Tx, name: str) -> list[Team]:
    """Teams whose name is `name`, ignoring case: the CLI names a team as people do."""
    rows = tx.scalars(
        select(TeamRow).where(func.lower(TeamRow.name) == name.casefold()).order_by(TeamRow.id)
    )
    return [Team(r.id, r.name, r.created_at, TextLanguage(r.language)) for r in rows]


def remove_beyond(tx: Tx, team_id: str, keep: int) -> list[ReportJob]:
    """Remove the team's finished jobs older than its latest `keep`; the removed ones are
    returned, so their files can go too. Jobs still queued or running are never removed."""
    newest = select(HealthReportRow.id).where(HealthReportRow.team_id == team_id)
    kept = newest.order_by(HealthReportRow.created_at.desc(), HealthReportRow.id).limit(keep)
    rows = list(
        tx.scalars(
            select(HealthReportRow).where(
                HealthReportRow.team_id == team_id,
                HealthReportRow.id.not_in(kept.scalar_subquery()),
                HealthReportRow.status.in_([ReportStatus.DONE.value, ReportStatus.FAILED.value]),
            )
        )
    )
    jobs = [_job(r) for r in rows]
    if rows:
        tx.execute(delete(HealthReportRow).where(HealthReportRow.id.in_([r.id for r in rows])))
    return jobs


def unfinished(tx: Tx, team_id: str | None = None) -> list[ReportJob]:
    """Jobs queued or running, of one team or all; oldest first."""
    query = select(HealthReportRow).where(
        HealthReportRow.status.in_([ReportStatus.QUEUED.value, ReportStatus.RUNNING.value])
    )
    if team_id is not None:
        query = query.where(HealthReportRow.team_id == team_id)
    rows = tx.scalars(query.order_by(HealthReportRow.created_at, HealthReportRow.id))
    return [_job(r) for r in rows]


def fail_unfinished(tx: Tx, report_ids: list[str], error: str) -> int:
    """Fail these jobs if they are still queued or running; how many were."""
    if not report_ids:
        return 0
    result = tx.execute(
        update(HealthReportRow)
        .where(
            HealthReportRow.id.in_(report_ids),
            HealthReportRow.status.in_([ReportStatus.QUEUED.value, ReportStatus.RUNNING.value]),
        )
        .values(status=ReportStatus.FAILED.value, error=error, finished_at=now())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def existing_ids(tx: Tx, report_ids: list[str]) -> set[str]:
    """Which of these ids are jobs still kept."""
    if not report_ids:
        return set()
    return set(tx.scalars(select(HealthReportRow.id).where(HealthReportRow.id.in_(report_ids))))


def of_team_all(tx: Tx, team_id: str) -> list[ReportJob]:
    """Every job of the team, whatever its state."""
    rows = tx.scalars(select(HealthReportRow).where(HealthReportRow.team_id == team_id))
    return [_job(r) for r in rows]
