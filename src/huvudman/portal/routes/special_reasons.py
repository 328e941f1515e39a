"""Placement officers decide special reasons (särskilda skäl), one child at a time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.families import special_reasons
from huvudman.services.families.applications import NotAllowed
from huvudman.services.registers.schools import schools_by_name
from huvudman.services.rounds.round_settings import SPECIAL_REASON_CATEGORIES

router = APIRouter()
Field = Annotated[str, Form()]


def _page(request: Request, session, user, status_code: int = 200, error: str | None = None,
          form: dict[str, str] | None = None):
    return render(request, session, "special_reasons.html", status_code=status_code,
                  error=error, items=special_reasons.special_reasons(session, user),
                  schools=schools_by_name(session), categories=SPECIAL_REASON_CATEGORIES,
                  form=form or {}, decided=request.query_params.get("decided") == "1")


@router.get("/staff/special-reasons")
def special_reasons_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("special_reasons"))
    return _page(request, session, user)


@router.post("/staff/special-reasons")
def decide(request: Request, session: DB, child: Field = "", school_id: Field = "",
           category: Field = "", note: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("special_reasons"))
    try:
        special_reasons.decide_by_key(session, user, child, school_id, category, note,
                                      request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, user, 400, str(err),
                     {"child": child, "school_id": school_id, "category": category,
                      "note": note})
    return RedirectResponse("/staff/special-reasons?decided=1", status_code=303)


@router.post("/staff/special-reasons/{reason_id}/withdraw")
def withdraw(reason_id: Id, request: Request, session: DB, csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("special_reasons"))
    if not special_reasons.withdraw_by_id(session, user, reason_id):
        raise HTTPException(status_code=404)
    return RedirectResponse("/staff/special-reasons", status_code=303)
