"""Testing any connection, tracker or not: a tracker tests itself; the other vendors (where
summaries are posted or published) each give a check of their own here."""

from collections.abc import Callable

from twofold.domain.connections import CheckStatus, Vendor, VendorSettings
from twofold.integrations.chat.channels import check_channel
from twofold.integrations.trackers import TRACKERS, open_tracker
from twofold.integrations.wikis import check_wiki

Checker = Callable[[VendorSettings, str, float], tuple[CheckStatus, str]]


def _channel(vendor: Vendor) -> Checker:
    """A chat channel's check: a Slack bot asks Slack (`auth.test`, `conversations.info`); a
    webhook cannot be tested without posting, so its check says so and the first post tests
    it."""

    def checker(settings: VendorSettings, token: str, timeout: float) -> tuple[CheckStatus, str]:
        return check_channel(vendor, settings, token, timeout)

    return checker


CHECKERS: dict[Vendor, Checker] = {
    "slack": _channel("slack"),
    "teams": _channel("teams"),
    "confluence": lambda s, token, timeout: check_wiki("confluence", s, token, timeout),
    "notion": lambda s, token, timeout: check_wiki("notion", s, token, timeout),
}


def check(
    vendor: Vendor, settings: VendorSettings, token: str, timeout: float
) -> tuple[CheckStatus, str]:
    if vendor in TRACKERS:
        with open_tracker(vendor, settings, token, timeout) as tracker:
            return tracker.check()
    return CHECKERS[vendor](settings, token, timeout)
