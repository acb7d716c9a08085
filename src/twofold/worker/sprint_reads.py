"""The worker's part in sprint signals: listing the tracker's sprints (Jira sprints, Linear
cycles, GitHub milestones), and reading the one a retro picked. Each tracker is opened through
`integrations.sprint_readers`, so the steps below are the same for every vendor. A refusal
from the tracker (a token revoked, a sprint gone) is the answer and is kept for the page to
show; the tracker being down or limiting requests is tried again by the outbox, Retry-After
respected, the page showing each try's error meanwhile."""

from datetime import UTC, datetime
from typing import Any

from twofold.domain.connections import Connection
from twofold.domain.sprint_figures import sprint_figures
from twofold.domain.team_events import SprintListRequested, SprintSignalsRequested
from twofold.integrations.sprint_readers import SprintReader, open_sprint_reader
from twofold.integrations.vendor_http import VendorError, VendorUnavailable
from twofold.services import sprint_fetch
from twofold.services.connections import Secrets
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.worker.runner import Handler


def sprint_handlers(ctx: Ctx, settings: Settings) -> dict[str, Handler]:
    """Private addresses are allowed (or not) once, where the worker is set up."""
    timeout = settings.integrations_timeout_seconds

    def reader(connection: Connection, secrets: Secrets) -> SprintReader:
        return open_sprint_reader(connection.vendor, connection.settings, secrets.token, timeout)

    def list_sprints(payload: dict[str, Any]) -> None:
        event = SprintListRequested.from_payload(payload)
        found = sprint_fetch.job(ctx, event.retro_id, event.request_id)
        if found is None:
            return
        try:
            with reader(*found) as tracker:
                listed = tracker.list_sprints()
        except VendorUnavailable:
            raise
        except VendorError as exc:
            sprint_fetch.do_record_failure(ctx, event.retro_id, event.request_id, exc.message)
            return
        sprint_fetch.do_record_sprints(ctx, event.retro_id, event.request_id, listed)

    def read_sprint(payload: dict[str, Any]) -> None:
        event = SprintSignalsRequested.from_payload(payload)
        found = sprint_fetch.job(ctx, event.retro_id, event.request_id)
        if found is None:
            return
        at = datetime.now(UTC)
        try:
            with reader(*found) as tracker:
                rules = tracker.rules()
                sprint, issues = tracker.read_sprint(event.sprint_id)
            figures = sprint_figures(sprint, issues, rules, at)
        except VendorUnavailable:
            raise
        except VendorError as exc:
            sprint_fetch.do_record_failure(ctx, event.retro_id, event.request_id, exc.message)
            return
        except ValueError as exc:  # a sprint not started: nothing to count
            sprint_fetch.do_record_failure(ctx, event.retro_id, event.request_id, str(exc))
            return
        sprint_fetch.do_apply_figures(
            ctx, event.retro_id, event.request_id, figures, rules.questions, at
        )

    return {SprintListRequested.kind: list_sprints, SprintSignalsRequested.kind: read_sprint}
