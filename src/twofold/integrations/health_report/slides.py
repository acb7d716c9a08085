"""The report as a PowerPoint deck. Charts are native chart objects with their data embedded,
not pictures, so whoever presents can restyle them, or fix a figure, in PowerPoint, Keynote or
LibreOffice. A chart with nothing to draw becomes a line saying so: an empty chart reads as a
broken one."""

import io
import re
from collections.abc import Sequence
from typing import cast

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from twofold.domain.health_report import HealthReport, Point
from twofold.domain.words import N_
from twofold.integrations.health_report.charts import (
    DEBT_SERIES,
    SIGNAL_SERIES,
    debt_title,
    radar_series,
)
from twofold.integrations.health_report.markdown import measured, number, percent, priority, side

TITLE_ONLY = 5
LEFT, TOP = Inches(0.5), Inches(1.4)
WIDE, HIGH = Inches(12.3), Inches(5.6)
HALF = Inches(6.0)

ACTION_SERIES = (N_("Agreed"), N_("Done"))
# Characters XML 1.0 cannot hold. Text boxes escape them, but a chart's embedded data does not,
# and a retro's title (a chart category) is whatever someone typed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _slide(deck: Deck, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    heading = slide.shapes.title
    assert heading is not None  # the title-only layout has one
    heading.text = title
    _span(deck, heading)
    return cast(Slide, slide)


def _span(deck: Deck, shape: BaseShape) -> None:
    """The default layouts are drawn for 4:3; placeholders are widened to the 16:9 slide."""
    shape.left = LEFT
    shape.width = Emu(deck.slide_width - 2 * LEFT)


def _text(
    slide: Slide, lines: Sequence[str], left: Length, top: Length, width: Length, height: Length
) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(16)


def _chart(
    slide: Slide,
    kind: XL_CHART_TYPE,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    box: tuple[Length, Length, Length, Length],
) -> None:
    data = CategoryChartData(number_format="0.0")  # type: ignore[no-untyped-call]
    data.categories = [_NOT_XML.sub("", c) for c in categories]
    for name, values in series:
        data.add_series(name, list(values))  # type: ignore[no-untyped-call]
    # python-pptx types its chart data as the base class that category data derives from in
    # all but name, and the frame it returns as a plain shape.
    frame = slide.shapes.add_chart(kind, *box, data)  # type: ignore[arg-type]
    chart = frame.chart  # type: ignore[attr-defined]
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False


def _table(
    slide: Slide, rows: Sequence[Sequence[str]], box: tuple[Length, Length, Length, Length]
) -> None:
    table = slide.shapes.add_table(len(rows), len(rows[0]), *box).table
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(10)


def _title(deck: Deck, r: HealthReport) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    assert slide.shapes.title is not None
    slide.shapes.title.text = r.title
    subtitle = slide.placeholders[1]
    _span(deck, slide.shapes.title)
    _span(deck, subtitle)
    subtitle.text = r.words.ngettext(
        "{period} · {count} sprint", "{period} · {count} sprints", len(r.sprints), period=r.period
    )


def _signals(deck: Deck, r: HealthReport) -> None:
    w = r.words
    slide = _slide(deck, w._("Sprint signals vs thresholds"))
    if not r.signals:
        _text(slide, [w._("No signals were recorded in this period.")], LEFT, TOP, WIDE, HIGH)
        return
    limited = [s for s in r.signals if s.limit is not None]
    if limited:
        _chart(
            slide,
            XL_CHART_TYPE.BAR_CLUSTERED,
            [s.name for s in limited],
            [
                (w.known(SIGNAL_SERIES[0]), [s.average for s in limited]),
                (w.known(SIGNAL_SERIES[1]), [s.limit for s in limited]),
            ],
            (LEFT, TOP, HALF, HIGH),
        )
    else:
        _text(slide, [w._("None of these signals has a healthy limit.")], LEFT, TOP, HALF, HIGH)
    heads = [w._("Signal"), w._("Average"), w._("Latest"), w._("Healthy"), w._("Flagged")]
    rows = [heads] + [
        [
            s.name,
            measured(w, s, s.average),
            measured(w, s, s.latest),
            s.limit_words,
            w._("{flagged} of {count}", flagged=s.flagged_in, count=len(r.sprints)),
        ]
        for s in r.signals
    ]
    _table(slide, rows, (Inches(6.7), TOP, HALF, Emu(Inches(0.4) * len(rows))))


def _changes(deck: Deck, r: HealthReport) -> None:
    w = r.words
    slide = _slide(deck, w._("What changed"))
    lines = list(r.changes) or [
        w._("Too few sprints with figures to compare the period's start and end.")
    ]
    _text(slide, lines, LEFT, TOP, WIDE, HIGH)


def _debt(deck: Deck, r: HealthReport) -> None:
    w, d = r.words, r.debt
    slide = _slide(deck, debt_title(w, d.target))
    summary = w.ngettext(
        "{average} of capacity on debt on average; below target in {below} of {count} sprint.",
        "{average} of capacity on debt on average; below target in {below} of {count} sprints.",
        d.known,
        average=percent(w, None if d.average is None else d.average / 100),
        below=d.below_target,
    )
    _text(slide, [summary], LEFT, Inches(1.2), WIDE, Inches(0.5))
    box = (LEFT, Inches(1.8), HALF, Inches(5.2))
    if r.sprints and d.known:
        _chart(
            slide,
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            r.sprints,
            [
                (w.known(DEBT_SERIES[0]), d.per_sprint),
                (w.known(DEBT_SERIES[1]), [d.target] * len(r.sprints)),
            ],
            box,
        )
    else:
        _text(slide, [w._("No sprint recorded its debt share.")], *box)
    heads = [
        w._("Top debt item"),
        w._("PM impact"),
        w._("Eng drag h"),
        w._("Eng effort"),
        w._("Priority"),
    ]
    rows = [heads] + [
        [
            t.title,
            number(w, t.impact),
            number(w, t.drag_hours),
            number(w, t.effort),
            priority(w, t.priority),
        ]
        for t in r.top_debt
    ]
    if r.top_debt:
        _table(slide, rows, (Inches(6.7), Inches(1.8), HALF, Emu(Inches(0.4) * len(rows))))
    else:
        _text(
            slide,
            [w._("No debt item has both sides' scores yet.")],
            Inches(6.7),
            Inches(1.8),
            HALF,
            HIGH,
        )


def _actions(deck: Deck, r: HealthReport) -> None:
    w, f = r.words, r.follow_through
    slide = _slide(deck, w._("Action follow-through"))
    _text(
        slide,
        [
            w.ngettext(
                "{done} of {count} agreed action done ({rate}); {dropped} dropped, {open} still "
                "open.",
                "{done} of {count} agreed actions done ({rate}); {dropped} dropped, {open} still "
                "open.",
                f.agreed,
                done=f.done,
                rate=percent(w, f.rate),
                dropped=f.dropped,
                open=f.still_open,
            ),
            w._("Median days to done: {median}.", median=number(w, r.median_days_to_done)),
        ],
        LEFT,
        Inches(1.2),
        WIDE,
        Inches(0.8),
    )
    box = (LEFT, Inches(2.1), WIDE, Inches(4.9))
    if r.sprints:
        _chart(
            slide,
            XL_CHART_TYPE.COLUMN_CLUSTERED,
            r.sprints,
            [
                (w.known(ACTION_SERIES[0]), [float(a) for a, _ in r.actions_by_sprint]),
                (w.known(ACTION_SERIES[1]), [float(d) for _, d in r.actions_by_sprint]),
            ],
            box,
        )


def _radar(deck: Deck, r: HealthReport) -> None:
    w = r.words
    slide = _slide(deck, w._("Health radar by side"))
    if not r.radar.sides:
        _text(
            slide,
            [w._("Too few radar answers in this period to show either side.")],
            LEFT,
            TOP,
            WIDE,
            HIGH,
        )
        return
    series = [(name, list(values)) for name, values in radar_series(r)]
    _chart(
        slide,
        XL_CHART_TYPE.RADAR_MARKERS,
        [line.label for line in r.radar.lines],
        series,
        (LEFT, TOP, HALF, HIGH),
    )
    rows = [[w._("Dimension"), w._("Product"), w._("Engineering")]] + [
        [line.label, side(w, line.product), side(w, line.engineering)] for line in r.radar.lines
    ]
    _table(slide, rows, (Inches(6.7), TOP, HALF, Emu(Inches(0.4) * len(rows))))


def _points(points: Sequence[Point], none: str) -> list[str]:
    return [p.text for p in points] or [none]


def _wins_and_risks(deck: Deck, r: HealthReport) -> None:
    w = r.words
    slide = _slide(deck, w._("Wins and risks"))
    wins = [w._("Wins"), *_points(r.wins, w._("No wins stood out."))]
    risks = [w._("Risks"), *_points(r.risks, w._("No risks stood out."))]
    _text(slide, wins, LEFT, TOP, HALF, HIGH)
    _text(slide, risks, Inches(6.7), TOP, HALF, HIGH)


def slides(r: HealthReport) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    _title(deck, r)
    _signals(deck, r)
    _changes(deck, r)
    _debt(deck, r)
    _actions(deck, r)
    _radar(deck, r)
    _wins_and_risks(deck, r)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
