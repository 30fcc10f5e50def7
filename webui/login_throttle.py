"""Slowing down password guessing on the officials' login, without locking anyone out.

Each client address and each user name may fail a few times freely; after that every further
attempt must wait twice as long as the one before (a growing delay, capped), counted from the
last failure. An attempt that comes too early is refused with 429 and `Retry-After` before its
password is checked. A hard lockout would let anyone lock a real official out by failing on
their name; a capped delay only slows the guesser, and a success clears the name's record.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs

FREE_FAILURES = 5  # per key, within the window, before any delay
WINDOW = 15 * 60.0  # failures older than this are forgotten
FIRST_DELAY = 1.0  # seconds, doubling with each further failure
CLIENT_CAP = 300.0  # a client that keeps failing waits up to five minutes between attempts
USER_CAP = 30.0  # a name under attack: its real owner waits at most half a minute
MAX_KEYS = 10_000


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)


class Backoff:
    """Failures per key and the wait they impose; pure bookkeeping, the clock is injected."""

    def __init__(self, cap: float, clock=time.monotonic) -> None:
        self.cap = cap
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Seconds before `key` may try again (0: now)."""
        now = self._clock()
        with self._lock:
            record = self._records.get(key)
            if record is None:
                return 0.0
            record.failures = [t for t in record.failures if now - t < WINDOW]
            extra = len(record.failures) - FREE_FAILURES
            if extra < 0:
                return 0.0
            delay = min(self.cap, FIRST_DELAY * 2 ** extra)
            return max(0.0, record.failures[-1] + delay - now)

    def failed(self, key: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._records) > MAX_KEYS:
                self._records = {k: r for k, r in self._records.items() if r.failures and now - r.failures[-1] < WINDOW}
            self._records.setdefault(key, _Record()).failures.append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._records.pop(key, None)


def user_name(body: bytes) -> str:
    """The `username` of a login form (urlencoded, as gradio's login page sends it)."""
    try:
        values = parse_qs(body.decode("utf-8"), max_num_fields=20)
    except (UnicodeDecodeError, ValueError):
        return ""
    return (values.get("username") or [""])[0].strip().casefold()[:200]


class LoginThrottle:
    """ASGI middleware in front of `path` (the gradio login): refuses early attempts, then records
    each outcome (gradio answers 200 to a right password, 400 to a wrong one)."""

    def __init__(self, app, path: str, client_of, clock=time.monotonic) -> None:
        self.app = app
        self.paths = {path, path + "/"}
        self.client_of = client_of  # scope -> the client's rate-limit bucket
        self.clients = Backoff(CLIENT_CAP, clock)
        self.users = Backoff(USER_CAP, clock)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in self.paths:
            return await self.app(scope, receive, send)
        body = b""
        more = True
        while more:  # the body limit in front of this caps it at a few KB
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        client, user = f"client:{self.client_of(scope)}", f"user:{user_name(body)}"
        wait = max(self.clients.wait(client), self.users.wait(user))
        if wait > 0:
            seconds = math.ceil(wait)
            payload = json.dumps({"detail": f"Đăng nhập sai nhiều lần. Hãy thử lại sau {seconds} giây."},
                                 ensure_ascii=False).encode()
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                    (b"retry-after", str(seconds).encode())]})
            return await send({"type": "http.response.body", "body": payload})
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return {"type": "http.disconnect"}
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def observe(message):
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    self.clients.succeeded(client)
                    self.users.succeeded(user)
                elif message["status"] in (400, 401):
                    self.clients.failed(client)
                    self.users.failed(user)
            await send(message)

        await self.app(scope, replay, observe)
