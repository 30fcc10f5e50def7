"""One FastAPI app: the citizens' page, the document view, the JSON API and the officials' chat.

In front of them, outermost first: allowed Host names and security headers (`security.py`), body
limits and the officials' session check (`bodies.py`), the login throttle (`login_throttle.py`),
and a CORS policy that grants no other origin anything.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware

from policyqa.settings import Settings, prepare_runtime
from webui import api, documents, officials, public
from webui.auth import load_users
from webui.bodies import BodyLimit
from webui.connections import TimedH11Protocol
from webui.guard import RequestError, safe_text
from webui.limits import RateLimiter, bucket, client_address
from webui.login_throttle import LoginThrottle
from webui.receipts import load_key
from webui.render import escape, page
from webui.security import Hardening
from webui.service import AssistantService

log = logging.getLogger(__name__)

OFFICIALS = "/can-bo"


def create_app(settings: Settings | None = None, service: AssistantService | None = None) -> FastAPI:
    """With no arguments (as `uvicorn --factory` calls it in each worker) everything comes from POLICYQA_*."""
    prepare_runtime()
    settings = settings or Settings.from_env()
    TimedH11Protocol.timeout = settings.request_timeout
    service = service or AssistantService.open(settings)
    app = FastAPI(title="policyqa", version="0.1.0", docs_url="/docs" if settings.api_docs else None,
                  redoc_url=None, description="Hỏi đáp có trích dẫn điều khoản về các quyết định kinh tế số, "
                                              "xã hội số và chuyển đổi số quốc gia.")
    app.state.settings = settings
    app.state.service = service
    app.state.limiter = RateLimiter(settings.public_rate_limit)
    app.state.feedback_limiter = RateLimiter(settings.feedback_rate_limit)
    app.state.receipt_key = load_key(settings.home)
    _install_errors(app)
    app.include_router(api.router)
    app.include_router(documents.router)
    app.include_router(public.router)
    users = load_users(settings.officials_users) if settings.officials_users else None
    app, signed_in = officials.mount(app, service, settings, users, OFFICIALS)

    def client_bucket(scope) -> str:
        headers = dict(scope["headers"])
        forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1") or None
        peer = scope["client"][0] if scope.get("client") else None
        return bucket(client_address(peer, forwarded, settings.trusted_proxies))

    app.add_middleware(CORSMiddleware, allow_origins=[])  # gradio then leaves CORS to us: no origin is granted
    if users:
        app.add_middleware(LoginThrottle, path=f"{OFFICIALS}/login", client_of=client_bucket)
    app.add_middleware(BodyLimit, refuse=_refusal, officials=OFFICIALS, signed_in=signed_in)
    app.add_middleware(Hardening, allowed_hosts=settings.allowed_hosts, refuse=_refusal, officials=OFFICIALS)
    return app


def _error(request: Request, status: int, message: str, headers: dict | None = None):
    """JSON under /api, a plain page elsewhere; never a stack trace, always encodable."""
    message = safe_text(message)
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status, headers=headers)
    body = f'<main><h1>Lỗi {status}</h1><p role="alert">{escape(message)}</p><p><a href="/">Về trang hỏi đáp</a></p></main>'
    return HTMLResponse(page(f"Lỗi {status}", body), status_code=status, headers=headers)


def _refusal(scope, status: int, message: str):
    """The error response for a request refused before the app saw it."""
    return _error(Request(scope), status, message)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestError)
    async def refused(request: Request, error: RequestError):
        return _error(request, error.status, error.message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        problems = []
        for item in error.errors()[:5]:
            where = ".".join(str(p) for p in item.get("loc", ()) if p != "body")
            problems.append(f"{where}: {item.get('msg', 'invalid')}" if where else item.get("msg", "invalid"))
        return _error(request, 422, "; ".join(problems) or "invalid request")

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        if error.status_code == 400:  # a body FastAPI could not decode is a bad body like any other
            return _error(request, 422, "the request body is not valid JSON (UTF-8)")
        message = error.detail if isinstance(error.detail, str) else "request failed"
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 405 and "GET" in headers.get("Allow", "") and "HEAD" not in headers["Allow"]:
            headers["Allow"] += ", HEAD"  # HEAD is answered wherever GET is (security.Hardening)
        return _error(request, error.status_code, message, headers or None)

    @app.exception_handler(Exception)
    async def crashed(request: Request, error: Exception):
        log.exception("unhandled error on %s", request.url.path)
        return _error(request, 500, "internal error; the server log has the details")
