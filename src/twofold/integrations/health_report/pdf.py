"""The report as a PDF, laid out from its Markdown so the two hold the same text, followed by
the charts the slides show, drawn as plain bars (the core PDF has no chart objects; lines and
rectangles print and read alike everywhere)."""

from collections.abc import Callable

from fpdf import FPDF

from twofold.domain.health_report import HealthReport
from twofold.domain.trend_words import figure
from twofold.domain.words import Words
from twofold.integrations.health_report.charts import Chart, charts
from twofold.integrations.health_report.markdown import markdown
from twofold.integrations.markdown_pdf import pdf_from_markdown, plain

COLOURS = ((46, 109, 180), (230, 140, 40), (90, 160, 90))
LABEL_WIDTH = 60.0
BAR_HEIGHT = 4.0
GAP = 3.0


def _legend(doc: FPDF, chart: Chart) -> None:
    doc.set_font("Helvetica", "", 9)
    x = doc.l_margin
    for (name, _), colour in zip(chart.series, COLOURS, strict=False):
        doc.set_fill_color(*colour)
        doc.rect(x, doc.get_y() + 1, 4, 3, style="F")
        doc.set_xy(x + 5, doc.get_y())
        doc.cell(40, 5, plain(name))
        x += 45
    doc.ln(7)


def _bars(doc: FPDF, chart: Chart, w: Words) -> None:
    """Grouped horizontal bars, one group per category, scaled to the chart's largest figure;
    a figure that is missing is written as "n/a" rather than drawn as zero."""
    figures = [v for _, values in chart.series for v in values if v is not None]
    largest = max((abs(v) for v in figures), default=0.0) or 1.0
    room = doc.w - doc.l_margin - doc.r_margin - LABEL_WIDTH - 20
    group = BAR_HEIGHT * len(chart.series) + GAP
    if doc.get_y() + 20 + group * min(len(chart.categories), 3) > doc.h - doc.b_margin:
        doc.add_page()
    doc.set_font("Helvetica", "B", 12)
    doc.set_x(doc.l_margin)
    doc.cell(0, 7, plain(chart.title), new_x="LMARGIN", new_y="NEXT")
    _legend(doc, chart)
    left = doc.l_margin + LABEL_WIDTH
    for index, category in enumerate(chart.categories):
        if doc.get_y() + group > doc.h - doc.b_margin:
            doc.add_page()
        top = doc.get_y()
        doc.set_font("Helvetica", "", 9)
        doc.set_xy(doc.l_margin, top)
        doc.cell(LABEL_WIDTH - 2, BAR_HEIGHT * len(chart.series), plain(category)[:38])
        for row, ((_, values), colour) in enumerate(zip(chart.series, COLOURS, strict=False)):
            y = top + row * BAR_HEIGHT
            value = values[index] if index < len(values) else None
            doc.set_xy(left, y)
            if value is None:
                doc.set_font("Helvetica", "I", 8)
                doc.cell(20, BAR_HEIGHT, plain(w._("n/a")))
                continue
            length = max(room * abs(value) / largest, 0.3)
            doc.set_fill_color(*colour)
            doc.rect(left, y + 0.4, length, BAR_HEIGHT - 0.8, style="F")
            doc.set_xy(left + length + 1, y)
            doc.set_font("Helvetica", "", 8)
            doc.cell(20, BAR_HEIGHT, figure(value, w))
        doc.set_draw_color(160, 160, 160)
        doc.line(left, top, left, top + BAR_HEIGHT * len(chart.series))
        doc.set_y(top + group)
    doc.ln(4)


def _charts(report: HealthReport) -> Callable[[FPDF], None]:
    def draw(doc: FPDF) -> None:
        found = charts(report)
        if not found:
            return
        doc.add_page()
        doc.set_font("Helvetica", "B", 14)
        doc.cell(0, 8, plain(report.words._("Charts")), new_x="LMARGIN", new_y="NEXT")
        doc.ln(2)
        for chart in found:
            _bars(doc, chart, report.words)

    return draw


def pdf(report: HealthReport) -> bytes:
    return pdf_from_markdown(report.title, markdown(report), _charts(report))
