"""The Tech Health report drawn in each format it travels in: slides with native charts people
can edit, a PDF to file, and Markdown to paste. All three are drawn from one
`domain.health_report.HealthReport`, so they hold the same figures."""

from twofold.domain.health_report import HealthReport, ReportFormat
from twofold.integrations.health_report.markdown import markdown


def render(report: HealthReport, fmt: ReportFormat) -> bytes:
    # The slide and PDF libraries are imported when first drawn with: together they cost every
    # process start (the web app's, each CLI command's) about a third of a second.
    if fmt is ReportFormat.PPTX:
        from twofold.integrations.health_report.slides import slides

        return slides(report)
    if fmt is ReportFormat.PDF:
        from twofold.integrations.health_report.pdf import pdf

        return pdf(report)
    return markdown(report).encode()
