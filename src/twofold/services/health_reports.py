"""Tech Health reports: a team's period told to its stakeholders, as slides, a PDF or Markdown.

Who may do what: any member of the team may ask for a report, follow it, list the team's
reports, download one and try a failed one again; everyone else is told the team is "not
found". The report holds what every member sees alike (figures, topic titles, debt scores;
never who wrote or answered what), so the person who asked for it is only whose access is
checked, again when it is drawn: someone who left the team meanwhile gets a failed job.

How a report is made: asking writes a job row and a team event in one transaction; the worker
picks the event up (`worker/reports.py`), gathers the figures through the services the trends
page, the radar, the debt ranking and the closing summary already use, draws the file and keeps
it under the report folder (`Settings.reports_path`) by the job's id. Files live on disk rather
than in the database so the database and its backups stay small and a download is streamed; a
file that cannot be written (a full disk, a folder without permission) fails the job with the
reason, and the job is kept to be tried again.
"""

import logging
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from twofold.domain import health_report as model
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, DomainError, Invalid, NotFound, StorageUnavailable
from twofold.domain.export_text import file_name
from twofold.domain.health_report import (
    HealthReport,
    ReportFormat,
    ReportJob,
    ReportStatus,
    SprintFigures,
    TopicSeen,
)
from twofold.domain.team_events import ReportRequested
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import text_language
from twofold.integrations.health_report import render
from twofold.services import debt, outbox, radar, summary, trends
from twofold.services.access import Actor, check_member, check_team_member
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Tx
from twofold.store.queries import health_reports as report_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import now

log = logging.getLogger("twofold.reports")

RECENT_SHOWN = 20
"""Reports a team keeps, files and all: older ones go as a new one is finished."""
UNFINISHED_MAX = 3
"""Reports a team may have queued or being drawn at once: each is real work for the worker."""
STALLED_AFTER = timedelta(minutes=15)
"""A report still being drawn after this long is taken to have stopped (the worker died, or
was stopped, half-way); `TWOFOLD_REPORT_STALLED_MINUTES` sets it for the worker's sweep."""
STALLED_REASON = "The report stopped while it was being drawn; try again."


@dataclass(frozen=True)
class Period:
    """The latest `last` closed sprints, within `start`..`end` where given."""

    last: int | None = None
    start: date | None = None
    end: date | None = None

    def check(self) -> None:
        last = self.last if self.last is not None else trends.LAST_MOST
        trends.check_period(last, self.start, self.end)

    @property
    def sprints(self) -> int:
        """How many sprints to read: the latest six unless dates or a count say otherwise."""
        if self.last is not None:
            return self.last
        return trends.LAST_MOST if self.start or self.end else 6


@dataclass(frozen=True)
class ReportFiles:
    """Where report files are kept, and the largest one kept."""

    directory: Path
    max_bytes: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "ReportFiles":
        return cls(settings.reports_path, settings.report_max_bytes)

    def path_of(self, job: ReportJob) -> Path:
        return self.directory / f"{job.id}.{job.format.value}"


@dataclass(frozen=True)
class ReportFile:
    path: Path
    name: str
    media_type: str


def _topics(found: summary.ClosingSummary, sprint: str) -> list[TopicSeen]:
    return [
        TopicSeen(
            title=topic.title or next((c.text for c in topic.cards if c.text), ""),
            votes=topic.votes,
            polarity=model.leaning(c.polarity for c in topic.cards),
            sprint=sprint,
        )
        for topic in found.topics
    ]


def report_content(
    ctx: Ctx,
    user: User,
    team_id: str,
    period: Period,
    progress: Callable[[int], None] | None = None,
    language: TextLanguage | None = None,
) -> HealthReport:
    """The report's content for a member of the team, from what the team's pages compute, in
    `language` (the team's when None). `progress` is told how far it has come, 10 to 60 (%), as
    each sprint's retro is read."""
    period.check()
    with ctx.db.read() as tx:
        team, _ = check_member(tx, user, team_id)
    found = trends.team_trends(
        ctx, user, team_id, last=period.sprints, start=period.start, end=period.end
    )
    ids = [s.retro.id for s in found.sprints]
    radars = radar.radar_history(ctx, user, team_id, ids) if ids else {}
    sprints: list[SprintFigures] = []
    topics: list[TopicSeen] = []
    for done, sprint in enumerate(found.sprints, start=1):
        if progress is not None:
            progress(10 + 50 * done // len(found.sprints))
        name = sprint.retro.sprint_name or sprint.retro.title
        closing = summary.closing_summary(ctx, user, sprint.retro.id)
        topics += _topics(closing, name)
        sprints.append(
            SprintFigures(
                name=name,
                ends=sprint.retro.ends,
                values=sprint.values,
                actions_agreed=sprint.actions.agreed,
                actions_done=sprint.actions.done,
                flags=closing.signals.flags,
            )
        )
    ranking = debt.ranking(ctx, user, team_id)
    top = [
        model.DebtLine(
            title=view.record.item.title,
            impact=view.record.item.impact,
            drag_hours=view.record.item.drag_hours,
            effort=view.record.item.effort,
            priority=view.priority,
        )
        for view in ranking.ranked[: trends.TOP_DEBT_SHOWN]
    ]
    first = found.sprints[0].retro if found.sprints else None
    starts = period.start or (first.starts or first.ends if first else None)
    ends = period.end or (found.sprints[-1].retro.ends if found.sprints else None)
    return model.assemble(
        team_name=team.name,
        period=(starts, ends),
        sprints=sprints,
        thresholds=found.thresholds,
        changes=found.changes,
        follow_through=found.follow_through,
        median_days_to_done=found.median_days_to_done,
        top_debt=top,
        radars=[radars[i] for i in ids],
        topics=topics,
        language=language or team.language,
    )


def download_name(report: HealthReport, fmt: ReportFormat) -> str:
    period = report.period_to.isoformat() if report.period_to else "empty"
    return file_name(f"tech health {report.team_name} {period}", "tech-health", fmt.value)


def _stalled(tx: Tx, at: datetime, after: timedelta, team_id: str | None = None) -> list[ReportJob]:
    """Jobs that will not end by themselves: drawn for longer than `after`, or whose latest
    outbox row was given up on (the database stayed away through every attempt). A job tried
    again has a newer row, so an old row given up on does not count against it."""
    jobs = report_q.unfinished(tx, team_id)
    if not jobs:
        return []
    since = min(j.created_at for j in jobs) - timedelta(minutes=1)
    teams = {j.team_id for j in jobs}
    given_up = outbox.given_up_last(tx, ReportRequested.kind, teams, since, "report_id")
    return [
        j
        for j in jobs
        if j.id in given_up or (j.started_at is not None and j.started_at < at - after)
    ]


def _fail_stalled(tx: Tx, after: timedelta, team_id: str | None = None) -> int:
    stalled = _stalled(tx, now(), after, team_id)
    return report_q.fail_unfinished(tx, [j.id for j in stalled], STALLED_REASON)


def do_fail_stalled(ctx: Ctx, after: timedelta = STALLED_AFTER) -> int:
    """Fail every report that stopped while it was being drawn, so people see why, may try it
    again, and it no longer holds one of the team's places. The worker runs this with its
    schedule; asking for a report or trying one again runs it for the team first."""
    with ctx.db.read() as tx:
        if not _stalled(tx, now(), after):
            return 0
    with ctx.db.write() as tx:
        return _fail_stalled(tx, after)


def do_request_report(
    ctx: Ctx,
    user: User,
    team_id: str,
    fmt: ReportFormat,
    period: Period,
    stalled_after: timedelta = STALLED_AFTER,
    language: TextLanguage | None = None,
) -> ReportJob:
    period.check()
    with ctx.recording() as rec:
        check_member(rec.tx, user, team_id)
        _fail_stalled(rec.tx, stalled_after, team_id)
        unfinished = report_q.unfinished(rec.tx, team_id)
        if len(unfinished) >= UNFINISHED_MAX:
            raise Conflict(
                f"This team already has {UNFINISHED_MAX} reports being made; wait for one to "
                "finish.",
                code="too_many_reports",
                params={"limit": UNFINISHED_MAX},
            )
        job = report_q.insert(
            rec.tx, team_id, user.id, fmt, (period.start, period.end), period.last
        )
        rec.team(ReportRequested(team_id, job.id, language and language.value))
        return job


def _as_seen(tx: Tx, jobs: list[ReportJob], team_id: str, after: timedelta) -> list[ReportJob]:
    """A job that stopped is shown failed at once, before the worker's sweep records it, so
    nobody watches a report that will never finish (and none if no worker runs at all)."""
    stalled = {j.id for j in _stalled(tx, now(), after, team_id)}
    return [
        replace(j, status=ReportStatus.FAILED, error=STALLED_REASON, started_at=None)
        if j.id in stalled
        else j
        for j in jobs
    ]


def _job_of_team(
    ctx: Ctx, actor: Actor, team_id: str, report_id: str, after: timedelta = STALLED_AFTER
) -> ReportJob:
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        job = report_q.by_id(tx, report_id)
        if job is None or job.team_id != team_id:
            raise NotFound("Report not found.")
        return _as_seen(tx, [job], team_id, after)[0]


def get_report(
    ctx: Ctx, actor: Actor, team_id: str, report_id: str, stalled_after: timedelta = STALLED_AFTER
) -> ReportJob:
    return _job_of_team(ctx, actor, team_id, report_id, stalled_after)


def list_reports(
    ctx: Ctx, actor: Actor, team_id: str, stalled_after: timedelta = STALLED_AFTER
) -> list[ReportJob]:
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        return _as_seen(tx, report_q.of_team(tx, team_id, RECENT_SHOWN), team_id, stalled_after)


def report_file(
    ctx: Ctx, actor: Actor, team_id: str, report_id: str, files: ReportFiles
) -> ReportFile:
    job = _job_of_team(ctx, actor, team_id, report_id)
    path = files.path_of(job)
    if job.status is not ReportStatus.DONE or job.file_name is None:
        raise Conflict(
            "This report is not ready yet.",
            code="report_not_ready",
            params={"status": job.status.value},
        )
    if not path.is_file():
        raise NotFound("This report's file is gone; ask for the report again.")
    return ReportFile(path, job.file_name, model.MEDIA_TYPES[job.format])


def do_retry_report(
    ctx: Ctx,
    user: User,
    team_id: str,
    report_id: str,
    stalled_after: timedelta = STALLED_AFTER,
    language: TextLanguage | None = None,
) -> ReportJob:
    with ctx.recording() as rec:
        check_member(rec.tx, user, team_id)
        job = report_q.by_id(rec.tx, report_id)
        if job is None or job.team_id != team_id:
            raise NotFound("Report not found.")
        _fail_stalled(rec.tx, stalled_after, team_id)
        if not report_q.requeue(rec.tx, report_id):
            raise Conflict(
                "Only a report that failed can be tried again.",
                code="report_not_failed",
                params={"status": job.status.value},
            )
        rec.team(ReportRequested(team_id, report_id, language and language.value))
        found = report_q.by_id(rec.tx, report_id)
        assert found is not None
        return found


def _progress(ctx: Ctx, report_id: str, percent: int) -> None:
    with ctx.db.write() as tx:
        report_q.set_progress(tx, report_id, percent)


def _fail(ctx: Ctx, report_id: str, reason: str) -> None:
    with ctx.db.write() as tx:
        report_q.fail(tx, report_id, reason)


def store_file(files: ReportFiles, job: ReportJob, data: bytes) -> None:
    """Written beside its final name and moved there, so a half-written file is never served
    (a full disk leaves only the temporary file, which is removed)."""
    files.directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=files.directory, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, files.path_of(job))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _requester(ctx: Ctx, job: ReportJob) -> User:
    with ctx.db.read() as tx:
        user = user_q.user_by_id(tx, job.requested_by) if job.requested_by else None
        if user is None or team_q.membership(tx, job.team_id, user.id) is None:
            raise NotFound(
                "The person who asked for this report is no longer a member of the team; "
                "ask for it again."
            )
        return user


def _draw(ctx: Ctx, job: ReportJob, files: ReportFiles, language: TextLanguage | None) -> None:
    user = _requester(ctx, job)
    _progress(ctx, job.id, 10)
    content = report_content(
        ctx,
        user,
        job.team_id,
        Period(job.last, job.period_from, job.period_to),
        lambda percent: _progress(ctx, job.id, percent),
        language,
    )
    _progress(ctx, job.id, 60)
    data = render(content, job.format)
    if len(data) > files.max_bytes:
        raise Invalid(
            f"The report came to {len(data):,} bytes, more than the {files.max_bytes:,} this "
            "instance keeps (TWOFOLD_REPORT_MAX_BYTES); choose a shorter period."
        )
    _progress(ctx, job.id, 85)
    try:
        store_file(files, job, data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise Invalid(f"The report could not be saved in the report folder: {reason}.") from exc
    with ctx.db.write() as tx:
        report_q.finish(tx, job.id, download_name(content, job.format), len(data))
        removed = report_q.remove_beyond(tx, job.team_id, RECENT_SHOWN)
    for old in removed:
        files.path_of(old).unlink(missing_ok=True)


def do_render_report(
    ctx: Ctx, report_id: str, files: ReportFiles, language: str | None = None
) -> ReportJob | None:
    """Draw a queued report and keep its file, in `language` (a code; the team's language when
    None or unknown); what goes wrong is kept on the job as its reason, for people to read and
    try again. Only the database being away is raised, so the
    worker tries the whole job again later. A job already done is left as it is (a worker may
    be told twice)."""
    with ctx.db.write() as tx:
        job = report_q.by_id(tx, report_id)
        if job is None or not report_q.start(tx, report_id):
            return job
    try:
        known = language in {code.value for code in TextLanguage}
        _draw(ctx, job, files, text_language(language) if known else None)
    except StorageUnavailable:
        raise
    except DomainError as exc:
        _fail(ctx, report_id, exc.message)
    except Exception as exc:  # the job must end failed with a reason, whatever broke
        log.exception("report %s could not be drawn", report_id)
        _fail(ctx, report_id, f"The report could not be drawn ({type(exc).__name__}).")
    with ctx.db.read() as tx:
        return report_q.by_id(tx, report_id)


_REPORT_FILE = re.compile(r"^[0-9a-f]{32}\.(" + "|".join(f.value for f in ReportFormat) + ")$")
PART_KEPT_SECONDS = 3600
"""A half-written file older than this was left by a worker that stopped while saving."""
_CHECKED_AT_ONCE = 500


def do_remove_orphan_files(ctx: Ctx, files: ReportFiles) -> list[Path]:
    """Remove report files that no job owns any more (their team was deleted, or the job was
    removed while its file could not be), and half-written files left behind; the paths
    removed. A file that cannot be removed is logged and left for the next pass: tidying the
    folder never fails what asked for it."""
    try:
        entries = [p for p in files.directory.iterdir() if p.is_file()]
    except FileNotFoundError:
        return []
    except OSError:
        log.warning("the report folder %s could not be read", files.directory, exc_info=True)
        return []
    owned = {p: p.name.split(".", 1)[0] for p in entries if _REPORT_FILE.match(p.name)}
    ids = sorted(set(owned.values()))
    kept: set[str] = set()
    with ctx.db.read() as tx:
        for at in range(0, len(ids), _CHECKED_AT_ONCE):
            kept |= report_q.existing_ids(tx, ids[at : at + _CHECKED_AT_ONCE])
    stale = time.time() - PART_KEPT_SECONDS
    doomed = [p for p, job_id in owned.items() if job_id not in kept] + [
        p for p in entries if p.name.startswith(".part-") and _modified(p) < stale
    ]
    return remove_files(doomed)


def team_files(ctx: Ctx, team_id: str, files: ReportFiles) -> list[Path]:
    """Where a team's report files are: read before the team is deleted (its report rows go
    with it), so `remove_files` can remove them once the deletion is committed."""
    with ctx.db.read() as tx:
        return [files.path_of(j) for j in report_q.of_team_all(tx, team_id)]


def remove_files(paths: list[Path]) -> list[Path]:
    """Remove these files, logging any that cannot be (the orphan sweep tries again later);
    never raises, so a deletion already committed is not reported as failed."""
    return [p for p in paths if p.exists() and _unlink(p)]


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def _unlink(path: Path) -> bool:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("the report file %s could not be removed", path, exc_info=True)
        return False
    return True


def team_named(ctx: Ctx, ref: str) -> str:
    """A team's id from its id or its name, for the command line."""
    with ctx.db.read() as tx:
        if team_q.team_by_id(tx, ref) is not None:
            return ref
        found = report_q.teams_called(tx, ref)
    if not found:
        raise NotFound(f"No team has the id or name {ref!r}.")
    if len(found) > 1:
        ids = ", ".join(t.id for t in found)
        raise Conflict(f"{len(found)} teams are called {ref!r}; name one by its id: {ids}.")
    return found[0].id


def operator_report(
    ctx: Ctx, team_id: str, period: Period, language: TextLanguage | None = None
) -> HealthReport:
    """The report for whoever runs the command line, who holds the database already: it is
    read as one of the team's members would read it (any member reads the same report)."""
    with ctx.db.read() as tx:
        members = team_q.members_of(tx, team_id)
        members.sort(key=lambda m: (not m.membership.is_facilitator, m.membership.joined_at))
        user = user_q.user_by_id(tx, members[0].membership.user_id) if members else None
    if user is None:
        raise Conflict("This team has no members to read its report as.")
    return report_content(ctx, user, team_id, period, language=language)
