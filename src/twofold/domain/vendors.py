"""The tools a team can connect, each with its kind, its settings model and what its connect
form asks for.

One list, read by the connection service (which settings model checks a new connection), the
API (what the Integrations page offers and how its form reads) and the worker (which client
speaks to it). A vendor missing here cannot be connected, whatever `Vendor` spells.
"""

from dataclasses import dataclass
from typing import Any, Literal, get_args, get_origin

from pydantic.fields import FieldInfo

from twofold.domain.confluence import ConfluenceSettings
from twofold.domain.connections import (
    ConnectionKind,
    JiraSettings,
    Vendor,
    VendorSettings,
)
from twofold.domain.errors import Invalid
from twofold.domain.github import GitHubSettings
from twofold.domain.linear import LinearSettings
from twofold.domain.notion import NotionSettings
from twofold.domain.slack import SlackSettings
from twofold.domain.teams import TeamsSettings

InputKind = Literal["text", "url", "email", "list", "bool", "choice"]


@dataclass(frozen=True)
class VendorSpec:
    vendor: Vendor
    name: str
    kind: ConnectionKind
    settings: type[VendorSettings]
    token_label: str
    token_help: str
    webhook_help: str | None
    """How the vendor's webhook is set up with its secret; None: the vendor sends none that
    Twofold reads, and the form asks for no secret."""


JIRA = VendorSpec(
    vendor="jira",
    name="Jira",
    kind="tracker",
    settings=JiraSettings,
    token_label="API token",
    token_help="Made at id.atlassian.com for that account.",
    webhook_help=(
        "A Jira administrator adds the URL under System → WebHooks with the same secret, for "
        "Issue updated events."
    ),
)

GITHUB = VendorSpec(
    vendor="github",
    name="GitHub",
    kind="tracker",
    settings=GitHubSettings,
    token_label="Fine-grained personal access token",
    token_help=(
        "Made under Settings → Developer settings → Fine-grained tokens, for this repository "
        "only, with Issues: Read and write and Metadata: Read."
    ),
    webhook_help=(
        "A repository admin adds the URL under Settings → Webhooks, content type "
        "application/json, with the same secret, for Issues events only."
    ),
)

SLACK = VendorSpec(
    vendor="slack",
    name="Slack",
    kind="channel",
    settings=SlackSettings,
    token_label="Webhook address or bot token",
    token_help="An incoming webhook's address (https://hooks.slack.com/…), or a bot token "
    "(xoxb-…) with the chat:write scope.",
    webhook_help=None,
)
TEAMS = VendorSpec(
    vendor="teams",
    name="Microsoft Teams",
    kind="channel",
    settings=TeamsSettings,
    token_label="Workflow webhook address",
    token_help="The HTTP address of the channel's workflow “Post to a channel when a webhook "
    "request is received”.",
    webhook_help=None,
)

LINEAR = VendorSpec(
    vendor="linear",
    name="Linear",
    kind="tracker",
    settings=LinearSettings,
    token_label="Personal API key",
    token_help=(
        "Made under Settings → Account → Security & access → Personal API keys, by a member of "
        "the team; it acts as that member."
    ),
    webhook_help=(
        "A Linear workspace admin adds the URL under Settings → API → Webhooks for the team, "
        "with Issues as the data change event, and pastes the signing secret Linear shows there."
    ),
)

CONFLUENCE = VendorSpec(
    vendor="confluence",
    name="Confluence",
    kind="wiki",
    settings=ConfluenceSettings,
    token_label="API token",
    token_help="Made at id.atlassian.com for that account, which may add pages in the space.",
    webhook_help=None,
)

NOTION = VendorSpec(
    vendor="notion",
    name="Notion",
    kind="wiki",
    settings=NotionSettings,
    token_label="Internal integration secret",
    token_help=(
        "From notion.so/profile/integrations: an internal integration with read, update and "
        "insert content; then share the parent page with it."
    ),
    webhook_help=None,
)

VENDORS: dict[str, VendorSpec] = {
    spec.vendor: spec for spec in (JIRA, LINEAR, GITHUB, SLACK, TEAMS, CONFLUENCE, NOTION)
}


def spec_of(vendor: str) -> VendorSpec:
    found = VENDORS.get(vendor)
    if found is None:
        names = ", ".join(s.name for s in VENDORS.values())
        raise Invalid(
            f"Twofold cannot connect to {vendor!r}; it connects to {names}.",
            code="unknown_vendor",
            params={"vendor": vendor},
        )
    return found


@dataclass(frozen=True)
class FormField:
    """One field of a vendor's connect form, read off its settings model."""

    name: str
    label: str
    help: str
    input: InputKind
    required: bool
    default: Any
    placeholder: str
    options: tuple[str, ...] = ()
    """The values a `choice` takes."""


def _input(name: str, info: FieldInfo) -> InputKind:
    annotation = info.annotation
    if annotation is bool:
        return "bool"
    if get_origin(annotation) is Literal:
        return "choice"
    if get_origin(annotation) in (tuple, list) or annotation in (tuple, list):
        return "list"
    if name.endswith("url"):
        return "url"
    if name == "email" or name.endswith("_email"):
        return "email"
    return "text"


def form_fields(spec: VendorSpec) -> list[FormField]:
    """The form's fields, where and how first and the yes/no choices last."""
    out = []
    for name, info in spec.settings.model_fields.items():
        required = info.is_required()
        default = None if required else info.get_default(call_default_factory=True)
        if isinstance(default, tuple):
            default = list(default)
        out.append(
            FormField(
                name=name,
                label=info.title or name.replace("_", " ").capitalize(),
                help=info.description or "",
                input=_input(name, info),
                required=required,
                default=default,
                placeholder=str(info.examples[0]) if info.examples else "",
                options=tuple(str(v) for v in get_args(info.annotation))
                if get_origin(info.annotation) is Literal
                else (),
            )
        )
    return sorted(out, key=lambda f: f.input == "bool")
