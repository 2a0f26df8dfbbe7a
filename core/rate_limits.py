"""Counting events per key in the cache, for limits on anonymous callers (online submission per client address and
per phone number). Keys hold a hash of the value, never the value itself (an address, a phone number)."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    window: int  # seconds, counted from the first event
    prefix: str = "rate"  # a module's own counters under its own prefix (tracking:code:..., tracking:phone:...)

    def _key(self, value: str) -> str:
        return f"{self.prefix}:{self.name}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"

    def used(self, value: str) -> int:
        return cache.get(self._key(value)) or 0

    def exceeded(self, value: str) -> bool:
        return self.used(value) >= self.limit

    def record(self, value: str) -> int:
        key = self._key(value)
        if cache.add(key, 1, self.window):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, self.window)
            return 1

    def forget(self, value: str) -> None:
        cache.delete(self._key(value))
