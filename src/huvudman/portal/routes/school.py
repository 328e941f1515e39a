"""A principal's own school: applicants by choice rank and the children placed there."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.services.registers.schools import school_by_id
from huvudman.services.rounds.school_view import school_view

router = APIRouter()


@router.get("/staff/school")
def my_school(request: Request, session: DB):
    user = require_user(request, session, *roles_for("school"))
    school = school_by_id(session, user.school_id)
    view = school_view(session, user, request.app.state.settings.round_name) if school else None
    return render(request, session, "school.html", school=school, view=view)
