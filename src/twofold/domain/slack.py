"""A team's Slack channel: an incoming webhook, or a bot that posts and updates its messages.

With a webhook the token is the webhook's address (https://hooks.slack.com/services/...),
bound by Slack to one channel; a message posted that way cannot be changed afterwards, so a
summary published again is a new message. With a bot the token is its bot token (xoxb-...)
with the `chat:write` scope and the channel is named here by id: the bot posts with
`chat.postMessage`, and a summary published again updates that message with `chat.update`.
"""

import re
from typing import Literal

from pydantic import Field, field_validator

from twofold.domain.channels import ChannelSettings, https_on

SLACK_API = "https://slack.com/api"
WEBHOOK_HOSTS = ("hooks.slack.com",)
CHANNEL_ID = r"^[CGD][A-Z0-9]{6,20}$"


class SlackSettings(ChannelSettings):
    mode: Literal["webhook", "bot"] = Field(
        default="webhook",
        title="How Twofold posts",
        description="webhook: the token is an incoming webhook's address. bot: the token is a "
        "bot token (xoxb-…) with chat:write, and a re-published summary updates its message.",
        examples=["webhook"],
    )
    channel: str = Field(
        default="",
        max_length=24,
        title="Channel ID (bot only)",
        description="In Slack: the channel's details, at the bottom. Invite the bot there.",
        examples=["C0123456789"],
    )
    api_url: str = Field(
        default=SLACK_API,
        max_length=200,
        title="Slack API address",
        description="Leave as it is.",
    )

    def where(self) -> str:
        return f"channel {self.channel}" if self.mode == "bot" else "an incoming webhook"

    @field_validator("channel")
    @classmethod
    def _channel(cls, value: str) -> str:
        cleaned = value.strip().upper()
        if cleaned and not re.match(CHANNEL_ID, cleaned):
            raise ValueError("a channel ID is a C, G or D followed by letters and digits")
        return cleaned

    @field_validator("api_url")
    @classmethod
    def _api(cls, value: str) -> str:
        return value.strip().rstrip("/") or SLACK_API

    def token_problem(self, token: str, any_host: bool) -> str | None:
        if self.api_url != SLACK_API and not any_host:
            return "The Slack API address is Slack's own (https://slack.com/api)."
        if self.mode == "bot":
            if not token.startswith("xoxb-"):
                return "A bot token starts with xoxb- (Slack app → OAuth & Permissions)."
            if not self.channel:
                return "Give the channel's ID for the bot to post in."
            return None
        if not https_on(token, WEBHOOK_HOSTS, any_host):
            return "A Slack incoming webhook's address starts with https://hooks.slack.com/."
        return None
