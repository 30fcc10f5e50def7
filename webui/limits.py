"""Public-facing limits: who the client is, and how many questions it may ask a minute."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque

WINDOW = 60.0  # seconds


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: tuple[str, ...]) -> str:
    """The remote address, or, when the peer is a trusted proxy, the last address in
    X-Forwarded-For that is not itself a trusted proxy (earlier entries can be forged)."""
    peer = peer or "unknown"
    if not forwarded_for or not _trusted(peer, trusted_proxies):
        return peer
    for address in reversed([a.strip() for a in forwarded_for.split(",") if a.strip()]):
        if not _trusted(address, trusted_proxies):
            return address
    return peer


def _trusted(address: str, trusted_proxies: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for proxy in trusted_proxies:
        try:
            if ip in ipaddress.ip_network(proxy, strict=False):
                return True
        except ValueError:
            continue
    return False


class RateLimiter:
    """A sliding window of request times per client; `per_minute` 0 lets everything through."""

    def __init__(self, per_minute: int, clock=time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = self._clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle clients so memory stays bounded
                self._seen = {c: q for c, q in self._seen.items() if q and now - q[-1] < WINDOW}
            times = self._seen.setdefault(client, deque())
            while times and now - times[0] >= WINDOW:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True

    def retry_after(self, client: str) -> int:
        """Seconds until `client` may ask again."""
        with self._lock:
            times = self._seen.get(client)
            if not times:
                return 0
            return max(1, int(WINDOW - (self._clock() - times[0])) + 1)
