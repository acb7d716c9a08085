"""The worker's part in Tech Health reports: draw the report a team event asks for."""

from typing import Any

from twofold.domain.team_events import ReportRequested
from twofold.services.context import Ctx
from twofold.services.health_reports import ReportFiles, do_render_report
from twofold.worker.runner import Handler


def report_handler(ctx: Ctx, files: ReportFiles, then: Handler) -> Handler:
    """Draws the report, then tells whoever subscribes to the event. A failed drawing is kept
    on the report job (people retry it from there), so the outbox row is done either way; only
    the database being away makes the row be tried again."""

    def handle(payload: dict[str, Any]) -> None:
        event = ReportRequested.from_payload(payload)
        do_render_report(ctx, event.report_id, files, event.language)
        then(payload)

    return handle
