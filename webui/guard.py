"""What every public entry point checks before the assistant runs: size, documents, rate."""

from __future__ import annotations

from fastapi import Request

from policyqa.settings import Settings
from index.vietnamese import has_words
from webui.limits import RateLimiter, client_address


class RequestError(Exception):
    """A refusal with its HTTP status and a message safe to show the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def checked_question(question: str, settings: Settings) -> str:
    question = (question or "").strip()
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
        raise RequestError(422, f"Không có văn bản: {', '.join(unknown)[:300]}. Xem danh sách tại /api/documents.")
    return list(dict.fromkeys(documents))


def client_of(request: Request, settings: Settings) -> str:
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxies)


def check_rate(request: Request, settings: Settings, limiter: RateLimiter) -> None:
    client = client_of(request, settings)
    if not limiter.allow(client):
        raise RequestError(429, f"Bạn đã hỏi quá {limiter.per_minute} câu trong một phút. "
                                f"Hãy thử lại sau {limiter.retry_after(client)} giây.")
