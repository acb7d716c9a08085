"""The worker's part in sprint signals: listing the tracker's sprints, and reading the one a
retro picked. A refusal from the tracker (a token revoked, a sprint gone) is the answer and is
kept for the page to show; the tracker being down or limiting requests is tried again by the
outbox, Retry-After respected, the page showing each try's error meanwhile."""

from datetime import UTC, datetime
from typing import Any

from twofold.domain.connections import Connection, JiraSettings
from twofold.domain.sprint_figures import Rules, sprint_figures
from twofold.domain.team_events import SprintListRequested, SprintSignalsRequested
from twofold.integrations.jira import sprints as jira_sprints
from twofold.integrations.jira.client import Account, JiraClient
from twofold.integrations.vendor_http import VendorError, VendorUnavailable, allow_private_addresses
from twofold.services import sprint_fetch
from twofold.services.connections import Secrets
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.worker.runner import Handler


def _jira(connection: Connection) -> JiraSettings:
    """Sprints are read from Jira only (the service asks nothing of another tracker)."""
    assert isinstance(connection.settings, JiraSettings)
    return connection.settings


def _client(connection: Connection, secrets: Secrets, timeout: float) -> JiraClient:
    s = _jira(connection)
    return JiraClient(Account(s.site_url, s.email, secrets.token), timeout)


def sprint_handlers(ctx: Ctx, settings: Settings) -> dict[str, Handler]:
    timeout = settings.integrations_timeout_seconds
    allow_private_addresses(settings.integrations_private_addresses)

    def list_sprints(payload: dict[str, Any]) -> None:
        event = SprintListRequested.from_payload(payload)
        found = sprint_fetch.job(ctx, event.retro_id, event.request_id)
        if found is None:
            return
        connection, secrets = found
        try:
            with _client(connection, secrets, timeout) as client:
                listed = jira_sprints.list_sprints(client, _jira(connection).project_key)
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
        connection, secrets = found
        s = _jira(connection)
        rules = Rules(
            done_statuses=s.done_statuses,
            qa_statuses=s.qa_statuses,
            debt_labels=s.debt_labels,
            debt_issue_types=s.debt_issue_types,
            questions=s.questions,
            question_label=s.question_label,
        )
        at = datetime.now(UTC)
        try:
            with _client(connection, secrets, timeout) as client:
                sprint, issues = jira_sprints.read_sprint(client, s, event.sprint_id)
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
            ctx, event.retro_id, event.request_id, figures, s.questions, at
        )

    return {SprintListRequested.kind: list_sprints, SprintSignalsRequested.kind: read_sprint}
