"""A token bucket per caller, in memory: ``per_minute`` tokens a minute, up to ``burst``
at once. The buckets are per process: N server processes allow N times the rate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

# Buckets kept before idle full ones are dropped (memory stays bounded).
MAX_BUCKETS = 10_000


class TokenBucket:
    """``capacity`` tokens, refilled at ``rate`` tokens a second."""

    def __init__(self, capacity: int, rate: float, now: float) -> None:
        self.capacity = capacity
        self.rate = rate
        self.tokens = float(capacity)
        self.updated = now

    def take(self, now: float) -> float:
        """Take one token: 0.0 when granted, else the seconds until one is there."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    def full(self, now: float) -> bool:
        return self.tokens + (now - self.updated) * self.rate >= self.capacity


class RateLimiter:
    """One token bucket per identity; ``per_minute=0`` grants everything."""

    def __init__(
        self,
        per_minute: int,
        burst: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_minute = per_minute
        self.burst = burst or per_minute
        self.clock = clock
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def check(self, identity: str) -> float:
        """0.0 when the request may go ahead, else seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(identity)
            if bucket is None:
                if len(self._buckets) >= MAX_BUCKETS:
                    self._prune(now)
                bucket = TokenBucket(self.burst, self.per_minute / 60, now)
                self._buckets[identity] = bucket
            return bucket.take(now)

    def _prune(self, now: float) -> None:
        for identity in [key for key, bucket in self._buckets.items() if bucket.full(now)]:
            del self._buckets[identity]
