"""One way to reach any chat channel, whichever vendor it is."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from twofold.domain.channels import Outline, Posted
from twofold.domain.connections import CheckStatus, Vendor, VendorSettings
from twofold.domain.slack import SlackSettings
from twofold.integrations.chat.formats import slack_message, teams_message
from twofold.integrations.chat.slack import SlackClient
from twofold.integrations.chat.teams import TeamsClient


class Channel(Protocol):
    def check(self) -> tuple[CheckStatus, str]: ...
    def post(self, message: dict[str, Any], earlier: Posted | None) -> Posted: ...
    def close(self) -> None: ...


def message_for(vendor: Vendor, outline: Outline) -> dict[str, Any]:
    return slack_message(outline) if vendor == "slack" else teams_message(outline)


@contextmanager
def open_channel(
    vendor: Vendor, settings: VendorSettings, token: str, timeout: float
) -> Iterator[Channel]:
    channel: Channel
    if vendor == "slack":
        assert isinstance(settings, SlackSettings)
        channel = SlackClient(settings, token, timeout)
    else:
        channel = TeamsClient(token, timeout)
    try:
        yield channel
    finally:
        channel.close()


def check_channel(
    vendor: Vendor, settings: VendorSettings, token: str, timeout: float
) -> tuple[CheckStatus, str]:
    with open_channel(vendor, settings, token, timeout) as channel:
        return channel.check()
