"""Pupils who may need special support: the school's staff signal, the principal and pupil
health investigate and decide, and everyone above reads the times from signal per school —
without names."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.roles import PUPIL_CASE_HANDLERS, PUPIL_SIGNALLERS
from huvudman.governance.support import DECIDE_WITHIN, INVESTIGATE_WITHIN
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import pupil_support

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]


def _list(request: Request, session, user, status_code: int = 200, error: str | None = None,
          form: dict | None = None):
    now = request.app.state.settings.current_time()
    return render(request, session, "pupil_support.html", status_code=status_code,
                  error=error, cases=pupil_support.cases_for(session, user),
                  times=pupil_support.times_by_school(session, user, now),
                  may_signal=user.role in PUPIL_SIGNALLERS and bool(user.school_id),
                  investigate_within=INVESTIGATE_WITHIN, decide_within=DECIDE_WITHIN,
                  form=form or {})


@router.get("/staff/pupil-support")
def cases_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("pupil_support"))
    return _list(request, session, user)


@router.post("/staff/pupil-support")
def signal(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("pupil_support"))
    try:
        case = pupil_support.signal(session, user, form.get("pupil_name", ""),
                                    form.get("pupil_class", ""), form.get("text", ""),
                                    request.app.state.settings.current_time())
    except NotAllowed as err:
        return _list(request, session, user, 400, str(err), form)
    return RedirectResponse(f"/staff/pupil-support/{case.id}", status_code=303)


def _page(request: Request, session, user, case_id: int, status_code: int = 200,
          error: str | None = None):
    case = pupil_support.case_for(session, user, case_id,
                                  request.app.state.settings.current_time())
    if case is None:
        raise HTTPException(status_code=404)  # not "forbidden": ids must not be probed
    return render(request, session, "pupil_case.html", status_code=status_code, error=error,
                  case=case, handler=user.role in PUPIL_CASE_HANDLERS,
                  decides=user.role == "principal")


@router.get("/staff/pupil-support/{case_id}")
def case_page(case_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("pupil_support"))
    return _page(request, session, user, case_id)


@router.post("/staff/pupil-support/{case_id}/act")
def act(case_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_for("pupil_support"))
    try:
        pupil_support.record_step(session, user, case_id, form.get("step", ""),
                                  form.get("note", ""),
                                  request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, user, case_id, 400, str(err))
    return RedirectResponse(f"/staff/pupil-support/{case_id}", status_code=303)
