"""Connections that never finish a request are closed.

uvicorn closes an idle keep-alive connection, but a client that opens a connection and then sends
nothing, or half its headers, or a body that never ends, holds it open for ever: a few hundred of
them exhaust the server. This protocol gives each request `timeout` seconds, from the connection
(or the previous response) to the request's last byte; then the connection is closed.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

DEFAULT_TIMEOUT = 30.0


class TimedH11Protocol(H11Protocol):
    timeout = DEFAULT_TIMEOUT  # set once at start-up from POLICYQA_REQUEST_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._deadline: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.timeout, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        self._deadline = None
        if not self.transport.is_closing() and self.conn.their_state not in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED):
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state in (h11.DONE, h11.MUST_CLOSE, h11.CLOSED, h11.SWITCHED_PROTOCOL):
            self._disarm()  # the whole request is in; answering it may take as long as it takes

    def on_response_complete(self) -> None:
        if not self.transport.is_closing():
            self._arm()  # the next request's time starts now (a pipelined one may already be complete)
        super().on_response_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
