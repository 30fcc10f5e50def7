"""Receipts: proof that an answer is one this server gave, so feedback can only be about real answers.

An answer's `answer_id` is an HMAC of its question, text and citations under a key kept in
POLICYQA_HOME (made on first use, readable by the server alone). Feedback names the answer by its
id and carries the answer back; the server stores it only when the id matches, so what is stored
is exactly what the server said. Receipts need no memory of past answers, and every worker of
one store shares the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from pathlib import Path

log = logging.getLogger(__name__)

KEY_FILE = "feedback-key"


def load_key(home: Path) -> bytes:
    """The store's key, created atomically on first use; a read-only store gets a key for this process only."""
    path = home / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        pass
    key = secrets.token_bytes(32)
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key.hex())
    except FileExistsError:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())  # another worker made it first
    except OSError as error:
        log.warning("cannot keep the feedback key in %s (%s); feedback binds to this process only", home, error)
    return key


def answer_id(key: bytes, question: str, answer: str, citations: list[str]) -> str:
    message = json.dumps([question, answer, citations], ensure_ascii=False).encode("utf-8", "replace")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:40]


def is_genuine(key: bytes, claimed: str, question: str, answer: str, citations: list[str]) -> bool:
    return bool(claimed) and hmac.compare_digest(claimed.encode("ascii", "replace"),
                                                 answer_id(key, question, answer, citations).encode())
