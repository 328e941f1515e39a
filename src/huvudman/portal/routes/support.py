"""Special support measures for schools: proposed from a trigger, decided within delegation
with resources and a timeline, the effect followed up with evidence."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.support import DELEGATION, EFFECTS, TRIGGERS, may_decide
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import ROLE_WORDS, roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import support_measures as measures
from huvudman.services.governance.inspections import parse_day
from huvudman.services.registers.schools import schools_by_name
from huvudman.words.governance import SUPPORT_REFUSALS

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]


def _list(request: Request, session, user, status_code: int = 200, error: str | None = None,
          form: dict | None = None):
    now = request.app.state.settings.current_time()
    schools = [s for s in schools_by_name(session)
               if measures.may_propose(session, user, s.school_id)]
    return render(request, session, "support.html", status_code=status_code, error=error,
                  views=measures.measures_for(session, user, now), schools=schools,
                  triggers=TRIGGERS, delegation=DELEGATION, role_words=ROLE_WORDS,
                  form=form or {})


@router.get("/staff/support")
def measures_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("support"))
    return _list(request, session, user)


@router.post("/staff/support")
def propose(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("support"))
    try:
        measure = measures.propose(session, user, form.get("school_id", ""),
                                   form.get("trigger", ""), form.get("trigger_ref", ""),
                                   form.get("title", ""), form.get("proposal", ""),
                                   form.get("cost", ""),
                                   request.app.state.settings.current_time())
    except NotAllowed as err:
        return _list(request, session, user, 400, str(err), form)
    return RedirectResponse(f"/staff/support/{measure.id}", status_code=303)


def _page(request: Request, session, user, measure_id: int, status_code: int = 200,
          error: str | None = None):
    view = measures.measure_for(session, user, measure_id,
                                request.app.state.settings.current_time())
    if view is None:
        raise HTTPException(status_code=404)
    return render(request, session, "support_measure.html", status_code=status_code,
                  error=error, view=view, role_words=ROLE_WORDS, effects=EFFECTS,
                  may_decide=may_decide(user.role, view.measure.cost),
                  may_follow_up=user.role in roles_acting("support"))


@router.get("/staff/support/{measure_id}")
def measure_page(measure_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("support"))
    return _page(request, session, user, measure_id)


def _day(text: str) -> date | None:
    return parse_day(text) if text.strip() else None


@router.post("/staff/support/{measure_id}/act")
def act(measure_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("support"))
    now = request.app.state.settings.current_time()
    step = form.get("step", "")
    try:
        if step in ("approve", "decline"):
            measures.decide(session, user, measure_id, step == "approve",
                            form.get("resources", ""), _day(form.get("starts_on", "")),
                            _day(form.get("ends_on", "")), now)
        elif step == "follow_up":
            measures.follow_up(session, user, measure_id, form.get("effect", ""),
                               form.get("evidence", ""), now)
        else:
            raise NotAllowed(SUPPORT_REFUSALS["not_now"])
    except NotAllowed as err:
        if measures.measure_for(session, user, measure_id, now) is None:
            raise HTTPException(status_code=404) from None
        return _page(request, session, user, measure_id, 400, str(err))
    return RedirectResponse(f"/staff/support/{measure_id}", status_code=303)
