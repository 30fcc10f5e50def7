"""Officials' logins: `user:password-hash` lines, scrypt hashes made by `policyqa hash-password`."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

SCHEME = "scrypt"
_N, _R, _P = 2**14, 8, 1  # ~50 ms a check: slow for guessing, fast enough for a login


class UsersError(ValueError):
    """The users file is missing or malformed; the message says where."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$n$r$p$salt$hash` (base64), safe to store in the users file."""
    if not password:
        raise ValueError("the password is empty")
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"{SCHEME}${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def parse_users(text: str, source: str = "users file") -> dict[str, str]:
    """user → hash from `user:hash` lines; blank lines and `#` comments are skipped."""
    users = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, _, stored = line.partition(":")
        if not user.strip() or not stored.startswith(SCHEME + "$"):
            raise UsersError(f"{source} line {number} is not `user:hash` (make the hash with `policyqa hash-password`)")
        users[user.strip()] = stored.strip()
    if not users:
        raise UsersError(f"{source} has no users; add `user:hash` lines made with `policyqa hash-password`")
    return users


def load_users(path: Path) -> dict[str, str]:
    try:
        return parse_users(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as error:
        raise UsersError(f"cannot read the officials' users file {path}: {error}") from None


class Login:
    """The check gradio calls with a user name and password."""

    def __init__(self, users: dict[str, str]) -> None:
        self.users = users

    def __call__(self, user: str, password: str) -> bool:
        stored = self.users.get(user)
        if stored is None:
            verify_password(password, hash_password("x", b"0" * 16))  # same time for unknown users
            return False
        return verify_password(password, stored)
