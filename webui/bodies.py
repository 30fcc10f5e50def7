"""Request bodies: how large each part of the server accepts, and who may send one to the officials' page.

The officials' chat (gradio) sends the conversation with each request, so it gets a larger limit
than the JSON API and the citizens' page; its login form gets a small one. With logins configured,
a body sent to the officials' page without a valid session is refused before a byte of it is read:
only the login itself may come without one.
"""

from __future__ import annotations

from collections.abc import Callable

PUBLIC_LIMIT = 256 * 1024  # a question, a history of 50 turns and a document filter fit easily
OFFICIALS_LIMIT = 4 * 1024 * 1024  # a long conversation sent back by the chat
LOGIN_LIMIT = 16 * 1024  # a user name and a password
METHODS_WITH_BODIES = {"POST", "PUT", "PATCH", "DELETE"}


class BodyTooLarge(Exception):
    """Raised from `receive` once a chunked body passes its limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body larger than {limit} bytes")
        self.limit = limit


class BodyLimit:
    """ASGI middleware: refuses a body over its part's limit, declared or chunked, without reading more.

    A declared length is refused before the app runs. A chunked body is cut off when it passes the
    limit: whatever the app then answers (FastAPI calls it a 400, gradio an error of its own) is
    replaced by the 413. `signed_in(scope)` says whether an officials' request carries a valid
    session; None when the officials' page has no logins."""

    def __init__(self, app, refuse: Callable, officials: str = "/can-bo",
                 signed_in: Callable[[dict], bool] | None = None) -> None:
        self.app = app
        self.refuse = refuse  # (scope, status, message) -> an ASGI response
        self.officials = officials
        self.signed_in = signed_in

    def limit_for(self, path: str) -> int:
        if path in (f"{self.officials}/login", f"{self.officials}/login/"):
            return LOGIN_LIMIT
        if path == self.officials or path.startswith(self.officials + "/"):
            return OFFICIALS_LIMIT
        return PUBLIC_LIMIT

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        limit = self.limit_for(path)
        if (self.signed_in is not None and limit == OFFICIALS_LIMIT and scope["method"] in METHODS_WITH_BODIES
                and not self.signed_in(scope)):
            return await self.refuse(scope, 401, "sign in first (/can-bo/login)")(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await self.refuse(scope, 413, f"request body larger than {limit} bytes")(scope, receive, send)
        received = 0
        cut_off = False
        refused = False

        async def limited_receive():
            nonlocal received, cut_off
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                cut_off = True
                raise BodyTooLarge(limit)
            return message

        async def refuse_once():
            nonlocal refused
            if not refused:
                refused = True
                await self.refuse(scope, 413, f"request body larger than {limit} bytes")(scope, receive, send)

        async def guarded_send(message):
            if cut_off:
                return await refuse_once()
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            await refuse_once()
