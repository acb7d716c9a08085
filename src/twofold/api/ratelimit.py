"""Per-client write limits, so one runaway script or browser tab cannot flood a board.

Token buckets held in this process: with several app processes each enforces its own share,
which is enough to stop floods without a round trip to shared storage on every request.
"""

import math
import time
from dataclasses import dataclass
from threading import Lock

from twofold.domain.errors import RateLimited


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class RateLimiter:
    def __init__(self, rate_per_second: float, burst: int, max_keys: int = 50_000) -> None:
        self.rate = rate_per_second
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}
        self._lock = Lock()

    def hit(self, key: str, message: str = "Too many requests; slow down a little.") -> None:
        now = time.monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self.max_keys:
                    self._evict_full(now)
                bucket = self._buckets[key] = _Bucket(float(self.burst), now)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
            if bucket.tokens < 1:
                wait = math.ceil((1 - bucket.tokens) / self.rate)
                raise RateLimited(
                    message,
                    details={"retry_after": max(1, wait)},
                    params={"retry_after": max(1, wait)},
                )
            bucket.tokens -= 1

    def _evict_full(self, now: float) -> None:
        """Forget clients whose buckets have refilled: they lose nothing by being forgotten."""
        full = [
            k
            for k, b in self._buckets.items()
            if b.tokens + (now - b.stamp) * self.rate >= self.burst
        ]
        for k in full:
            del self._buckets[k]
        if len(self._buckets) >= self.max_keys:
            self._buckets.clear()
