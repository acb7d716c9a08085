"""Testing any connection, tracker or not: a tracker tests itself; the other vendors (where
summaries are posted or published) each give a check of their own here."""

from collections.abc import Callable

from twofold.domain.connections import CheckStatus, Vendor, VendorSettings
from twofold.integrations.trackers import TRACKERS, open_tracker
from twofold.integrations.wikis import check_wiki

Checker = Callable[[VendorSettings, str, float], tuple[CheckStatus, str]]

CHECKERS: dict[Vendor, Checker] = {
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
