"""Exports of the closing summary: each file holds what the reader's summary holds, no more."""

import csv
import io
import json
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import World, command, expect_error
from tests.integration.boards import add_card, to_phase
from tests.integration.test_summary import run_retro

FILES = ("summary.md", "summary.json", "cards.csv", "actions.csv")


def _export(c: Any, rid: str, name: str) -> Any:
    r = c.get(f"/api/retros/{rid}/export/{name}")
    assert r.status_code == 200, r.text
    return r


def test_each_export_is_a_named_file_of_the_summary(world: World) -> None:
    rid = world.retro["id"]
    run_retro(world)
    to_phase(world, "closed")
    types = {"md": "text/markdown", "json": "application/json", "csv": "text/csv"}
    for name in FILES:
        r = _export(world.eng, rid, name)
        stem, ext = name.split(".")
        assert r.headers["content-type"].startswith(types[ext])
        assert r.headers["content-disposition"] == (
            f'attachment; filename="sprint-1-retro-{stem}.{ext}"'
        )
        assert r.headers["cache-control"] == "no-store"
    md = _export(world.eng, rid, "summary.md").text
    assert md.startswith("# Sprint 1 retro\n")
    assert "### 1. Slow delivery (3 votes)" in md
    assert "Notes: CI owner needed now; PM agrees" in md
    assert "- **Fix the flaky tests**: Eng, due Jan 31, 2099 (Open)" in md
    assert "- No action item is owned by the product side." in md
    exported = json.loads(_export(world.eng, rid, "summary.json").text)
    assert exported == world.eng.ok("GET", f"/api/retros/{rid}/summary")
    cards = list(csv.DictReader(io.StringIO(_export(world.eng, rid, "cards.csv").text)))
    assert [c["topic"] for c in cards][:2] == ["Slow delivery", "Slow delivery"]
    assert {c["column"] for c in cards[:2]} == {"Engineering Perspective"}
    assert {c["author"] for c in cards} == {"Pm", "Eng", "Tech Lead", "Gus Guest"}
    [action] = csv.DictReader(io.StringIO(_export(world.eng, rid, "actions.csv").text))
    assert action == {
        "title": "Fix the flaky tests",
        "owner": "Eng",
        "due": "2099-01-31",
        "status": "open",
        "category": "",
        "topic": "Slow delivery",
    }


def test_csv_cells_that_would_run_as_formulas_are_neutralised(world: World) -> None:
    rid = world.retro["id"]
    add_card(world.pm, world, '=HYPERLINK("http://evil.example","click")', 0)
    add_card(world.eng, world, "@SUM(A1)", 1)
    to_phase(world, "actions")
    command(world.pm, rid, "create_action", title="-1 plus one")
    to_phase(world, "closed")
    cards = list(csv.reader(io.StringIO(_export(world.pm, rid, "cards.csv").text)))
    texts = {row[3] for row in cards[1:]}
    assert texts == {'\'=HYPERLINK("http://evil.example","click")', "'@SUM(A1)"}
    [_, action] = list(csv.reader(io.StringIO(_export(world.pm, rid, "actions.csv").text)))
    assert action[0] == "'-1 plus one"


@pytest.mark.parametrize("name", FILES)
def test_exports_keep_anonymous_authors_and_the_backlog_to_themselves(
    world: World, name: str
) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    run_retro(world)
    to_phase(world, "closed")
    for c in (world.pm, world.guest):
        text = _export(c, rid, name).text
        # Card authors are never named ("Tech Lead" is also a role, so it is not looked for);
        # the only action item's owner, the eng, is.
        for author in ("Gus Guest", "Pm"):
            assert author not in text, (name, author)
        if name == "cards.csv":
            rows = list(csv.DictReader(io.StringIO(text)))
            assert len(rows) == 4
            assert {(r["author"], r["author_role"]) for r in rows} == {("", "")}
    guest_md = _export(world.guest, rid, "summary.md").text
    assert "Tech debt raised" not in guest_md
    assert "Tech debt raised" in _export(world.eng, rid, "summary.md").text


def test_exports_are_refused_as_the_summary_is(world: World) -> None:
    rid = world.retro["id"]
    add_card(world.eng, world, "Secret until the reveal", 1)
    for name in FILES:
        expect_error(world.eng.get(f"/api/retros/{rid}/export/{name}"), 409, "wrong_phase")
        expect_error(world.outsider.get(f"/api/retros/{rid}/export/{name}"), 404, "not_found")
        # A facilitator's preview leaves the hidden card out of every file.
        assert "Secret until the reveal" not in _export(world.pm, rid, name).text
    expect_error(world.pm.get(f"/api/retros/{rid}/export/summary.exe"), 422)


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_summary_and_no_more(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    add_card(world.pm, world, "Costs €5 and *bold* [link](x)", 0)
    run_retro(world)
    to_phase(world, "closed")
    r = _export(world.guest, rid, "summary.pdf")
    assert r.headers["content-type"] == "application/pdf"
    assert r.headers["content-disposition"] == 'attachment; filename="sprint-1-retro-summary.pdf"'
    assert r.content.startswith(b"%PDF-")
    text = _pdf_text(r.content)
    for expected in (
        "Sprint 1 retro",
        "Slow delivery",
        "Flaky CI ate two days",
        "Fix the flaky tests",
        "Equal voice",
        "Too few to show",
        # Outside Latin-1 is printed as "?"; the user's own characters are put back as typed.
        "Costs ?5 and *bold* [link](x)",
    ):
        assert expected in " ".join(text.split()), expected
    for hidden in ("Gus Guest", "Tech debt raised"):
        assert hidden not in text
    # Through a share link, the same file.
    share = world.pm.ok("POST", f"/api/retros/{rid}/shares", 201, json={})
    shared = world.outsider.get(
        f"/api/shared/{share['path'].removeprefix('/shared/')}/export/summary.pdf"
    )
    assert shared.status_code == 200
    assert "Slow delivery" in _pdf_text(shared.content)


def test_exports_are_worded_in_the_readers_choice_else_the_teams_language(world: World) -> None:
    rid = world.retro["id"]
    run_retro(world)
    to_phase(world, "closed")
    world.owner.ok("PATCH", f"/api/teams/{world.team_id}", json={"language": "de"})
    german = _export(world.eng, rid, "summary.md").text
    assert "### 1. Slow delivery (3 Stimmen)" in german
    assert "## Maßnahmen" in german
    assert "- **Fix the flaky tests**: Eng, fällig am 31. Jan. 2099 (Offen)" in german
    assert "- Keine Maßnahme liegt bei der Produktseite." in german
    assert "Action items" not in german
    # The web UI asks in the reader's language.
    french = world.eng.get(f"/api/retros/{rid}/export/summary.md?language=fr").text
    assert "## Actions" in french
    assert "échéance le 31 janv. 2099 (Ouverte)" in french
    assert world.eng.get(f"/api/retros/{rid}/export/summary.md?language=xx").status_code == 422
    # A PDF in German keeps its umlauts.
    pdf = world.eng.get(f"/api/retros/{rid}/export/summary.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Maßnahmen" in text
    # A shared link, for people outside the team, reads in the team's language.
    share = world.owner.ok("POST", f"/api/retros/{rid}/shares", 201, json={})
    token = share["path"].rsplit("/", 1)[-1]
    shared = world.outsider.get(f"/api/shared/{token}/export/summary.md").text
    assert "## Maßnahmen" in shared
