"""Staff: publish and end disruption notices (the banner every page shows)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.dialogue.notices import all_notices, end_notice, notice_state, publish_notice
from huvudman.services.families.applications import NotAllowed
from huvudman.words.messages import BAD_DATE

router = APIRouter()
Text = Annotated[str, Form()]


def _when(text: str) -> datetime | None:
    """A date and time typed in the form (Swedish time is what staff type; stored as UTC)."""
    from huvudman.words.formatting import STOCKHOLM

    text = text.strip()
    if not text:
        return None
    try:
        local = datetime.fromisoformat(text.replace("T", " "))
    except ValueError:
        raise NotAllowed(BAD_DATE) from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=STOCKHOLM)
    return local.astimezone(UTC)


@router.get("/staff/notices")
def notices_page(request: Request, session: DB):
    require_user(request, session, *roles_for("notices"))
    return render(request, session, "notices.html", items=all_notices(session), error=None,
                  notice_state=notice_state)


@router.post("/staff/notices")
def notice_new(request: Request, session: DB, title: Text = "", body: Text = "",
               starts: Text = "", ends: Text = "", csrf: Text = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("notices"))
    now = request.app.state.settings.current_time()
    try:
        publish_notice(session, user, title, body, _when(starts) or now, _when(ends))
        request.app.state.notices.forget()
    except NotAllowed as err:
        return render(request, session, "notices.html", status_code=400,
                      items=all_notices(session), error=str(err), notice_state=notice_state)
    return RedirectResponse("/staff/notices", status_code=303)


@router.post("/staff/notices/{notice_id}/end")
def notice_end(notice_id: Id, request: Request, session: DB, csrf: Text = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("notices"))
    if end_notice(session, user, notice_id, request.app.state.settings.current_time()) is None:
        raise HTTPException(status_code=404)
    request.app.state.notices.forget()
    return RedirectResponse("/staff/notices", status_code=303)
