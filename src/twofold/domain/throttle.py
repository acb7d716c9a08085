"""How long someone must wait after failed password checks.

Failures are counted per key (an account and address pair, an address, a known device, or an
account's own password checks in Settings). A few failures are free; after that each new
failure doubles the wait, up to a ceiling. Nothing is ever locked outright, so a stranger
guessing at an account slows only the keys they fail on, never its owner's own known browser.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

MEMORY = timedelta(hours=24)
"""Failures older than this are forgotten."""


@dataclass(frozen=True)
class Rule:
    free: int
    """Failures allowed before any wait."""
    first_wait: float
    """Seconds to wait after the first failure beyond the free ones; each later one doubles it."""
    longest_wait: float

    def wait_after(self, failures: int) -> float:
        """Seconds the next attempt must wait after the latest of `failures` failures."""
        if failures < self.free:
            return 0.0
        # Capped before the power grows huge (the exponent is bounded by the ceiling anyway).
        doublings = min(failures - self.free, 32)
        return min(self.longest_wait, self.first_wait * 2.0**doublings)

    def seconds_left(self, failures: int, latest: datetime | None, now: datetime) -> int:
        """Whole seconds still to wait at `now` (0: go ahead)."""
        if latest is None:
            return 0
        left = (latest + timedelta(seconds=self.wait_after(failures)) - now).total_seconds()
        return max(0, math.ceil(left))


# One browser guessing at one account: five tries, then 30 s, 1 min, 2 min ... up to an hour.
PAIR = Rule(free=5, first_wait=30, longest_wait=3600)
# Everyone behind one address (an office, a VPN): more room before anyone waits.
ADDRESS = Rule(free=20, first_wait=30, longest_wait=3600)
# A browser that signed in to the account before: counted on its own, wherever it is.
DEVICE = Rule(free=5, first_wait=30, longest_wait=3600)
# Password checks of a signed-in account (changing its email or password).
ACCOUNT_CHECK = Rule(free=5, first_wait=30, longest_wait=3600)
