"""Staff pages: the applications that do not count yet."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.services import families

router = APIRouter()


@router.get("/staff")
def dashboard(request: Request, session: DB):
    user = require_user(request, session, *roles_for("applications"))
    settings = request.app.state.settings
    incomplete = families.incomplete_applications(session, user, settings.round_name)
    return render(request, session, "staff.html", incomplete=incomplete)
