"""Text that leaves Twofold in files: CSV cells a spreadsheet would run, Markdown a card could
turn into markup, and file names safe in a header."""

import csv
import io

import pytest

from twofold.domain.export_text import file_name, markdown_inline, neutralise


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
    ],
)
def test_cells_a_spreadsheet_would_run_start_with_an_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", "Flaky CI", "Costs 3-4 days", "a=b", " =x", "'quoted"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert neutralise(cell) == cell


def test_a_neutralised_cell_survives_the_csv_round_trip() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise('=cmd|"/c calc"!A1'), neutralise("fine, really")])
    [row] = csv.reader(io.StringIO(buffer.getvalue()))
    assert row == ['\'=cmd|"/c calc"!A1', "fine, really"]


def test_markdown_text_cannot_add_markup_or_lines() -> None:
    text = "See [this](javascript:alert(1)) ![i](x.png) <script>*bold* `code` a|b\n# Heading"
    escaped = markdown_inline(text)
    assert "\n" not in escaped
    for raw in ("[this]", "<script>", "*bold*", "`code`", "a|b"):
        assert raw not in escaped
    assert escaped.startswith("See \\[this\\](javascript")
    assert markdown_inline("Plain words, mid-sprint.") == "Plain words, mid-sprint."


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Sprint 12 retro summary", "sprint-12-retro-summary.md"),
        ('Q3 "big" release / ünïcode', "q3-big-release-n-code.md"),
        ("!!!", "summary.md"),
        ("x" * 100, "x" * 60 + ".md"),
    ],
)
def test_file_names_are_plain_ascii(title: str, expected: str) -> None:
    assert file_name(title, "summary", "md") == expected
