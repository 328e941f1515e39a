"""A principal's own school: applicants by choice rank and the children placed there."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.services.school_view import school_view
from huvudman.store.models import School

router = APIRouter()


@router.get("/staff/school")
def my_school(request: Request, session: DB):
    user = require_user(request, session, *roles_for("school"))
    school = session.get(School, user.school_id or "")
    view = school_view(session, user, request.app.state.settings.round_name) if school else None
    return render(request, session, "school.html", school=school, view=view)
