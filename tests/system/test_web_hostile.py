"""The real server under hostile clients: bodies sent to the officials' page, stalled connections.

Each test starts `policyqa serve` over the shared index, with logins, and talks to it over raw sockets.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from tests.conftest import free_port, wait_for

LIMIT = 4 * 1024 * 1024  # webui.bodies.OFFICIALS_LIMIT
CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def server(index_home, tmp_path_factory):
    from webui.auth import hash_password

    home = tmp_path_factory.mktemp("serve")
    for part in ("corpus", "index"):
        (home / part).symlink_to(index_home / part)
    users = home / "users"
    users.write_text(f"lan:{hash_password('đúng rồi')}\n", encoding="utf-8")
    port = free_port()
    env = {**os.environ, "POLICYQA_HOME": str(home), "POLICYQA_OFFICIALS_USERS": str(users),
           "POLICYQA_REQUEST_TIMEOUT": "2"}
    process = subprocess.Popen([sys.executable, "-m", "policyqa.cli", "serve", "--port", str(port)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/health", seconds=60)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def _login(port: int) -> str:
    body = urllib.parse.urlencode({"username": "lan", "password": "đúng rồi"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/can-bo/login", data=body, method="POST",
                                     headers={"Host": "localhost"})
    response = urllib.request.urlopen(request)
    return "; ".join(c.split(";")[0] for c in response.headers.get_all("set-cookie"))


def _send_until_refused(port: int, head: str, chunked: bool) -> tuple[int, bytes]:
    """Streams a body of up to 1 GiB; returns how many body bytes went out before the server answered."""
    sent = 0
    reply = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(head.encode("latin-1"))
        piece = b"x" * CHUNK
        frame = f"{CHUNK:x}\r\n".encode() + piece + b"\r\n" if chunked else piece
        while sent < 1024 ** 3:
            readable, _, _ = select.select([s], [], [], 0)
            if readable:
                break
            try:
                s.sendall(frame)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += CHUNK
        try:
            reply = s.recv(65536)
        except OSError:
            pass
    return sent, reply


@pytest.mark.parametrize("chunked", [False, True])
def test_a_large_body_without_a_session_is_refused_at_once(server, chunked):
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {1024 ** 3}"
    head = (f"POST /can-bo/gradio_api/queue/join HTTP/1.1\r\nHost: localhost\r\n{length}\r\n"
            "Content-Type: application/json\r\n\r\n")
    sent, reply = _send_until_refused(server, head, chunked)
    assert reply.startswith(b"HTTP/1.1 401") and sent <= LIMIT + 1024 * 1024


def _socket_buffers() -> int:
    """The most the two kernels may hold in flight on loopback (receive plus send buffer)."""
    try:
        return sum(int(open(f"/proc/sys/net/ipv4/tcp_{kind}").read().split()[2]) for kind in ("rmem", "wmem"))
    except OSError:
        return 64 * 1024 * 1024


def test_a_signed_in_body_over_the_limit_is_cut_off(server):
    """The server stops reading at the limit; what the client counts as sent also includes what the
    kernels buffer, so the bound adds their size."""
    head = (f"POST /can-bo/gradio_api/queue/join HTTP/1.1\r\nHost: localhost\r\nCookie: {_login(server)}\r\n"
            "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
    sent, reply = _send_until_refused(server, head, chunked=True)
    assert reply.startswith(b"HTTP/1.1 413") and sent <= LIMIT + _socket_buffers() + 1024 * 1024


def test_stalled_connections_are_closed(server):
    """POLICYQA_REQUEST_TIMEOUT is 2 s here (30 s by default): 50 half-sent requests, all closed."""
    stalled = []
    for n in range(50):
        s = socket.create_connection(("127.0.0.1", server), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n" if n % 2 else b"POST /api/ask HTTP/1.1\r\nHost: "
                  b"localhost\r\nContent-Length: 100\r\n\r\n{\"question\"")
        stalled.append(s)
    started = time.monotonic()
    for s in stalled:
        assert s.recv(1024) == b""  # closed by the server
        s.close()
    assert time.monotonic() - started < 8
    health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{server}/api/health"))
    assert health["status"] == "ok"
