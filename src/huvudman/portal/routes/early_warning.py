"""The school evaluator's early warning: indicators imported from Skolverket's statistics and
every school scored against the declared thresholds, with the reasons."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import RedirectResponse

from huvudman.governance.early_warning import FLAG_AT, INDICATORS
from huvudman.portal.deps import DB, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.governance import indicators

router = APIRouter()


def _page(request: Request, session, user, status_code: int = 200, rejected=None):
    return render(request, session, "early_warning.html", status_code=status_code,
                  warnings=indicators.early_warning(session, user,
                                                    request.app.state.settings.current_time()),
                  may_import=user.role in roles_acting("early_warning"), flag_at=FLAG_AT,
                  thresholds=INDICATORS, rejected=rejected or [],
                  imported=request.query_params.get("imported"))


@router.get("/staff/early-warning")
def early_warning_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("early_warning"))
    return _page(request, session, user)


@router.post("/staff/early-warning")
def import_statistics(request: Request, session: DB, file: UploadFile | None = None,
                      csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("early_warning"))
    if file is None:
        return _page(request, session, user, 400)
    result = indicators.import_indicators(session, user, file.filename or "statistik.csv",
                                          file.file.read(),
                                          request.app.state.settings.current_time())
    if result.rejected:
        return _page(request, session, user, 400, result.rejected)
    return RedirectResponse(f"/staff/early-warning?imported={result.stored}", status_code=303)
