"""`twofold report` run as a process on both databases: the demo team's report written at
once in each format, by the team's name or id, and plain refusals of what it cannot do.

`twofold demo` (tested in test_cli.py) runs once per engine and module; each test works on a
copy of its data folder and database, so what one test writes no other sees."""

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.databases import copied_instance, pg_database, require_pg
from tests.integration.test_cli import Cli, _env
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import words
from twofold.services.demo import DEMO_TEAM


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    folder = tmp_path_factory.mktemp("demo")
    env = _env(folder)
    if request.param == "sqlite":
        made = Cli(env, folder, f"sqlite:///{folder / 'data' / 'twofold.db'}")
        made.ok("demo")
        yield made
        return
    require_pg()
    with pg_database(migrate=False) as url:
        env["TWOFOLD_DATABASE_URL"] = url
        made = Cli(env, folder, url)
        made.ok("demo")
        yield made


@pytest.fixture
def cli(demo: Cli, tmp_path: Path) -> Iterator[Cli]:
    """The command on a copy of what `twofold demo` made."""
    with copied_instance(demo.url, demo.cwd, tmp_path) as url:
        env = _env(tmp_path)
        if not url.startswith("sqlite"):
            env["TWOFOLD_DATABASE_URL"] = url
        yield Cli(env, tmp_path, url)


def test_report_writes_each_format_of_a_team_named_or_by_id(cli: Cli) -> None:
    out = cli.ok("report", "--team", DEMO_TEAM.upper(), "--format", "pptx", "--out", "deck.pptx")
    assert re.match(rf"Wrote deck.pptx \({re.escape(DEMO_TEAM)}, .+ to .+, 3 sprints\)", out)
    deck = Presentation(io.BytesIO((cli.cwd / "deck.pptx").read_bytes()))
    assert [s.shapes.title.text for s in deck.slides][:2] == [
        f"Tech Health report: {DEMO_TEAM}",
        "Sprint signals vs thresholds",
    ]
    [(team_id,)] = cli.query("SELECT id FROM teams")
    first, last = sorted(str(e) for (e,) in cli.query("SELECT sprint_end FROM retros"))[1:]
    cli.ok("report", "--team", str(team_id), "--from", first, "--to", last, "--format", "pdf")
    [pdf] = list(cli.cwd.glob("tech-health-*.pdf"))
    assert pdf.name == f"tech-health-checkout-squad-demo-{last}.pdf"
    text = PdfReader(pdf).pages[0].extract_text()
    on = words(TextLanguage.EN).date
    assert f"Period: {on(date.fromisoformat(first))} to {on(date.fromisoformat(last))}" in text
    assert "Sprints: 2" in text
    cli.ok("report", "--team", str(team_id), "--last", "1", "--format", "md", "--out", "r.md")
    markdown = (cli.cwd / "r.md").read_text()
    assert "**Sprints:** 1" in markdown
    assert "## Risks" in markdown
    cli.ok("report", "--team", DEMO_TEAM, "--format", "md", "--language", "de", "--out", "de.md")
    german = (cli.cwd / "de.md").read_text()
    assert german.startswith(f"# Tech-Health-Bericht: {DEMO_TEAM}\n")
    assert "## Risiken" in german


def test_report_refuses_plainly(cli: Cli, tmp_path: Path) -> None:
    missing = cli.run("report", "--team", "Nobody's team", "--format", "md")
    assert missing.returncode == 1
    assert 'error: No team has the id or name "Nobody\'s team".' in missing.stderr
    reversed_period = cli.run(
        "report", "--team", DEMO_TEAM, "--from", "2026-05-02", "--to", "2026-05-01"
    )
    assert reversed_period.returncode == 1
    assert "start is after its end" in reversed_period.stderr
    for bad in (["--format", "docx"], ["--from", "02/05/2026"], ["--last", "many"]):
        refused = cli.run("report", "--team", DEMO_TEAM, *bad)
        assert refused.returncode == 2, bad
        assert "Invalid value" in refused.stderr, bad
    (tmp_path / "a-folder").mkdir()
    unwritable = cli.run("report", "--team", DEMO_TEAM, "--format", "md", "--out", "a-folder")
    assert unwritable.returncode == 1
    assert "error: could not write a-folder: Is a directory" in unwritable.stderr


def test_report_cleanup_removes_files_no_report_owns(cli: Cli) -> None:
    folder = Path(cli.env["TWOFOLD_DATA_DIR"]) / "reports"
    folder.mkdir(parents=True)
    orphan = folder / f"{'b' * 32}.pdf"
    orphan.write_bytes(b"%PDF- a deleted team's report")
    kept = folder / "notes.txt"
    kept.write_text("not a report")
    out = cli.ok("report-cleanup")
    assert f"Removed 1 report files no report owns, from {folder}." in out
    assert "now failed: 0" in out
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert "Removed 0 report files" in cli.ok("report-cleanup")
