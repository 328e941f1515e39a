"""The organisation: the chain of command with who holds each post now, and who held it."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import ROLE_WORDS, roles_for
from huvudman.services.governance.organisation import organisation

router = APIRouter()


@router.get("/staff/organisation")
def organisation_page(request: Request, session: DB):
    require_user(request, session, *roles_for("organisation"))
    org = organisation(session)
    return render(request, session, "organisation.html", org=org,
                  school_names={s.school.school_id: s.school.name for s in org.schools},
                  role_words=ROLE_WORDS,
                  municipality=request.app.state.settings.municipality)
