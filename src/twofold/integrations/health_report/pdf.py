"""The report as a PDF, laid out from its Markdown so the two hold the same text."""

from twofold.domain.health_report import HealthReport
from twofold.integrations.health_report.markdown import markdown
from twofold.integrations.markdown_pdf import pdf_from_markdown


def pdf(report: HealthReport) -> bytes:
    return pdf_from_markdown(report.title, markdown(report))
