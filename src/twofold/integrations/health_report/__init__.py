"""The Tech Health report drawn in each format it travels in: slides with native charts people
can edit, a PDF to file, and Markdown to paste. All three are drawn from one
`domain.health_report.HealthReport`, so they hold the same figures."""

from twofold.domain.health_report import HealthReport, ReportFormat
from twofold.integrations.health_report.markdown import markdown
from twofold.integrations.health_report.pdf import pdf
from twofold.integrations.health_report.slides import slides


def render(report: HealthReport, fmt: ReportFormat) -> bytes:
    if fmt is ReportFormat.PPTX:
        return slides(report)
    if fmt is ReportFormat.PDF:
        return pdf(report)
    return markdown(report).encode()
