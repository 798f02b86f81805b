"""create_app(): routers, sessions, security headers, errors, background work."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.middleware.sessions import SessionMiddleware

from escalada.auth.api import router as access_api
from escalada.brands.api import router as brands_api
from escalada.channels.periodic import ChannelSchedule
from escalada.channels.api import router as channels_api
from escalada.channels.webhooks.api import router as webhooks_api
from escalada.config import Settings, get_settings
from escalada.db import Database
from escalada.errors import AuthenticationRequired, EscaladaError, InvalidInput
from escalada.inbox.api import router as inbox_api
from escalada.inbox.schemas import InboundMessage
from escalada.incidents import maintenance as incident_maintenance
from escalada.incidents.api import router as incidents_api
from escalada.presence import live
from escalada.replies.api import router as replies_api
from escalada.replies.outbox import sweep
from escalada.routing import pages as routing_pages
from escalada.rules import pages as rules_pages
from escalada.rules.api import router as rules_api
from escalada.routing.api import router as routing_api
from escalada.executive import pages as executive_pages
from escalada.executive.api import router as executive_api
from escalada.sla import notify
from escalada.sla import pages as sla_pages
from escalada.sla.api import router as sla_api
from escalada.sla.timers import sweep as sla_sweep
from escalada.triage import accurate as triage_accurate
from escalada.reports.api import router as reports_api
from escalada.reports.facts import FactSweep
from escalada.web import STATIC_DIR, templates
from escalada.web.routes import access as access_pages
from escalada.web.routes import authors as author_pages
from escalada.web.routes import channels as channel_pages
from escalada.listening.api import router as listening_api
from escalada.web.routes import listening as listening_pages
from escalada.web.routes import inbox as inbox_pages
from escalada.web.routes import incidents as incident_pages
from escalada.web.routes import settings as settings_pages
from escalada.web.routes import workspace as workspace_pages
from escalada.web.routes import workspace_admin as workspace_admin_pages
from escalada.web.routes import reports as report_pages
from escalada.web.routes import surveys as survey_pages
from escalada.web.routes import triage_policy as triage_policy_pages
from escalada.workers.jobs import InlineRunner, ThreadRunner

log = logging.getLogger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(settings: Settings | None = None, *, db: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    # A triage mode the install cannot run stops the start here, never a silent fallback.
    triage_accurate.configure(settings.triage_mode, settings.triage_threads)
    if settings.triage_mode == "accurate":
        triage_accurate.warm_up()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = db or Database.from_settings(
            settings, runner=ThreadRunner() if settings.jobs == "thread" else InlineRunner()
        )
        database.settings = database.settings or settings
        app.state.db = database
        notify.configure(notify.transports_from(settings))
        stop = threading.Event()
        sweeper = None
        if settings.outbox_sweep_seconds > 0:
            sweeper = threading.Thread(
                target=_sweep_forever, args=(database, stop, settings.outbox_sweep_seconds),
                name="escalada-sweep", daemon=True,
            )
            sweeper.start()
        try:
            yield
        finally:
            stop.set()
            if sweeper is not None:
                sweeper.join(timeout=5)
            database.runner.shutdown()
            if db is None:
                database.engine.dispose()

    app = FastAPI(
        title="Escalada",
        version="0.1.0",
        summary="Social customer care and escalation management",
        lifespan=lifespan,
        # The API docs are served from the package's own copy of Swagger UI
        # (static/swagger-ui, below), so they work without internet; ReDoc would load
        # from a CDN, so it is off.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.live = live.install(settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="escalada_session",
        max_age=settings.session_max_age_seconds,
        same_site="lax",
        https_only=settings.cookie_secure,
    )

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            # The interactive API docs load Swagger UI's own scripts and styles.
            if name == "Content-Security-Policy" and request.url.path == "/docs":
                continue
            response.headers.setdefault(name, value)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if settings.cookie_secure:  # served over HTTPS: browsers must never fall back to HTTP
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response

    @app.exception_handler(EscaladaError)
    async def escalada_error(request: Request, exc: EscaladaError) -> Response:
        if _is_api(request):
            headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
            return JSONResponse({"error": exc.to_dict()}, status_code=exc.status_code, headers=headers)
        if isinstance(exc, AuthenticationRequired):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={target}", status_code=303)
        return templates.TemplateResponse(
            request, "error.html", {"error": exc}, status_code=exc.status_code
        )

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, exc: Exception) -> Response:
        # A number the database cannot hold (an id past INTEGER, a count past BIGINT):
        # the request is wrong, not the server. The unit of work has already rolled back.
        return await escalada_error(request, InvalidInput("a number in the request is out of range"))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"where": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()
        ]
        message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
        if _is_api(request):
            body = {"error": {"code": "invalid_input", "message": message, "details": problems}}
            return JSONResponse(body, status_code=422)
        error = EscaladaError(message)
        return templates.TemplateResponse(request, "error.html", {"error": error}, status_code=422)

    app.include_router(inbox_api)
    app.include_router(access_api)
    app.include_router(brands_api)
    app.include_router(incidents_api)
    app.include_router(access_pages.router)
    app.include_router(inbox_pages.router)
    app.include_router(triage_policy_pages.router)
    app.include_router(settings_pages.router)
    app.include_router(incident_pages.router)
    app.include_router(webhooks_api)
    app.include_router(channels_api)
    app.include_router(channel_pages.router)
    app.include_router(channel_pages.outbox_router)
    app.include_router(listening_pages.router)
    app.include_router(listening_api)
    app.include_router(author_pages.router)
    app.include_router(replies_api)
    app.include_router(workspace_pages.router)
    app.include_router(workspace_admin_pages.router)
    app.include_router(routing_api)
    app.include_router(routing_pages.router)
    app.include_router(sla_api)
    app.include_router(sla_pages.router)
    app.include_router(executive_api)
    app.include_router(executive_pages.router)
    app.include_router(rules_api)
    app.include_router(rules_pages.router)
    app.include_router(reports_api)
    app.include_router(report_pages.router)
    app.include_router(survey_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> Response:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title="Escalada API",
                                   swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                 routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            message_schema = InboundMessage.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(message_schema.pop("$defs", {}))
            components["InboundMessage"] = message_schema
            schema.setdefault("components", {})["securitySchemes"] = {
                "bearer": {"type": "http", "scheme": "bearer"}
            }
            schema["security"] = [{"bearer": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def _sweep_forever(db: Database, stop: threading.Event, every_seconds: float) -> None:
    channels = ChannelSchedule()
    report_facts = FactSweep()
    while not stop.is_set():
        try:
            sweep(db)
            incident_maintenance.sweep(db)
            channels.tick(db)
            sla_sweep(db)
            report_facts.tick(db)
        except Exception:
            log.exception("periodic sweep failed")
        stop.wait(every_seconds)
