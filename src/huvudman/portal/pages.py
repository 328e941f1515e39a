"""Rendering a page: the template with what every page shows (who is signed in, the language,
current notices, the contact card, the CSRF token)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from huvudman.portal.deps import current_user, language
from huvudman.portal.i18n import LANGUAGES, translations
from huvudman.portal.roles import menu_for
from huvudman.portal.security import new_token
from huvudman.store.models import Notice

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _templates(lang: str) -> Jinja2Templates:
    """One template environment per language, so concurrent requests never mix words."""
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["local"] = local_time
    return Jinja2Templates(env=env)


def local_time(at: datetime | None) -> str:
    """A stored time as Swedish time, the way staff and guardians read it ("" for none)."""
    if at is None:
        return ""
    if at.tzinfo is None:  # SQLite gives stored UTC times back without their zone
        at = at.replace(tzinfo=UTC)
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


TEMPLATES = {lang: _templates(lang) for lang in LANGUAGES}


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = new_token()
    return token


def current_notices(session: Session, request: Request, now: datetime) -> list[Notice]:
    """Notices in force that this browser has not dismissed."""
    dismissed = set(filter(None, request.cookies.get("dismissed", "").split(".")))
    notices = session.scalars(select(Notice).where(
        Notice.starts_at <= now, or_(Notice.ends_at.is_(None), Notice.ends_at > now))
        .order_by(Notice.starts_at.desc())).all()
    return [n for n in notices if str(n.id) not in dismissed]


def render(request: Request, session: Session, name: str, status_code: int = 200,
           **context) -> HTMLResponse:
    """A full page (or, for htmx requests of fragments, just the fragment template)."""
    settings = request.app.state.settings
    lang = language(request)
    now = settings.current_time()
    user = current_user(request, session)
    page = {
        "request": request,
        "user": user,
        "staff_menu": menu_for(user.role) if user is not None else [],
        "lang": lang,
        "csrf": csrf_token(request),
        "notices": current_notices(session, request, now),
        "settings": settings,
        "now": now,
        "status_code": status_code,
        **context,
    }
    return TEMPLATES[lang].TemplateResponse(request, name, page, status_code=status_code)
