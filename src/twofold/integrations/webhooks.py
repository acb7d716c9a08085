"""Reading a tracker's webhook, whichever the tracker: each vendor checks the request's
signature its own way and says which tickets' statuses it reports."""

from collections.abc import Callable, Mapping

from twofold.domain.connections import JiraSettings, RemoteStatus, Vendor, VendorSettings
from twofold.domain.github import GitHubSettings
from twofold.domain.linear import LinearSettings
from twofold.integrations.github import webhook as github_webhook
from twofold.integrations.jira import issues, webhook
from twofold.integrations.linear import issues as linear_issues
from twofold.integrations.linear import webhook as linear_webhook

WebhookReader = Callable[[VendorSettings, str, bytes, Mapping[str, str]], list[RemoteStatus] | None]
"""From the connection's settings, its webhook secret, the raw body and the headers (names in
lower case): the statuses reported, or None when the signature does not match."""


def _jira(
    settings: VendorSettings, secret: str, body: bytes, headers: Mapping[str, str]
) -> list[RemoteStatus] | None:
    assert isinstance(settings, JiraSettings)
    if not webhook.verified(secret, body, headers.get("x-hub-signature")):
        return None
    seen = webhook.status_change(body)
    return [issues.remote_status(settings, seen)] if seen is not None else []


def _github(
    settings: VendorSettings, secret: str, body: bytes, headers: Mapping[str, str]
) -> list[RemoteStatus] | None:
    assert isinstance(settings, GitHubSettings)
    if not github_webhook.verified(secret, body, headers.get("x-hub-signature-256")):
        return None
    event = headers.get("x-github-event")
    seen = github_webhook.status_change(event, body, settings.repository)
    return [seen] if seen is not None else []


def _linear(
    settings: VendorSettings, secret: str, body: bytes, headers: Mapping[str, str]
) -> list[RemoteStatus] | None:
    assert isinstance(settings, LinearSettings)
    if not linear_webhook.verified(secret, body, headers.get("linear-signature")):
        return None
    seen = linear_webhook.state_change(body)
    return [linear_issues.remote_status(settings, seen)] if seen is not None else []


READERS: dict[Vendor, WebhookReader] = {"jira": _jira, "linear": _linear, "github": _github}


def read_webhook(
    vendor: Vendor,
    settings: VendorSettings,
    secret: str,
    body: bytes,
    headers: Mapping[str, str],
) -> list[RemoteStatus] | None:
    reader = READERS.get(vendor)
    return reader(settings, secret, body, headers) if reader else None
