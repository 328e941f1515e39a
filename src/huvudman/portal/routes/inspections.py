"""Inspection decisions: registered with their findings, corrective actions recorded with
evidence, a countdown board, and the report to the inspectorate as a PDF."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from huvudman.governance.inspections import AREAS, KINDS
from huvudman.governance.roles import INSPECTION_ACTORS, INSPECTION_REGISTRARS
from huvudman.portal.deps import DB, Id, language, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import ROLE_WORDS, roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import inspections
from huvudman.services.registers.schools import schools_by_name
from huvudman.words.formatting import local_date
from huvudman.words.messages import INSPECTION_REFUSED

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]
#: Findings the register form offers at once (more are added by registering again).
FINDING_ROWS = 4


def _today(request: Request) -> date:
    """Today in Sweden (the day the countdown counts from)."""
    return date.fromisoformat(local_date(request.app.state.settings.current_time()))


def _board(request: Request, session, user, status_code: int = 200, error: str | None = None,
           form: dict | None = None):
    return render(request, session, "inspections.html", status_code=status_code, error=error,
                  decisions=inspections.countdown(session, user, _today(request)),
                  registrar=user.role in INSPECTION_REGISTRARS, kinds=KINDS, areas=AREAS,
                  schools=schools_by_name(session), rows=range(1, FINDING_ROWS + 1),
                  form=form or {})


@router.get("/staff/inspections")
def countdown_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("inspections"))
    return _board(request, session, user)


@router.post("/staff/inspections")
def register(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("inspections"))
    findings = [(form.get(f"area{k}", ""), form.get(f"text{k}", ""), form.get(f"by{k}", ""))
                for k in range(1, FINDING_ROWS + 1)]
    try:
        decision = inspections.register_decision(
            session, user, form.get("school_id", ""), form.get("decided_on", ""),
            form.get("kind", ""), form.get("reference", ""), form.get("summary", ""), findings,
            request.app.state.settings.current_time())
    except NotAllowed as err:
        return _board(request, session, user, 400, str(err), form)
    return RedirectResponse(f"/staff/inspections/{decision.id}", status_code=303)


def _decision(request: Request, session, user, decision_id: int):
    view = inspections.decision_for(session, user, decision_id, _today(request))
    if view is None:
        raise HTTPException(status_code=404)
    return view


@router.get("/staff/inspections/{decision_id}")
def decision_page(decision_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("inspections"))
    return _page(request, session, user, _decision(request, session, user, decision_id))


def _page(request: Request, session, user, view, status_code: int = 200,
          error: str | None = None):
    return render(request, session, "inspection.html", status_code=status_code, error=error,
                  view=view, may_act=user.role in INSPECTION_ACTORS, owners=INSPECTION_ACTORS,
                  role_words=ROLE_WORDS, today=_today(request).isoformat())


@router.post("/staff/inspections/{decision_id}/act")
def act(decision_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("inspections"))
    view = _decision(request, session, user, decision_id)
    now = request.app.state.settings.current_time()
    step = form.get("step", "")
    key = form.get("id", "")
    try:
        if not key.isdecimal() or len(key) > 9:
            raise NotAllowed(INSPECTION_REFUSED)
        if step == "add_action":
            inspections.add_action(session, user, view, int(key), form.get("text", ""),
                                   form.get("owner", ""), form.get("due_on", ""), now)
        elif step == "complete_action":
            inspections.complete_action(session, user, view, int(key),
                                        form.get("done_on", ""), form.get("evidence", ""), now)
        elif step == "report":
            inspections.mark_reported(session, user, view, int(key), form.get("on", ""), now)
        else:
            raise NotAllowed(INSPECTION_REFUSED)
    except NotAllowed as err:
        return _page(request, session, user, view, 400, str(err))
    return RedirectResponse(f"/staff/inspections/{decision_id}", status_code=303)


@router.get("/staff/inspections/{decision_id}/report.pdf")
def report(decision_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("inspections"))
    view = _decision(request, session, user, decision_id)
    document = inspections.report_pdf(view, request.app.state.settings.municipality,
                                      language(request))
    name = "redovisning-" + re.sub(r"[^A-Za-z0-9.-]+", "-", view.decision.reference) + ".pdf"
    return Response(document, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
