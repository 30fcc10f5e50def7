"""Public-facing limits: who the client is, and how many questions it may ask a minute."""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import deque

WINDOW = 60.0  # seconds


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: tuple[str, ...]) -> str:
    """The remote address, or, when the peer is a trusted proxy, the last address in
    X-Forwarded-For that is not itself a trusted proxy (earlier entries can be forged); normalised."""
    peer = normalised(peer or "unknown")
    if not forwarded_for or not _trusted(peer, trusted_proxies):
        return peer
    for address in reversed([normalised(a) for a in forwarded_for.split(",") if a.strip()]):
        if not _trusted(address, trusted_proxies):
            return address
    return peer


def normalised(address: str) -> str:
    """One spelling per address: "2001:DB8:0::1" → "2001:db8::1", "::ffff:10.0.0.1" → "10.0.0.1"."""
    address = address.strip()
    if address.startswith("[") and "]" in address:
        address = address[1:address.index("]")]
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.compressed


def bucket(address: str) -> str:
    """What a quota is counted on: an IPv4 address, or an IPv6 address's /64 (one host's whole
    subnet: handing out a new address per request costs nothing)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        return ipaddress.ip_network(f"{ip}/64", strict=False).compressed
    return ip.compressed


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
        client = bucket(client)
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
        """Whole seconds until `client` may ask again (0 when it may now)."""
        with self._lock:
            times = self._seen.get(bucket(client))
            if not times or len(times) < self.per_minute:
                return 0
            return max(1, math.ceil(WINDOW - (self._clock() - times[0])))
