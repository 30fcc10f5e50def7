"""What every response and request passes through before the pages: allowed Host names, security
headers, HEAD answered as GET.

A loopback server with the officials' page open is reachable from any web page through DNS
rebinding unless it refuses Host names it was not configured for. Forwarded Host headers are
dropped so that nothing (gradio's root address included) is built from a name the client chose.
"""

from __future__ import annotations

from collections.abc import Callable

from policyqa.settings import LOOPBACK_NAMES

# The citizens' page, the document view and error pages: no scripts at all.
PAGE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
               "frame-ancestors 'none'; base-uri 'none'")
# The officials' chat is a gradio app: its own scripts, inline configuration and `js_on_load` hooks.
GRADIO_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' "
                 "'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
                 "media-src 'self' blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
                 "form-action 'self'")
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
COMMON = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
          (b"referrer-policy", b"same-origin"), (b"cross-origin-opener-policy", b"same-origin")]
DROPPED_REQUEST_HEADERS = {b"x-forwarded-host", b"x-forwarded-proto", b"x-forwarded-port", b"forwarded"}


def host_name(host: str) -> str:
    """"example.org:8080" → "example.org", "[::1]:7860" → "::1"; lower-case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def policy_for(path: str, officials: str) -> str:
    if path == officials or path.startswith(officials + "/"):
        return GRADIO_POLICY
    if path.startswith("/api/") or path == "/openapi.json":
        return API_POLICY
    return PAGE_POLICY


class Hardening:
    """ASGI middleware: a Host not allowed gets 400; every response gets the security headers; HEAD
    runs the GET route and sends its headers without the body."""

    def __init__(self, app, allowed_hosts: tuple[str, ...], refuse: Callable, officials: str = "/can-bo") -> None:
        self.app = app
        self.allowed = {host_name(h) for h in (*allowed_hosts, *LOOPBACK_NAMES)}
        self.refuse = refuse  # (scope, status, message) -> an ASGI response
        self.officials = officials

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = [(k, v) for k, v in scope["headers"] if k not in DROPPED_REQUEST_HEADERS]
        host = next((v.decode("latin-1") for k, v in headers if k == b"host"), "")
        scope = {**scope, "headers": headers}
        if host_name(host) not in self.allowed:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await self.refuse(scope, 400, "this server does not answer to that host name; "
                                                 "see POLICYQA_ALLOWED_HOSTS")(scope, receive, send)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"
        if head:
            scope["method"] = "GET"
        extra = [*COMMON, (b"content-security-policy", policy_for(scope["path"], self.officials).encode())]

        async def send_hardened(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k, v) for k, v in extra if k not in names)]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        return await self.app(scope, receive, send_hardened)
