"""What every public entry point checks before the assistant runs: size, documents, rate."""

from __future__ import annotations

from fastapi import Request

from policyqa.settings import Settings
from index.vietnamese import has_words
from webui.limits import RateLimiter, client_address


class RequestError(Exception):
    """A refusal with its HTTP status and a message safe to show the user."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def safe_text(text: str) -> str:
    """Text that can always be encoded (a lone surrogate becomes U+FFFD): for messages that echo input."""
    return text.encode("utf-8", "replace").decode("utf-8")


def has_lone_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def checked_question(question: str, settings: Settings) -> str:
    question = (question or "").strip()
    if has_lone_surrogate(question):
        raise RequestError(422, "Câu hỏi có ký tự không hợp lệ (một nửa cặp thay thế UTF-16). Hãy gõ lại câu hỏi.")
    if not has_words(question):
        raise RequestError(422, "Câu hỏi đang trống. Hãy nhập câu hỏi.")
    if len(question) > settings.max_question_chars:
        raise RequestError(413, f"Câu hỏi dài {len(question)} ký tự, quá giới hạn {settings.max_question_chars} "
                                "ký tự. Hãy rút gọn câu hỏi.")
    return question


def checked_documents(documents: list[str] | None, known: set[str]) -> list[str] | None:
    if not documents:
        return None
    unknown = [d for d in documents if d not in known]
    if unknown:
        raise RequestError(422, f"Không có văn bản: {safe_text(', '.join(unknown))[:300]}. "
                                "Xem danh sách tại /api/documents.")
    return list(dict.fromkeys(documents))


def client_of(request: Request, settings: Settings) -> str:
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxies)


def check_rate(request: Request, settings: Settings, limiter: RateLimiter, what: str = "hỏi quá {n} câu") -> None:
    """A 429 with the true seconds left in `Retry-After` once the client has used its minute's quota."""
    client = client_of(request, settings)
    if not limiter.allow(client):
        wait = limiter.retry_after(client)
        raise RequestError(429, f"Bạn đã {what.format(n=limiter.per_minute)} trong một phút. "
                                f"Hãy thử lại sau {wait} giây.", {"Retry-After": str(wait)})
