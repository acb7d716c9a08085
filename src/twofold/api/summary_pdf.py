"""A retro's closing summary as a PDF, for people who file reports rather than paste them.

The PDF is laid out from the Markdown export (`integrations.markdown_pdf`), so both hold
exactly the same text.
"""

from twofold.api.schemas.summary import ClosingSummary
from twofold.api.summary_exports import markdown
from twofold.domain.vocab import TextLanguage


def pdf(s: ClosingSummary, language: TextLanguage = TextLanguage.EN) -> bytes:
    # Imported when first drawn with: the PDF library costs every start of the app a third of a
    # second, and most never make a PDF.
    from twofold.integrations.markdown_pdf import pdf_from_markdown

    return pdf_from_markdown(s.title, markdown(s, language))
