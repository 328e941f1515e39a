"""Rendering a page: the template with what every page shows (who is signed in, the language,
current notices, the contact card, the CSRF token)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from threading import Lock

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from huvudman.governance.roles import sees_protected_children
from huvudman.portal.deps import current_user, language
from huvudman.portal.i18n import languages, text_direction, translations
from huvudman.portal.roles import ROLE_WORDS, menu_for, roles_acting
from huvudman.portal.security import new_token
from huvudman.store.models import Notice
from huvudman.store.times import as_utc
from huvudman.words import decisions as decisions_words
from huvudman.words import dialogue as dialogue_words
from huvudman.words import governance as governance_words
from huvudman.words import vocabulary
from huvudman.words.comparison import mechanism_name, rule_name, run_rules
from huvudman.words.forecast import band_word
from huvudman.words.formatting import (
    day_words,
    language_name,
    last_day,
    local_date,
    local_time,
    metres,
    number,
    percent,
)
from huvudman.words.governance import category_words


def _templates(lang: str) -> Jinja2Templates:
    """One template environment per language, so concurrent requests never mix words."""
    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                      autoescape=select_autoescape(["html"]), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.globals["text_dir"] = text_direction(lang)
    env.globals["other_languages"] = lambda: [(code, language_name(code))
                                              for code in languages() if code != lang]
    env.filters["local"] = local_time
    env.filters["local_date"] = local_date
    env.filters["day"] = lambda day: day_words(day, lang)
    env.filters["last_day"] = last_day
    env.filters["percent"] = lambda share, decimals=1: percent(share, lang, decimals)
    env.filters["metres"] = lambda value: metres(value, lang)
    env.filters["number"] = lambda value, decimals=0: number(value, lang, decimals)
    env.filters["rule"] = lambda code: rule_name(code, lang)
    env.filters["category"] = lambda code: category_words(code, lang)[0]
    env.filters["category_about"] = lambda code: category_words(code, lang)[1]
    env.filters["mechanism"] = lambda code: mechanism_name(code, lang)
    env.filters["band"] = lambda code: band_word(code, lang)
    env.filters["run_rules"] = lambda label: run_rules(label, lang)
    env.filters["language_name"] = language_name
    env.globals["vocabulary"] = vocabulary
    env.globals["governance"] = governance_words
    env.globals["dialogue"] = dialogue_words
    env.globals["decisions"] = decisions_words
    env.globals["role_words"] = ROLE_WORDS
    env.filters["aware"] = as_utc  # SQLite gives times back without their zone (UTC)
    return Jinja2Templates(env=env)


_TEMPLATES: dict[str, Jinja2Templates] = {}


def templates(lang: str) -> Jinja2Templates:
    """The templates in `lang` (made on first use: a municipality may add languages)."""
    if lang not in _TEMPLATES:
        _TEMPLATES[lang] = _templates(lang)
    return _TEMPLATES[lang]


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = new_token()
    return token


class NoticeBoard:
    """The notices in force, read from the database at most every few seconds per process:
    every page shows them, so reading them for each page would cost every page a query. A
    notice published or ended through this process shows at once (`forget`); through another
    worker process, within `seconds`."""

    def __init__(self, seconds: float = 5.0) -> None:
        self.seconds = seconds
        self._read_at = -1e9
        self._notices: list[ShownNotice] = []
        self._lock = Lock()

    def forget(self) -> None:
        """Read the notices again on the next page."""
        with self._lock:
            self._read_at = -1e9

    def current(self, session: Session, now: datetime) -> list[ShownNotice]:
        """Notices in force now, the newest first."""
        with self._lock:
            fresh = time.monotonic() - self._read_at < self.seconds
            if fresh:
                return [n for n in self._notices if n.in_force(now)]
        rows = session.scalars(select(Notice).where(
            or_(Notice.ends_at.is_(None), Notice.ends_at > now))
            .order_by(Notice.starts_at.desc())).all()
        notices = [ShownNotice(n.id, n.title, n.body, as_utc(n.starts_at),
                               as_utc(n.ends_at) if n.ends_at else None) for n in rows]
        with self._lock:
            self._notices, self._read_at = notices, time.monotonic()
        return [n for n in notices if n.in_force(now)]


@dataclass(frozen=True)
class ShownNotice:
    """A notice as pages show it."""

    id: int
    title: str
    body: str
    starts_at: datetime
    ends_at: datetime | None

    def in_force(self, now: datetime) -> bool:
        """Shown at `now`."""
        return self.starts_at <= now and (self.ends_at is None or self.ends_at > now)


def current_notices(session: Session, request: Request, now: datetime) -> list[ShownNotice]:
    """Notices in force that this browser has not dismissed."""
    dismissed = set(filter(None, request.cookies.get("dismissed", "").split(".")))
    board = request.app.state.notices
    return [n for n in board.current(session, now) if str(n.id) not in dismissed]


def render(request: Request, session: Session, name: str, status_code: int = 200,
           fragment: bool = False, **context) -> HTMLResponse:
    """A full page, or with `fragment` a piece of one that htmx puts into a page (no banner,
    menu or account: nothing is read for them)."""
    settings = request.app.state.settings
    lang = language(request)
    now = settings.current_time()
    if fragment:
        return templates(lang).TemplateResponse(request, name, {
            "request": request, "lang": lang, "settings": settings, "now": now,
            "csrf": csrf_token(request), **context},
            status_code=status_code)
    user = current_user(request, session)
    page = {
        "request": request,
        "user": user,
        "staff_menu": menu_for(user.role) if user is not None else [],
        # what the signed-in person may do on a page, and whether they see which child with
        # protected identity is which — from the one role table, for every template
        "acts": lambda key: user is not None and user.role in roles_acting(key),
        "sees_protected": user is not None and sees_protected_children(user.role),
        "lang": lang,
        "csrf": csrf_token(request),
        "notices": current_notices(session, request, now),
        "settings": settings,
        "now": now,
        "status_code": status_code,
        **context,
    }
    return templates(lang).TemplateResponse(request, name, page, status_code=status_code)
