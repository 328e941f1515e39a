"""The school evaluator's plans per school and term, and visit protocols by area."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.evaluation import JUDGEMENTS, term_of
from huvudman.governance.inspections import AREAS
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf, first, form_lists
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import evaluation
from huvudman.services.governance.inspections import parse_day
from huvudman.services.registers.schools import schools_by_name
from huvudman.workdays import swedish_date

router = APIRouter()


Multi = Annotated[dict[str, list[str]], Depends(form_lists)]


def _list(request: Request, session, user, status_code: int = 200, error: str | None = None):
    today = swedish_date(request.app.state.settings.current_time())
    return render(request, session, "evaluation.html", status_code=status_code, error=error,
                  plans=evaluation.plans_for(session, user), areas=AREAS,
                  schools=schools_by_name(session), term=term_of(today),
                  may_plan=user.role in roles_acting("evaluation"))


@router.get("/staff/evaluation")
def plans_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("evaluation"))
    return _list(request, session, user)


@router.post("/staff/evaluation")
def make_plan(request: Request, session: DB, form: Multi):
    check_csrf(request, first(form, "csrf"))
    user = require_user(request, session, *roles_acting("evaluation"))
    try:
        plan = evaluation.make_plan(session, user, first(form, "school_id"), first(form, "term"),
                                    form.get("area", []), first(form, "purpose"),
                                    request.app.state.settings.current_time())
    except NotAllowed as err:
        return _list(request, session, user, 400, str(err))
    return RedirectResponse(f"/staff/evaluation/{plan.id}", status_code=303)


def _plan(request: Request, session, user, plan_id: int, status_code: int = 200,
          error: str | None = None):
    view = evaluation.plan_for(session, user, plan_id)
    if view is None:
        raise HTTPException(status_code=404)
    return render(request, session, "evaluation_plan.html", status_code=status_code,
                  error=error, view=view, judgements=JUDGEMENTS,
                  may_record=user.role in roles_acting("evaluation"),
                  today=swedish_date(request.app.state.settings.current_time()).isoformat())


@router.get("/staff/evaluation/{plan_id}")
def plan_page(plan_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("evaluation"))
    return _plan(request, session, user, plan_id)


@router.post("/staff/evaluation/{plan_id}")
def record_visit(plan_id: Id, request: Request, session: DB, form: Multi):
    check_csrf(request, first(form, "csrf"))
    user = require_user(request, session, *roles_acting("evaluation"))
    if evaluation.plan_for(session, user, plan_id) is None:
        raise HTTPException(status_code=404)
    try:
        evaluation.record_visit(session, user, plan_id, parse_day(first(form, "visited_on")),
                                first(form, "area"), first(form, "observed"),
                                first(form, "strengths"), first(form, "to_develop"),
                                first(form, "judgement"),
                                request.app.state.settings.current_time())
    except NotAllowed as err:
        return _plan(request, session, user, plan_id, 400, str(err))
    return RedirectResponse(f"/staff/evaluation/{plan_id}", status_code=303)
