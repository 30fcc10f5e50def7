"""One FastAPI app: the citizens' page, the document view, the JSON API and the officials' chat."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from policyqa.settings import Settings, prepare_runtime
from webui import api, documents, officials, public
from webui.auth import load_users
from webui.guard import RequestError
from webui.limits import RateLimiter
from webui.render import escape, page
from webui.service import AssistantService

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024  # a question, a history of 50 turns and a document filter fit easily


def create_app(settings: Settings | None = None, service: AssistantService | None = None) -> FastAPI:
    """With no arguments (as `uvicorn --factory` calls it in each worker) everything comes from POLICYQA_*."""
    prepare_runtime()
    settings = settings or Settings.from_env()
    service = service or AssistantService.open(settings)
    app = FastAPI(title="policyqa", version="0.1.0", docs_url="/docs", redoc_url=None,
                  description="Hỏi đáp có trích dẫn điều khoản về các quyết định kinh tế số, xã hội số và "
                              "chuyển đổi số quốc gia.")
    app.state.settings = settings
    app.state.service = service
    app.state.limiter = RateLimiter(settings.public_rate_limit)
    _install_errors(app)
    app.include_router(api.router)
    app.include_router(documents.router)
    app.include_router(public.router)
    users = load_users(settings.officials_users) if settings.officials_users else None
    return officials.mount(app, service, settings, users)


def _error(request: Request, status: int, message: str, headers: dict | None = None):
    """JSON under /api, a plain page elsewhere; never a stack trace."""
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    body = f'<main><h1>Lỗi {status}</h1><p role="alert">{escape(message)}</p><p><a href="/">Về trang hỏi đáp</a></p></main>'
    return HTMLResponse(page(f"Lỗi {status}", body), status_code=status, headers=headers)


class BodyLimit:
    """ASGI middleware: refuses a body over `limit` bytes, declared or chunked, without reading more.

    A declared length is refused before the app runs. A chunked body is cut off when it passes the
    limit; FastAPI reports any failure to read a body as 400, so the request is marked and the 400
    handler answers 413. The officials' chat (gradio) keeps its own limits: its requests carry the
    conversation so far."""

    def __init__(self, app, limit: int, exempt: str = "/can-bo") -> None:
        self.app = app
        self.limit = limit
        self.exempt = exempt

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            response = _error(Request(scope), 413, f"request body larger than {self.limit} bytes")
            return await response(scope, receive, send)
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                scope.setdefault("state", {})["body_too_large"] = True
                raise RequestError(413, f"request body larger than {self.limit} bytes")
            return message

        return await self.app(scope, limited_receive, send)


def _install_errors(app: FastAPI) -> None:
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)

    @app.exception_handler(RequestError)
    async def refused(request: Request, error: RequestError):
        headers = {"Retry-After": "60"} if error.status == 429 else None
        return _error(request, error.status, error.message, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = []
        for item in error.errors()[:5]:
            where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
            problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", "invalid"))
        return _error(request, 422, "; ".join(problems) or "invalid request")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        if getattr(request.state, "body_too_large", False):
            return _error(request, 413, f"request body larger than {MAX_BODY_BYTES} bytes")
        if error.status_code == 400:  # a body FastAPI could not decode is a bad body like any other
            return _error(request, 422, "the request body is not valid JSON (UTF-8)")
        message = error.detail if isinstance(error.detail, str) else "request failed"
        return _error(request, error.status_code, message)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")
