"""Staff pages: the applications that do not count yet."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.families import applications as families

router = APIRouter()


@router.get("/staff")
def dashboard(request: Request, session: DB):
    user = require_user(request, session, *roles_for("applications"))
    settings = request.app.state.settings
    incomplete = families.incomplete_applications(session, user, settings.round_name)
    reminded = request.query_params.get("reminded", "")
    return render(request, session, "staff.html", incomplete=incomplete,
                  reminded=int(reminded) if reminded.isdecimal() else None)


@router.post("/staff/remind")
def remind(request: Request, session: DB, csrf: Annotated[str, Form()] = ""):
    from huvudman.services.families.reminders import remind_waiting

    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("applications"))
    settings = request.app.state.settings
    sent = remind_waiting(session, user, settings.round_name, settings.current_time(),
                          settings.deadline, settings.sender())
    return RedirectResponse(f"/staff?reminded={sent}", status_code=303)
