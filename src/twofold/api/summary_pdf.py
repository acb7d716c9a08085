"""A retro's closing summary as a PDF, for people who file reports rather than paste them.

The PDF is laid out from the Markdown export (`integrations.markdown_pdf`), so both hold
exactly the same text.
"""

from twofold.api.schemas.summary import ClosingSummary
from twofold.api.summary_exports import markdown
from twofold.integrations.markdown_pdf import pdf_from_markdown


def pdf(s: ClosingSummary) -> bytes:
    return pdf_from_markdown(s.title, markdown(s))
