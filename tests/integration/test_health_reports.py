"""Tech Health reports over the API on both databases: asked for, drawn by the worker, followed
and downloaded in each format, with the figures the team's pages show; refused to outsiders;
and a report that cannot be saved left failed, with its reason, to be tried again."""

import io
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from pptx import Presentation
from pypdf import PdfReader
from sqlalchemy import delete, update

from tests.conftest import Client, World, command, expect_error, user_id
from tests.integration.test_demo import sign_in
from tests.integration.test_trends import demo, priya  # noqa: F401 - the fixtures
from twofold.domain.sides import Side, side_of
from twofold.domain.team_events import ReportRequested
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import words
from twofold.services import health_reports
from twofold.services.context import Ctx
from twofold.services.demo import PEOPLE, DemoResult
from twofold.settings import Settings
from twofold.store.queries import health_reports as report_q
from twofold.store.queries import users as user_q
from twofold.store.tables import HealthReportRow, OutboxRow, RadarAnswerRow, TeamRow
from twofold.worker.setup import worker_for

SLIDE_TITLES = [
    "Tech Health report: Checkout Squad (demo)",
    "Sprint signals vs thresholds",
    "What changed",
    "Tech debt: capacity vs the 20% target",
    "Action follow-through",
    "Health radar by side",
    "Wins and risks",
]
MEDIA = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "md": "text/markdown; charset=utf-8",
}


def _url(team_id: str, rest: str = "") -> str:
    return f"/api/teams/{team_id}/reports{rest}"


def _work(ctx: Ctx, settings: Settings) -> None:
    worker = worker_for(ctx, settings)
    while worker.run_once().handled:
        pass


def _generate(c: Client, ctx: Ctx, settings: Settings, team_id: str, body: dict[str, Any]) -> Any:
    job = c.ok("POST", _url(team_id), 202, json=body)
    assert (job["status"], job["progress"], job["file_url"]) == ("queued", 0, None)
    _work(ctx, settings)
    return c.ok("GET", _url(team_id, f"/{job['id']}"))


def _download(c: Client, job: dict[str, Any]) -> bytes:
    response = c.get(job["file_url"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == MEDIA[job["format"]]
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert job["file_name"] in disposition
    assert len(response.content) == job["size_bytes"]
    return response.content


def _radar_retro(app: FastAPI, priya: Client, demo: DemoResult, ctx: Ctx) -> str:  # noqa: F811
    """A fourth sprint whose radar four engineers answered and only one product person, the
    demo's own answers cleared so the period holds only these; it also asks the team's own
    "On-call load", which engineers rate 3."""
    with ctx.db.write() as tx:
        tx.execute(delete(RadarAnswerRow))
    added = priya.ok(
        "POST", f"/api/teams/{demo.team_id}/radar-dimensions", 201, json={"label": "On-call load"}
    )
    oncall = added["in_use"][0]["id"]
    retro = priya.ok(
        "POST", f"/api/teams/{demo.team_id}/retros", 201, json={"title": "Sprint 15 retro"}
    )
    command(priya, retro["id"], "update_settings", health_radar=True)
    scores = {"requirements_clarity": 2, "tech_debt": 4, oncall: 3}
    for email, _, role in PEOPLE:
        if side_of(role) != Side.ENGINEERING:
            continue
        c = sign_in(app, email)
        c.ok("PUT", f"/api/retros/{retro['id']}/radar/mine", json={"scores": scores})
        c.close()
    priya.ok("PUT", f"/api/retros/{retro['id']}/radar/mine", json={"scores": {"tech_debt": 1}})
    command(priya, retro["id"], "set_phase", phase="closed")
    return str(retro["id"])


def _series(chart: Any) -> dict[str, list[float | None]]:
    return {s.name: list(s.values) for s in chart.series}


def _check_slides(data: bytes, trends: dict[str, Any], ranked: list[dict[str, Any]]) -> None:
    deck = Presentation(io.BytesIO(data))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles == SLIDE_TITLES
    charts = {s.shapes.title.text: sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart}
    names = [s["sprint_name"] or s["title"] for s in trends["sprints"]]
    debt = charts[SLIDE_TITLES[3]]
    assert list(debt.plots[0].categories) == names
    assert _series(debt) == {
        "Debt share %": [s["values"]["tech_debt_share"] for s in trends["sprints"]],
        "Target %": [20.0] * len(names),
    }
    actions = _series(charts[SLIDE_TITLES[4]])
    assert actions == {
        "Agreed": [float(s["actions_agreed"]) for s in trends["sprints"]],
        "Done": [float(s["actions_done"]) for s in trends["sprints"]],
    }
    signals = charts[SLIDE_TITLES[1]]
    categories = list(signals.plots[0].categories)
    averages = dict(zip(categories, _series(signals)["Period average"], strict=True))
    rework = [s["values"]["rework_days"] for s in trends["sprints"]]
    known = [v for v in rework if v is not None]
    assert averages["Rework"] == pytest.approx(sum(known) / len(known), abs=0.01)
    limits = dict(zip(categories, _series(signals)["Healthy limit"], strict=True))
    assert limits["Rework"] == trends["thresholds"]["rework_days_max"]
    # Only the engineering side had three answers; product (one person) is left off.
    radar = _series(charts[SLIDE_TITLES[5]])
    assert list(radar) == ["Engineering"]
    assert radar["Engineering"][0] == 2.0
    assert radar["Engineering"][2] == 4.0
    assert radar["Engineering"][5] == 3.0  # the team's own dimension, after the five
    tables = [sh.table for s in deck.slides for sh in s.shapes if sh.has_table]
    debt_rows = next(t for t in tables if t.cell(0, 0).text == "Top debt item")
    top = ranked[0]
    assert [debt_rows.cell(1, c).text for c in range(4)] == [
        top["title"],
        str(top["impact"]),
        f"{top['drag_hours']:g}",
        str(top["effort"]),
    ]


def test_each_format_through_the_api_and_the_worker(
    app: FastAPI,
    priya: Client,  # noqa: F811
    demo: DemoResult,  # noqa: F811
    ctx: Ctx,
    settings: Settings,
) -> None:
    _radar_retro(app, priya, demo, ctx)
    trends = priya.ok("GET", f"/api/teams/{demo.team_id}/trends")
    ranked = priya.ok("GET", f"/api/teams/{demo.team_id}/debt/ranking")["ranked"]
    assert len(trends["sprints"]) == 4
    follow = trends["follow_through"]

    slides = _generate(priya, ctx, settings, demo.team_id, {"format": "pptx"})
    assert (slides["status"], slides["progress"], slides["error"]) == ("done", 100, None)
    assert slides["file_name"].endswith(".pptx")
    assert slides["file_name"].startswith("tech-health-checkout-squad-demo-")
    _check_slides(_download(priya, slides), trends, ranked)

    first_end = trends["sprints"][0]["ends"]
    last_end = trends["sprints"][2]["ends"]
    body = {"format": "pdf", "from": first_end, "to": last_end}
    pdf = _generate(priya, ctx, settings, demo.team_id, body)
    assert (pdf["period_from"], pdf["period_to"]) == (first_end, last_end)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(_download(priya, pdf))).pages)
    assert "Tech Health report: Checkout Squad (demo)" in text
    assert f"to {words(TextLanguage.EN).date(date.fromisoformat(last_end))}" in text
    three = priya.ok("GET", f"/api/teams/{demo.team_id}/trends?from={first_end}&to={last_end}")
    done, agreed = three["follow_through"]["done"], three["follow_through"]["agreed"]
    assert f"Done: {done} of {agreed} agreed" in text
    assert "Sprints: 3" in text
    assert ranked[1]["title"] in text

    md = _generate(priya, ctx, settings, demo.team_id, {"format": "md", "last": 6})
    markdown = _download(priya, md).decode()
    assert markdown.startswith("# Tech Health report: Checkout Squad (demo)\n")
    assert f"**Done:** {follow['done']} of {follow['agreed']} agreed" in markdown
    for heading in ("## Sprint signals vs thresholds", "## Tech debt", "## Wins", "## Risks"):
        assert heading in markdown
    assert "| Requirements clarity | too few answers | 2 (4) |" in markdown
    assert "| On-call load | too few answers | 3 (4) |" in markdown
    wins = markdown.split("## Wins\n\n")[1].split("\n\n")[0].splitlines()
    risks = markdown.split("## Risks\n\n")[1].strip().splitlines()
    assert len(wins) == 3
    assert len(risks) == 3
    assert any("votes" in line for line in risks)
    assert any("outside the healthy range" in line for line in risks)

    listed = priya.ok("GET", _url(demo.team_id))["items"]
    assert [j["id"] for j in listed] == [md["id"], pdf["id"], slides["id"]]
    # The worker is told how far it has come as each sprint's retro is read.
    with ctx.db.read() as tx:
        pm = user_q.user_by_id(tx, user_id(priya))
    assert pm is not None
    steps: list[int] = []
    health_reports.report_content(ctx, pm, demo.team_id, health_reports.Period(), steps.append)
    assert steps == [22, 35, 47, 60]
    # Told twice (a worker that died after finishing): the report is left as it was.
    again = health_reports.do_render_report(
        ctx, md["id"], health_reports.ReportFiles.from_settings(settings)
    )
    assert again is not None
    assert (again.status, again.attempts) == ("done", 1)


def test_a_german_teams_report_reads_german_and_a_request_may_ask_for_french(
    priya: Client,  # noqa: F811
    demo: DemoResult,  # noqa: F811
    ctx: Ctx,
    settings: Settings,
) -> None:
    priya.ok("PATCH", f"/api/teams/{demo.team_id}", json={"language": "de"})
    trends = priya.ok("GET", f"/api/teams/{demo.team_id}/trends")
    follow = trends["follow_through"]
    md = _generate(priya, ctx, settings, demo.team_id, {"format": "md"})
    markdown = _download(priya, md).decode()
    assert markdown.startswith("# Tech-Health-Bericht: Checkout Squad (demo)\n")
    for heading in ("## Sprint-Signale gegenüber Schwellenwerten", "## Umsetzung der Maßnahmen"):
        assert heading in markdown
    assert f"**Erledigt:** {follow['done']} von {follow['agreed']} vereinbarten" in markdown
    assert "| Nacharbeit |" in markdown
    assert "Tage pro Sprint" in markdown
    assert "| Klarheit der Anforderungen |" in markdown
    last_end = date.fromisoformat(trends["sprints"][-1]["ends"])
    assert f"bis {words(TextLanguage.DE).date(last_end)}" in markdown
    for english in ("Tech debt", "Wins", "Risks", "days per sprint", " votes"):
        assert english not in markdown

    slides = _generate(priya, ctx, settings, demo.team_id, {"format": "pptx"})
    deck = Presentation(io.BytesIO(_download(priya, slides)))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[1:3] == ["Sprint-Signale gegenüber Schwellenwerten", "Was sich verändert hat"]
    assert titles[3] == "Tech Debt: Kapazität gegenüber dem Ziel von 20 %"
    series = {
        s.name for sl in deck.slides for sh in sl.shapes if sh.has_chart for s in sh.chart.series
    }
    assert {"Anteil Tech Debt %", "Ziel %", "Vereinbart", "Erledigt"} <= series

    asked = {"format": "md", "language": "fr"}
    french = _download(priya, _generate(priya, ctx, settings, demo.team_id, asked)).decode()
    assert french.startswith("# Rapport Tech Health : Checkout Squad (demo)\n")
    assert "## Suivi des actions" in french


def test_a_report_that_cannot_be_saved_fails_with_its_reason_and_is_tried_again(
    world: World, ctx: Ctx, settings: Settings, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the report folder should be")
    broken = settings.model_copy(update={"report_dir": blocked})
    job = world.eng.ok("POST", _url(world.team_id), 202, json={"format": "md"})
    expect_error(world.eng.get(_url(world.team_id, f"/{job['id']}/file")), 409, "report_not_ready")
    _work(ctx, broken)
    failed = world.eng.ok("GET", _url(world.team_id, f"/{job['id']}"))
    assert failed["status"] == "failed"
    assert failed["retryable"] is True
    assert failed["error"].startswith("The report could not be saved in the report folder: ")
    assert failed["file_url"] is None
    expect_error(world.eng.get(_url(world.team_id, f"/{job['id']}/file")), 409, "report_not_ready")
    assert list(tmp_path.glob("**/.part-*")) == []

    retried = world.pm.ok("POST", _url(world.team_id, f"/{job['id']}/retry"), 202)
    assert (retried["status"], retried["error"]) == ("queued", None)
    _work(ctx, settings)
    done = world.eng.ok("GET", _url(world.team_id, f"/{job['id']}"))
    assert (done["status"], done["attempts"], done["retryable"]) == ("done", 2, False)
    text = world.eng.get(done["file_url"]).text
    assert "no closed sprints in this period" in text
    assert "_No signals were recorded in this period._" in text
    expect_error(
        world.pm.post(_url(world.team_id, f"/{job['id']}/retry")), 409, "report_not_failed"
    )


def test_a_report_whose_file_path_is_a_folder_fails_too(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    job = world.eng.ok("POST", _url(world.team_id), 202, json={"format": "pdf"})
    (settings.reports_path / f"{job['id']}.pdf").mkdir(parents=True)
    _work(ctx, settings)
    failed = world.eng.ok("GET", _url(world.team_id, f"/{job['id']}"))
    assert failed["status"] == "failed"
    assert "could not be saved" in failed["error"]


def test_someone_who_left_the_team_gets_a_failed_report(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    job = world.eng.ok("POST", _url(world.team_id), 202, json={"format": "md"})
    world.owner.ok("DELETE", f"/api/teams/{world.team_id}/members/{user_id(world.eng)}", 204)
    _work(ctx, settings)
    failed = world.pm.ok("GET", _url(world.team_id, f"/{job['id']}"))
    assert failed["status"] == "failed"
    assert "no longer a member" in failed["error"]


def test_outsiders_guests_and_other_teams_are_refused(world: World) -> None:
    job = world.pm.ok("POST", _url(world.team_id), 202, json={"format": "md"})
    expect_error(world.outsider.post(_url(world.team_id), json={"format": "md"}), 404)
    # A guest may act only in their retro, as everywhere else.
    expect_error(world.guest.post(_url(world.team_id), json={"format": "md"}), 403)
    for who in (world.outsider, world.guest):
        expect_error(who.get(_url(world.team_id)), 404)
        expect_error(who.get(_url(world.team_id, f"/{job['id']}")), 404)
        expect_error(who.get(_url(world.team_id, f"/{job['id']}/file")), 404)
    # A report of one team is not found under another, even by a member of both.
    expect_error(world.outsider.get(_url(world.other_team_id, f"/{job['id']}")), 404)
    expect_error(world.pm.get(_url(world.team_id, "/no-such-report")), 404)
    expect_error(world.outsider.post(_url(world.team_id, f"/{job['id']}/retry")), 404)


def test_bad_requests_are_refused_plainly(world: World) -> None:
    url = _url(world.team_id)
    expect_error(world.pm.post(url, json={"format": "docx"}), 422)
    expect_error(world.pm.post(url, json={}), 422)
    expect_error(world.pm.post(url, json={"format": "md", "last": 0}), 422)
    expect_error(world.pm.post(url, json={"format": "md", "colour": "red"}), 422)
    reversed_period = {"format": "md", "from": "2026-05-02", "to": "2026-05-01"}
    assert (
        "start is after its end"
        in expect_error(world.pm.post(url, json=reversed_period), 422, "bad_period")["message"]
    )
    for _ in range(health_reports.UNFINISHED_MAX):
        world.pm.ok("POST", url, 202, json={"format": "md"})
    refused = expect_error(world.pm.post(url, json={"format": "md"}), 409, "too_many_reports")
    assert refused["params"] == {"limit": health_reports.UNFINISHED_MAX}


def test_a_report_over_the_size_limit_fails_with_its_size(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    job = world.eng.ok("POST", _url(world.team_id), 202, json={"format": "pptx"})
    tiny = health_reports.ReportFiles(settings.reports_path, max_bytes=1000)
    found = health_reports.do_render_report(ctx, job["id"], tiny)
    assert found is not None
    assert found.status == "failed"
    assert found.error is not None
    assert "more than the 1,000 this instance keeps (TWOFOLD_REPORT_MAX_BYTES)" in found.error
    assert not tiny.path_of(found).exists()


def test_a_team_keeps_its_latest_twenty_reports_and_their_files(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    made = []
    for _ in range(health_reports.RECENT_SHOWN + 2):
        made.append(world.pm.ok("POST", _url(world.team_id), 202, json={"format": "md"})["id"])
        _work(ctx, settings)
    listed = [j["id"] for j in world.pm.ok("GET", _url(world.team_id))["items"]]
    assert listed == list(reversed(made[2:]))
    assert sorted(p.stem for p in settings.reports_path.iterdir()) == sorted(made[2:])
    expect_error(world.pm.get(_url(world.team_id, f"/{made[0]}")), 404)
    assert world.pm.get(_url(world.team_id, f"/{made[2]}/file")).status_code == 200
    # A file removed by hand from the folder: the report says so rather than serving nothing.
    (settings.reports_path / f"{made[2]}.md").unlink()
    gone = expect_error(world.pm.get(_url(world.team_id, f"/{made[2]}/file")), 404)
    assert gone["message"] == "This report's file is gone; ask for the report again."


def _stop_half_way(ctx: Ctx, report_id: str, minutes_ago: float) -> None:
    """As a worker that started drawing the report `minutes_ago` and then died."""
    with ctx.db.write() as tx:
        assert report_q.start(tx, report_id)
        tx.execute(
            update(HealthReportRow)
            .where(HealthReportRow.id == report_id)
            .values(started_at=datetime.now(UTC) - timedelta(minutes=minutes_ago), progress=40)
        )


def _status(ctx: Ctx, report_id: str) -> tuple[str, str | None]:
    with ctx.db.read() as tx:
        job = report_q.by_id(tx, report_id)
    assert job is not None
    return job.status.value, job.error


def test_a_report_drawn_for_too_long_is_failed_freed_and_tried_again(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    url = _url(world.team_id)
    made = [world.pm.ok("POST", url, 202, json={"format": "md"})["id"] for _ in range(3)]
    _stop_half_way(ctx, made[0], minutes_ago=2)
    # Being drawn for two minutes is nothing unusual: it still holds its place.
    running = world.pm.ok("GET", _url(world.team_id, f"/{made[0]}"))
    assert (running["status"], running["retryable"]) == ("running", False)
    expect_error(world.pm.post(url, json={"format": "md"}), 409, "too_many_reports")

    _stop_half_way(ctx, made[0], minutes_ago=16)
    stopped = world.pm.ok("GET", _url(world.team_id, f"/{made[0]}"))
    assert (stopped["status"], stopped["retryable"]) == ("failed", True)
    assert stopped["error"] == health_reports.STALLED_REASON
    listed = {j["id"]: j["status"] for j in world.pm.ok("GET", url)["items"]}
    assert listed[made[0]] == "failed"
    # It no longer counts against the team's three, and asking records it failed.
    world.pm.ok("POST", url, 202, json={"format": "md"})
    assert _status(ctx, made[0]) == ("failed", health_reports.STALLED_REASON)
    expect_error(world.pm.post(url, json={"format": "md"}), 409, "too_many_reports")

    retried = world.pm.ok("POST", _url(world.team_id, f"/{made[0]}/retry"), 202)
    assert (retried["status"], retried["error"]) == ("queued", None)
    _work(ctx, settings)
    done = world.pm.ok("GET", _url(world.team_id, f"/{made[0]}"))
    # Two starts that stopped half-way, then the one that finished.
    assert (done["status"], done["attempts"], done["error"]) == ("done", 3, None)


def test_the_stalled_timeout_is_a_setting(world: World, ctx: Ctx, settings: Settings) -> None:
    job = world.pm.ok("POST", _url(world.team_id), 202, json={"format": "md"})["id"]
    _stop_half_way(ctx, job, minutes_ago=3)
    assert health_reports.do_fail_stalled(ctx) == 0
    assert _status(ctx, job) == ("running", None)
    quick = settings.model_copy(update={"report_stalled_minutes": 2})
    # The worker's sweep records it, with no one looking at the report.
    worker_for(ctx, quick).schedule()
    assert _status(ctx, job) == ("failed", health_reports.STALLED_REASON)
    with pytest.raises(ValueError, match="report_stalled_minutes"):
        Settings(
            database_url=settings.database_url,
            secret_key="x" * 16,
            report_stalled_minutes=0,
            _env_file=None,
        )


def test_a_report_whose_outbox_row_was_given_up_on_is_failed(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    job = world.pm.ok("POST", _url(world.team_id), 202, json={"format": "md"})["id"]
    with ctx.db.write() as tx:
        given_up = tx.execute(
            update(OutboxRow)
            .where(OutboxRow.kind == ReportRequested.kind, OutboxRow.done_at.is_(None))
            .values(failed_at=datetime.now(UTC), last_error="database unavailable")
        )
        assert given_up.rowcount == 1  # type: ignore[attr-defined]
    shown = world.pm.ok("GET", _url(world.team_id, f"/{job}"))
    assert (shown["status"], shown["error"]) == ("failed", health_reports.STALLED_REASON)
    assert health_reports.do_fail_stalled(ctx) == 1
    assert _status(ctx, job) == ("failed", health_reports.STALLED_REASON)

    world.pm.ok("POST", _url(world.team_id, f"/{job}/retry"), 202)
    # The row given up on before the retry no longer counts: the retry has a newer one.
    assert health_reports.do_fail_stalled(ctx) == 0
    assert world.pm.ok("GET", _url(world.team_id, f"/{job}"))["status"] == "queued"
    _work(ctx, settings)
    assert _status(ctx, job) == ("done", None)


def test_files_no_report_owns_are_removed_and_others_kept(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    mine = _generate(world.pm, ctx, settings, world.team_id, {"format": "md"})
    theirs = _generate(world.outsider, ctx, settings, world.other_team_id, {"format": "pdf"})
    folder = settings.reports_path
    files = health_reports.ReportFiles.from_settings(settings)
    stray = folder / ".part-left-behind"
    stray.write_bytes(b"half")
    old = datetime.now(UTC).timestamp() - 2 * health_reports.PART_KEPT_SECONDS
    os.utime(stray, (old, old))
    fresh = folder / ".part-being-written"
    fresh.write_bytes(b"half")
    notes = folder / "README.txt"
    notes.write_text("not a report")
    with ctx.db.write() as tx:
        tx.execute(delete(TeamRow).where(TeamRow.id == world.other_team_id))
    removed = health_reports.do_remove_orphan_files(ctx, files)
    assert sorted(p.name for p in removed) == sorted([f"{theirs['id']}.pdf", stray.name])
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{mine['id']}.md", fresh.name, notes.name]
    )
    assert world.pm.get(mine["file_url"]).status_code == 200
    assert health_reports.do_remove_orphan_files(ctx, files) == []
    missing = health_reports.ReportFiles(folder / "never-made", files.max_bytes)
    assert health_reports.do_remove_orphan_files(ctx, missing) == []


def test_a_file_that_cannot_be_removed_is_left_and_logged(
    world: World, ctx: Ctx, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    folder = settings.reports_path
    folder.mkdir(parents=True, exist_ok=True)
    orphan = folder / f"{'a' * 32}.md"
    orphan.write_text("a report of a team deleted")
    folder.chmod(0o500)
    try:
        removed = health_reports.do_remove_orphan_files(
            ctx, health_reports.ReportFiles.from_settings(settings)
        )
    finally:
        folder.chmod(0o700)
    if os.geteuid() == 0:  # root removes whatever the folder's mode says
        assert removed == [orphan]
        return
    assert removed == []
    assert orphan.exists()
    assert "could not be removed" in caplog.text


def test_a_deleted_teams_files_are_removed_after_the_deletion(
    world: World, ctx: Ctx, settings: Settings
) -> None:
    mine = _generate(world.pm, ctx, settings, world.team_id, {"format": "md"})
    done = _generate(world.outsider, ctx, settings, world.other_team_id, {"format": "md"})
    queued = world.outsider.ok("POST", _url(world.other_team_id), 202, json={"format": "pdf"})
    files = health_reports.ReportFiles.from_settings(settings)
    doomed = health_reports.team_files(ctx, world.other_team_id, files)
    assert sorted(p.name for p in doomed) == sorted([f"{done['id']}.md", f"{queued['id']}.pdf"])
    with ctx.db.write() as tx:
        tx.execute(delete(TeamRow).where(TeamRow.id == world.other_team_id))
    # The queued report never had a file: nothing to remove, and no error.
    assert health_reports.remove_files(doomed) == [settings.reports_path / f"{done['id']}.md"]
    assert [p.name for p in settings.reports_path.iterdir()] == [f"{mine['id']}.md"]
    assert health_reports.remove_files(doomed) == []
