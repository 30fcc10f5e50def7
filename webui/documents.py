"""The document view (`/van-ban/{document_id}`): the whole text, every clause anchored by its id."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from webui.guard import RequestError
from webui.render import document_page

router = APIRouter(include_in_schema=False)


@router.get("/van-ban/{document_id}", response_class=HTMLResponse)
def document(document_id: str, request: Request) -> HTMLResponse:
    corpus = request.app.state.service.assistant.searcher.corpus
    found = corpus.document(document_id)
    if found is None:
        raise RequestError(404, "Không có văn bản này.")
    return HTMLResponse(document_page(corpus, found))
