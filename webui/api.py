"""The JSON API: ask, clauses, documents, facts, health. Errors are `{"error": {"status", "message"}}`."""

from __future__ import annotations

import hmac
from typing import Any, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from webui.facts_table import fact_rows, filter_rows, to_csv
from webui.guard import RequestError, check_rate, checked_documents, checked_question, has_lone_surrogate
from webui.receipts import answer_id

router = APIRouter(prefix="/api", tags=["api"])


class Message(BaseModel):
    role: Literal["user", "assistant"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(description="the question, in Vietnamese (with or without diacritics)")
    documents: list[str] | None = Field(None, max_length=50, description="document ids to answer from (all when absent)")
    history: list[str | Message] | None = Field(None, max_length=50,
                                                description="earlier turns, for follow-up questions")


def _services(request: Request):
    state = request.app.state
    return state.service, state.settings, state.limiter


def _check_key(request: Request, key: str | None) -> None:
    """With POLICYQA_API_KEYS set a key is required; without, the caller is rate-limited like the public page."""
    service, settings, limiter = _services(request)
    if settings.api_keys:
        if not key or not any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.api_keys):
            raise RequestError(401, "missing or unknown X-API-Key")
    else:
        check_rate(request, settings, limiter)


@router.post("/ask", summary="A grounded answer with clause citations (the Answer of `policyqa ask --json`)")
def ask(body: AskRequest, request: Request, x_api_key: str | None = Header(None)) -> dict[str, Any]:
    _check_key(request, x_api_key)
    service, settings, _ = _services(request)
    assistant = service.assistant
    question = checked_question(body.question, settings)
    documents = checked_documents(body.documents, {d.id for d in assistant.searcher.corpus.documents})
    history = [h if isinstance(h, str) else h.model_dump() for h in body.history or []]
    if any(has_lone_surrogate(h if isinstance(h, str) else h["content"]) for h in history):
        raise RequestError(422, "history: a turn has an invalid character (a lone UTF-16 surrogate)")
    try:
        answer = assistant.ask(question, documents=documents, history=history)
    except ValueError as error:  # the assistant's own refusal of a question it cannot search
        raise RequestError(422, str(error)) from None
    return {**answer.to_dict(), "answer_id": receipt(request, question, answer)}


def receipt(request: Request, question: str, answer) -> str:
    """The answer's id: the proof feedback must carry that this server gave this answer."""
    return answer_id(request.app.state.receipt_key, question, answer.answer, citation_lines(answer))


def citation_lines(answer) -> list[str]:
    return [f"[{c.marker}] {c.citation} ({c.clause_id})" for c in answer.citations]


@router.get("/clauses/{clause_id}", summary="A clause: citation, breadcrumb, verbatim text, its document and facts")
def clause(clause_id: str, request: Request) -> dict[str, Any]:
    corpus = request.app.state.service.assistant.searcher.corpus
    found = corpus.clause(clause_id)
    if found is None:
        raise RequestError(404, "no clause with this id; ids look like qd-1033-2026:d1.m2.k2.a")
    document = corpus.document(found.document)
    return {**found.to_dict(), "document_metadata": document.to_dict() if document else None,
            "targets": [t.to_dict() for t in corpus.targets if t.clause_id == found.id],
            "assignments": [a.to_dict() for a in corpus.assignments if a.clause_id == found.id]}


@router.get("/documents", summary="The ingested documents")
def documents(request: Request) -> list[dict[str, Any]]:
    return [d.to_dict() for d in request.app.state.service.assistant.searcher.corpus.documents]


@router.get("/facts", summary="Targets and assignments, filtered by agency (name contains), year and document")
def facts(request: Request, agency: str | None = Query(None, max_length=200), year: int | None = None,
          document: str | None = Query(None, max_length=200)) -> list[dict[str, Any]]:
    corpus = request.app.state.service.assistant.searcher.corpus
    if document and corpus.document(document) is None:
        raise RequestError(404, "no document with this id; see /api/documents")
    return [r.to_dict() for r in filter_rows(fact_rows(corpus), document, agency, year)]


@router.get("/facts.csv", summary="The same rows as CSV (cells a spreadsheet would run are neutralised)",
            response_class=PlainTextResponse)
def facts_csv(request: Request, agency: str | None = Query(None, max_length=200), year: int | None = None,
              document: str | None = Query(None, max_length=200)) -> Response:
    corpus = request.app.state.service.assistant.searcher.corpus
    if document and corpus.document(document) is None:
        raise RequestError(404, "no document with this id; see /api/documents")
    text = to_csv(filter_rows(fact_rows(corpus), document, agency, year))
    return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="chi-tieu-nhiem-vu.csv"'})


@router.get("/health", summary="Whether the server answers, and from which index")
def health(request: Request) -> dict[str, Any]:
    service = request.app.state.service
    searcher = service.assistant.searcher
    return {"status": "ok", "documents": len(searcher.corpus.documents), "passages": len(searcher.passages),
            "index_version": service.index_version}
