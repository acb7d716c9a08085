"""A team's Microsoft Teams channel: a Workflows webhook (or a classic incoming webhook) that
takes a message carrying an Adaptive Card. The token is the webhook's address, a secret (anyone
holding it can post); Teams sends back no id for the message, so a summary published again is
a new message."""

from twofold.domain.channels import ChannelSettings, https_on

WEBHOOK_HOSTS = (
    ".logic.azure.com",
    ".powerautomate.com",
    ".powerplatform.com",
    ".webhook.office.com",
)
"""Where Teams webhooks live: Power Automate workflows (the current way), and the classic
Office 365 connector webhooks that Microsoft is retiring."""


class TeamsSettings(ChannelSettings):
    def where(self) -> str:
        return "a Teams workflow"

    def token_problem(self, token: str, any_host: bool) -> str | None:
        if not https_on(token, WEBHOOK_HOSTS, any_host):
            return (
                "Give the workflow's HTTP address (https://…logic.azure.com/… or "
                "…powerplatform.com/…) from the Teams workflow “Post to a channel when a "
                "webhook request is received”."
            )
        return None
