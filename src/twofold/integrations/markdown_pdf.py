"""Markdown that Twofold wrote itself laid out as a PDF, line by line, so a PDF export holds
exactly the text of its Markdown twin: whatever one leaves out, so does the other. Only the
marks our exports use are understood (headings, bold, list items, tables, a line in italics).
It uses the PDF core fonts, which cover Latin-1: typographic quotes and dashes (common in
German and French) are folded to their plain forms, any other character outside it is printed
as "?".
"""

import re
from collections.abc import Callable

from fpdf import FPDF

_BOLD = re.compile(r"(?<!\\)\*\*")
_ESCAPED = re.compile(r"\\(.)")
_RULE = re.compile(r"^\|(\s*-+\s*\|)+$")
_HEADINGS = {"# ": 18.0, "## ": 14.0, "### ": 12.0}
_FOLDED = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
     "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u202f": " ", "\u2009": " "}
)  # fmt: skip


def plain(text: str) -> str:
    """Our own Markdown marks dropped, the user's escaped characters put back as typed."""
    text = _ESCAPED.sub(r"\1", _BOLD.sub("", text)).translate(_FOLDED)
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf_from_markdown(title: str, text: str, after: Callable[[FPDF], None] | None = None) -> bytes:
    """`after` draws on the document once the text is laid out (a report's charts)."""
    doc = FPDF(format="A4")
    doc.set_title(plain(title))
    doc.set_creator("Twofold")
    doc.set_auto_page_break(auto=True, margin=15)
    doc.add_page()
    width = doc.w - doc.l_margin - doc.r_margin
    for line in text.splitlines():
        doc.set_x(doc.l_margin)
        heading = next((size for mark, size in _HEADINGS.items() if line.startswith(mark)), None)
        if heading is not None:
            doc.set_font("Helvetica", "B", heading)
            doc.multi_cell(width, heading * 0.5, plain(line.split(" ", 1)[1]))
            doc.ln(1)
        elif not line.strip():
            doc.ln(2)
        elif _RULE.match(line.strip()):
            continue
        elif line.startswith("|"):
            cells = [plain(c.strip()) for c in line.strip().strip("|").split(" | ")]
            doc.set_font("Helvetica", "", 10)
            doc.multi_cell(width, 5, "   ".join(cells))
        elif line.startswith("- "):
            doc.set_font("Helvetica", "", 10)
            doc.multi_cell(width, 5, "-  " + plain(line[2:]))
        else:
            italic = line.startswith("_") and line.endswith("_")
            doc.set_font("Helvetica", "I" if italic else "", 10)
            doc.multi_cell(width, 5, plain(line.strip("_") if italic else line.rstrip()))
    if after is not None:
        after(doc)
    return bytes(doc.output())
