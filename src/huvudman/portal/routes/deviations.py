"""Deviations: staff report from a phone, owners move cases on their board, anyone reports
anonymously and follows the case with a receipt code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.deviations import CATEGORIES, SEVERITIES
from huvudman.governance.patterns import PLACES
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.dialogue.feedback import feedback_of_deviation
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import deviation_cases as cases
from huvudman.services.governance import deviation_patterns
from huvudman.services.registers.schools import schools_by_name

router = APIRouter()
Field = Annotated[str, Form()]


def _report_form(request: Request, session, template: str, status_code: int = 200,
                 error: str | None = None, form: dict | None = None, **extra):
    return render(request, session, template, status_code=status_code, error=error,
                  categories=list(CATEGORIES), severities=SEVERITIES, form=form or {},
                  schools=schools_by_name(session), places=PLACES, **extra)


def _severity(text: str) -> int:
    return int(text) if text.strip().isdecimal() and len(text.strip()) == 1 else 0


@router.get("/staff/deviations/new")
def report_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("report"))
    return _report_form(request, session, "deviation_new.html",
                        form={"school_id": user.school_id or "", "severity": "1"})


@router.post("/staff/deviations/new")
def report(request: Request, session: DB, category: Field = "", severity: Field = "",
           school_id: Field = "", title: Field = "", description: Field = "",
           place: Field = "", pupil: Field = "", staff: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("report"))
    made = _reported(request, session, user, "deviation_new.html", category, severity,
                     school_id, title, description, cases.Involved(place, pupil, staff))
    if not isinstance(made, cases.Reported):
        return made
    return RedirectResponse(f"/staff/deviations/{made.deviation.id}?reported=1",
                            status_code=303)


def _reported(request: Request, session, user, template: str, category: str, severity: str,
              school_id: str, title: str, description: str, involved: cases.Involved):
    """The report recorded, or the form again with what was wrong (nothing lost)."""
    settings = request.app.state.settings
    try:
        return cases.report_deviation(session, user, category, _severity(severity), school_id,
                                      title, description, settings.current_time(), involved,
                                      settings.pseudonym_key.encode())
    except NotAllowed as err:
        return _report_form(request, session, template, 400, str(err), {
            "category": category, "severity": severity, "school_id": school_id,
            "title": title, "description": description, "place": involved.place,
            "pupil": involved.pupil, "staff": involved.staff})


@router.get("/staff/deviations")
def board_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("deviations"))
    return render(request, session, "deviations.html", board=cases.board(session, user),
                  owner_of=cases.owner_role, patterns=deviation_patterns.patterns_for(
                      session, user, request.app.state.settings.current_time()))


@router.get("/staff/deviations/{deviation_id}")
def case_page(deviation_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("deviations"))
    row = cases.deviation_for(session, user, deviation_id)
    if row is None:
        raise HTTPException(status_code=404)
    return _case(request, session, user, row)


def _case(request: Request, session, user, row, status_code: int = 200,
          error: str | None = None):
    return render(request, session, "deviation.html", status_code=status_code, error=error,
                  case=row, owner=cases.owner_role(row), may_act=cases.may_act(user, row),
                  reported=request.query_params.get("reported") == "1",
                  from_feedback=feedback_of_deviation(session, row.id)
                  if user.role in roles_for("feedback") else None)


@router.post("/staff/deviations/{deviation_id}/act")
def act(deviation_id: Id, request: Request, session: DB, action: Field = "", text: Field = "",
        csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("deviations"))
    row = cases.deviation_for(session, user, deviation_id)
    if row is None:
        raise HTTPException(status_code=404)
    try:
        cases.act_on(session, user, row, action, text, request.app.state.settings.current_time())
    except NotAllowed as err:
        return _case(request, session, user, row, 400, str(err))
    return RedirectResponse(f"/staff/deviations/{row.id}", status_code=303)


@router.get("/report")
def anonymous_page(request: Request, session: DB):
    return _report_form(request, session, "report.html", form={"severity": "1"})


@router.post("/report")
def anonymous_report(request: Request, session: DB, category: Field = "", severity: Field = "",
                     school_id: Field = "", title: Field = "", description: Field = "",
                     place: Field = "", pupil: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    made = _reported(request, session, None, "report.html", category, severity, school_id,
                     title, description, cases.Involved(place, pupil, ""))
    if not isinstance(made, cases.Reported):
        return made
    return render(request, session, "report_receipt.html", receipt=made.receipt)


@router.post("/report/follow")
def follow(request: Request, session: DB, code: Field = "", answer: Field = "",
           csrf: Field = ""):
    check_csrf(request, csrf)
    row = cases.by_receipt(session, code)
    if row is None:
        return render(request, session, "report_follow.html", status_code=404, case=None,
                      code=code)
    error = None
    if answer.strip():
        try:
            cases.answer_by_receipt(session, row, answer,
                                    request.app.state.settings.current_time())
        except NotAllowed as err:
            error = str(err)
    return render(request, session, "report_follow.html", case=row, code=code, error=error,
                  events=cases.shared_with_reporter(row), answered=bool(answer.strip()))
