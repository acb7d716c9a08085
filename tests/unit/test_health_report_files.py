"""The report drawn in each format from one model: user text that is awkward for a format (a
control character in a chart category, Markdown marks, characters outside Latin-1) is carried
safely, and every format holds the same figures."""

import io
from datetime import date

from pptx import Presentation
from pypdf import PdfReader

from twofold.domain.health_report import (
    DebtLine,
    HealthReport,
    ReportFormat,
    SprintFigures,
    TopicSeen,
    assemble,
)
from twofold.domain.signals import Thresholds
from twofold.domain.trends import FollowThrough, Metric
from twofold.domain.vocab import Polarity, TextLanguage
from twofold.integrations.health_report import render


def _report(language: TextLanguage = TextLanguage.EN) -> HealthReport:
    sprints = [
        SprintFigures(
            f"Sprint\x01 {n}", None, {Metric.DEBT_SHARE: share, Metric.REWORK_DAYS: 2.0}, 3, n
        )
        for n, share in ((1, 12.0), (2, 24.0))
    ]
    return assemble(
        team_name="Ops | *Core* 🚀",
        period=(date(2026, 3, 2), date(2026, 3, 27)),
        sprints=sprints,
        thresholds=Thresholds(),
        changes=[],
        follow_through=FollowThrough(6, 3, 1, 2),
        median_days_to_done=4.5,
        top_debt=[DebtLine("Retry | storm *now*", 5, 6.0, 3, 1.24)],
        radars=[],
        topics=[TopicSeen("Pairing <b>works</b>", 4, Polarity.WENT_WELL, "Sprint 2")],
        language=language,
    )


def _bare(sprints: list[SprintFigures]) -> HealthReport:
    """A report of these sprints and nothing else: no period, debt, actions, radar or topics."""
    return assemble(
        team_name="Alpha",
        period=(None, None),
        sprints=sprints,
        thresholds=Thresholds(),
        changes=[],
        follow_through=FollowThrough(0, 0, 0, 0),
        median_days_to_done=None,
        top_debt=[],
        radars=[],
        topics=[],
    )


def test_slides_carry_awkward_text_and_the_figures() -> None:
    deck = Presentation(io.BytesIO(render(_report(), ReportFormat.PPTX)))
    charts = [sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart]
    debt = next(c for c in charts if c.series[0].name == "Debt share %")
    assert list(debt.plots[0].categories) == ["Sprint 1", "Sprint 2"]
    assert list(debt.series[0].values) == [12.0, 24.0]
    assert deck.slides[0].shapes.title.text == "Tech Health report: Ops | *Core* 🚀"
    texts = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    assert "3 of 6 agreed actions done (50%); 1 dropped, 2 still open." in "\n".join(texts)
    assert "Pairing <b>works</b> (4 votes, Sprint 2)" in "\n".join(texts)


def test_markdown_escapes_what_people_typed() -> None:
    text = render(_report(), ReportFormat.MD).decode()
    assert text.startswith("# Tech Health report: Ops \\| \\*Core\\* 🚀\n")
    assert "| Retry \\| storm \\*now\\* | 5 | 6 | 3 | 1.24 |" in text
    assert "- Pairing \\<b\\>works\\</b\\> (4 votes, Sprint 2)" in text
    assert "**Capacity spent on debt:** 18% on average (target 20%)" in text


def test_the_pdf_holds_the_markdowns_text() -> None:
    reader = PdfReader(io.BytesIO(render(_report(), ReportFormat.PDF)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The core fonts cover Latin-1: the rocket is a question mark, the rest as typed.
    assert "Tech Health report: Ops | *Core* ?" in text
    assert "Retry | storm *now*" in text
    assert "Done: 3 of 6 agreed (50%); dropped 1; still open 2. Median days to done: 4.5." in text


def test_signals_without_a_limit_are_still_listed() -> None:
    sprint = SprintFigures("S1", None, {Metric.STORIES_REMOVED: 2.0}, 0, 0)
    report = _bare([sprint])
    deck = Presentation(io.BytesIO(render(report, ReportFormat.PPTX)))
    signals = deck.slides[1]
    assert not any(sh.has_chart for sh in signals.shapes)
    [table] = [sh.table for sh in signals.shapes if sh.has_table]
    assert [table.cell(1, c).text for c in range(5)] == [
        "Stories removed after the start",
        "2 per sprint",
        "2 per sprint",
        "no limit set",
        "0 of 1",
    ]


def _filled_rectangles(page: object) -> int:
    contents = page.get_contents()  # type: ignore[attr-defined]
    return contents.get_data().decode("latin-1").count(" re f")  # type: ignore[no-any-return]


def test_the_pdf_draws_the_charts_the_slides_show() -> None:
    reader = PdfReader(io.BytesIO(render(_report(), ReportFormat.PDF)))
    charts = next(p for p in reader.pages if "Charts" in p.extract_text())
    text = charts.extract_text()
    assert "Sprint signals vs thresholds" in text
    assert "Tech debt: capacity vs the 20% target" in text
    assert "Debt share %" in text
    assert "Target %" in text
    for value in ("12", "24", "20"):
        assert value in text
    # Two sprints' debt and target, the rework average and its limit, and a legend swatch for
    # each series of both charts: bars are filled rectangles.
    assert _filled_rectangles(charts) >= 4 + 2 + 4


def test_a_report_with_nothing_to_chart_has_no_chart_page() -> None:
    report = _bare([])
    reader = PdfReader(io.BytesIO(render(report, ReportFormat.PDF)))
    assert not any("Charts" in p.extract_text() for p in reader.pages)
    assert sum(_filled_rectangles(p) for p in reader.pages) == 0


def test_every_format_speaks_the_reports_language() -> None:
    german = render(_report(TextLanguage.DE), ReportFormat.MD).decode()
    assert german.startswith("# Tech-Health-Bericht: Ops \\| \\*Core\\* 🚀\n")
    assert "**Zeitraum:** 2. März 2026 bis 27. März 2026 · **Sprints:** 2" in german
    assert "| Retry \\| storm \\*now\\* | 5 | 6 | 3 | 1,24 |" in german
    assert "- Pairing \\<b\\>works\\</b\\> (4 Stimmen, Sprint 2)" in german
    assert "| Nacharbeit | 2 Tage pro Sprint | 2 Tage pro Sprint | höchstens " in german
    assert "Median der Tage bis erledigt: 4,5." in german
    french = Presentation(io.BytesIO(render(_report(TextLanguage.FR), ReportFormat.PPTX)))
    texts = "\n".join(
        sh.text_frame.text for s in french.slides for sh in s.shapes if sh.has_text_frame
    )
    assert french.slides[0].shapes.title.text == "Rapport Tech Health : Ops | *Core* 🚀"
    assert "3 actions terminées sur 6 convenues (50 %)" in texts
    assert "Pairing <b>works</b> (4 votes, Sprint 2)" in texts
    pdf = PdfReader(io.BytesIO(render(_report(TextLanguage.DE), ReportFormat.PDF)))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Umsetzung der Maßnahmen" in text
    assert "Diagramme" in text
