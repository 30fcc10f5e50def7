"""`policyqa serve`: checks that refuse to start a wrongly configured server, then uvicorn."""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
from dataclasses import replace

from policyqa.settings import Settings

log = logging.getLogger(__name__)


class ServeError(RuntimeError):
    """Why the server will not start, with what to do about it."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        try:
            return all(ipaddress.ip_address(info[4][0]).is_loopback for info in socket.getaddrinfo(host, None))
        except OSError:
            return False


def check(settings: Settings, host: str) -> None:
    """The officials' page is open without users only on loopback; users must load."""
    from webui.auth import load_users

    if settings.officials_users:
        load_users(settings.officials_users)
    elif not is_loopback(host):
        raise ServeError(
            f"refusing to listen on {host} with the officials' page open to anyone. Add users first:\n"
            "  policyqa hash-password            # prints a hash for the password you type\n"
            "  echo 'user:HASH' >> /etc/policyqa/users\n"
            "  POLICYQA_OFFICIALS_USERS=/etc/policyqa/users policyqa serve --host " + host)


def with_listening_host(settings: Settings, host: str) -> Settings:
    """The address the server listens on is a name it answers to (a wildcard address is not)."""
    if host in ("0.0.0.0", "::", "") or host in settings.allowed_hosts:
        return settings
    return replace(settings, allowed_hosts=(*settings.allowed_hosts, host))


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """One worker loads the assistant here (errors surface before listening); several use the app factory.

    Connections get `TimedH11Protocol`: a client has POLICYQA_REQUEST_TIMEOUT seconds to send a request."""
    import uvicorn

    from webui.connections import TimedH11Protocol

    check(settings, host)
    settings = with_listening_host(settings, host)
    common = {"host": host, "port": port, "proxy_headers": False, "server_header": False, "log_level": "info",
              "http": TimedH11Protocol, "timeout_keep_alive": 5}
    if workers > 1:
        from index.store import read_manifest

        read_manifest(settings.home)  # a missing index fails here, once, rather than in every worker
        os.environ["POLICYQA_ALLOWED_HOSTS"] = ",".join(settings.allowed_hosts)  # the workers read it again
        uvicorn.run("webui.app:create_app", factory=True, workers=workers, **common)
        return
    from webui.app import create_app

    uvicorn.run(create_app(settings), **common)
