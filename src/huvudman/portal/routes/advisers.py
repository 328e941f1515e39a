"""Advisers: given to a flagged school by the head of schools or the education director, their
work logged; everyone who follows the work up reads it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.roles import ADVISER_ASSIGNERS
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import advisers
from huvudman.services.governance.indicators import warnings

router = APIRouter()
Field = Annotated[str, Form()]


def _page(request: Request, session, user, status_code: int = 200, error: str | None = None):
    now = request.app.state.settings.current_time()
    schools = [w.school for w in warnings(session, now) if w.assessment.flagged]
    return render(request, session, "advisers.html", status_code=status_code, error=error,
                  assignments=advisers.assignments_for(session, user),
                  may_assign=user.role in ADVISER_ASSIGNERS, flagged=schools,
                  people=advisers.advisers(session), me=user)


@router.get("/staff/advisers")
def advisers_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("advisers"))
    return _page(request, session, user)


@router.post("/staff/advisers")
def assign(request: Request, session: DB, school_id: Field = "", adviser_id: Field = "",
           reason: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("advisers"))
    try:
        advisers.assign_adviser(session, user, school_id, adviser_id, reason,
                                request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, user, 400, str(err))
    return RedirectResponse("/staff/advisers", status_code=303)


@router.post("/staff/advisers/{assignment_id}/notes")
def log(assignment_id: Id, request: Request, session: DB, text: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("adviser_notes"))
    try:
        advisers.log_work(session, user, assignment_id, text,
                          request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, user, 400, str(err))
    return RedirectResponse("/staff/advisers", status_code=303)
