"""The portal application: FastAPI with sessions, static files, pages and error pages."""

from __future__ import annotations

from contextlib import asynccontextmanager
from http import HTTPStatus
from pathlib import Path

import anyio
from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from huvudman.portal.oidc import OidcConfig, OidcProvider
from huvudman.portal.pages import NoticeBoard, render
from huvudman.portal.retry import RetryConflicts
from huvudman.portal.routes import (
    accounts,
    advisers,
    appeals,
    audit,
    coding,
    compare,
    deviations,
    dialogue_report,
    early_warning,
    evaluation,
    feedback,
    governance_report,
    guardian,
    home_addresses,
    inspections,
    management,
    notices,
    organisation,
    public,
    pupil_support,
    round_rules,
    rounds,
    run_letters,
    school,
    special_reasons,
    staff,
    support,
    survey,
    working_group,
)
from huvudman.portal.security import RateLimit
from huvudman.portal.settings import PortalSettings
from huvudman.portal.sweeper import sweep_forever
from huvudman.services.governance.categories_file import install_from_environment
from huvudman.store.database import make_engine, sessions
from huvudman.words.messages import FORM_INCOMPLETE


def _phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return ""


class SecurityHeaders:
    """Headers every response carries (content sniffing, framing, referrer, a strict content
    security policy unless a route set its own), as plain ASGI: no extra task per request."""

    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"content-security-policy",
         b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *((k, v) for k, v in self.HEADERS if k not in present)]
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(database_url: str | None = None, settings: PortalSettings | None = None,
               chances=None, runs_dir: Path | None = None, walking=None,
               oidc: OidcProvider | None = None) -> FastAPI:
    """The portal on a database (migrated beforehand); `chances` answers forecast questions,
    `walking` measures walks on the municipality's streets (straight lines without it);
    placement runs keep their records under `runs_dir`; `oidc` (else the environment's
    HUVUDMAN_OIDC_* settings, see portal/oidc.py) lets guardians sign in with e-identification."""
    settings = settings or PortalSettings()
    install_from_environment()  # the municipality's own kinds of deviation, if configured

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # Few threads per worker serve requests nearly first come, first served: with many, a
        # request waiting on the database lets others in, and every request gets slower.
        to_thread.current_default_thread_limiter().total_tokens = settings.threads
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(sweep_forever, _app)
            yield
            tasks.cancel_scope.cancel()

    app = FastAPI(title="huvudman", docs_url=None, redoc_url=None, openapi_url=None,
                  lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = make_engine(database_url)
    app.state.sessions = sessions(app.state.engine)
    app.state.account_limit = RateLimit(limit=settings.attempts_per_account, window=60.0)
    app.state.address_limit = RateLimit(limit=settings.attempts_per_address, window=60.0)
    app.state.chances = chances
    app.state.walking = walking
    app.state.notices = NoticeBoard(settings.notice_refresh_seconds)
    if oidc is None and (config := OidcConfig.from_environment()) is not None:
        oidc = OidcProvider(config)
    app.state.oidc = oidc
    app.state.runs_dir = Path(runs_dir or "huvudman-runs")
    app.add_middleware(SecurityHeaders)
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key,
                       session_cookie="huvudman_session", same_site="lax",
                       https_only=settings.secure_cookies, max_age=8 * 3600)
    app.add_middleware(RetryConflicts)  # outermost: each attempt starts from the raw request
    app.mount("/static", StaticFiles(directory=str(Path(__file__).with_name("static"))),
              name="static")
    for router in (public.router, guardian.router, staff.router, rounds.router, notices.router,
                   round_rules.router, compare.router, school.router, audit.router,
                   accounts.router, special_reasons.router, deviations.router,
                   inspections.router, early_warning.router, advisers.router, support.router,
                   pupil_support.router, organisation.router, management.router,
                   governance_report.router, feedback.router, coding.router,
                   working_group.router, evaluation.router, appeals.router, run_letters.router,
                   survey.router, dialogue_report.router,
                   home_addresses.router):
        app.include_router(router)

    @app.exception_handler(HTTPException)
    async def error_page(request: Request, exc: HTTPException):
        if exc.status_code == 303:
            from fastapi.responses import RedirectResponse

            return RedirectResponse(exc.headers["Location"], status_code=303)
        # The status's own English phrase ("Not Found") is not a message: the page says it in
        # the reader's language; a detail a route gave is a message id the catalog translates.
        given = isinstance(exc.detail, str) and exc.detail != _phrase(exc.status_code)
        with request.app.state.sessions() as session:
            return render(request, session, "error.html", status_code=exc.status_code,
                          message=exc.detail if given else "")

    @app.exception_handler(RequestValidationError)
    async def form_error_page(request: Request, exc: RequestValidationError):
        # a number in the address that no record can have is not found; a form field of the
        # wrong kind is the form's fault
        in_path = any(err.get("loc", ("",))[0] == "path" for err in exc.errors())
        with request.app.state.sessions() as session:
            return render(request, session, "error.html", status_code=404 if in_path else 400,
                          message="" if in_path else FORM_INCOMPLETE)

    return app
