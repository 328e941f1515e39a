"""The management board: every open matter at the viewer's level and below, threads between
the levels, and the team's meetings with their generated agenda, decisions and action items."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.agenda import TEAMS, agenda, thread_levels
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.portal.deps import DB, Id, language, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import ROLE_WORDS, roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import management
from huvudman.services.governance.inspections import parse_day
from huvudman.services.registers.schools import schools_by_name
from huvudman.workdays import swedish_date

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]


def _board(request: Request, session, user, status_code: int = 200, error: str | None = None,
           form: dict | None = None):
    now = request.app.state.settings.current_time()
    matters = management.matters_for(session, user, now, language(request))
    return render(request, session, "management.html", status_code=status_code, error=error,
                  board=agenda(matters, None, per_section=100), total=len(matters),
                  threads=management.threads_for(session, user),
                  meetings=management.meetings_for(session, user),
                  levels=thread_levels(user.role), role_words=ROLE_WORDS,
                  schools=[] if user.role in SCHOOL_BOUND else schools_by_name(session),
                  today=swedish_date(now).isoformat(), form=form or {})


@router.get("/staff/management")
def board_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("management"))
    return _board(request, session, user)


@router.post("/staff/management/threads")
def open_thread(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("management"))
    try:
        thread = management.open_thread(session, user, form.get("to_role", ""),
                                        form.get("school_id", ""), form.get("subject", ""),
                                        form.get("text", ""),
                                        request.app.state.settings.current_time())
    except NotAllowed as err:
        return _board(request, session, user, 400, str(err), form)
    return RedirectResponse(f"/staff/management/threads/{thread.id}", status_code=303)


def _thread(request: Request, session, user, thread_id: int, status_code: int = 200,
            error: str | None = None):
    thread = management.thread_for(session, user, thread_id)
    if thread is None:
        raise HTTPException(status_code=404)
    return render(request, session, "thread.html", status_code=status_code, error=error,
                  thread=thread, role_words=ROLE_WORDS,
                  authors=management.authors(session, thread))


@router.get("/staff/management/threads/{thread_id}")
def thread_page(thread_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("management"))
    return _thread(request, session, user, thread_id)


@router.post("/staff/management/threads/{thread_id}/answer")
def answer(thread_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("management"))
    try:
        management.answer_thread(session, user, thread_id, form.get("text", ""),
                                 form.get("close") == "1",
                                 request.app.state.settings.current_time())
    except NotAllowed as err:
        return _thread(request, session, user, thread_id, 400, str(err))
    return RedirectResponse(f"/staff/management/threads/{thread_id}", status_code=303)


@router.post("/staff/management/meetings")
def prepare(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("management"))
    try:
        meeting = management.prepare_meeting(session, user, parse_day(form.get("held_on", "")),
                                             request.app.state.settings.current_time(),
                                             language(request))
    except NotAllowed as err:
        return _board(request, session, user, 400, str(err), form)
    return RedirectResponse(f"/staff/management/meetings/{meeting.id}", status_code=303)


def _meeting(request: Request, session, user, meeting_id: int, status_code: int = 200,
             error: str | None = None):
    meeting = management.meeting_for(session, user, meeting_id)
    if meeting is None:
        raise HTTPException(status_code=404)
    return render(request, session, "meeting.html", status_code=status_code, error=error,
                  meeting=meeting, chair=meeting.level == user.role, teams=TEAMS,
                  role_words=ROLE_WORDS,
                  today=swedish_date(request.app.state.settings.current_time()))


@router.get("/staff/management/meetings/{meeting_id}")
def meeting_page(meeting_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("management"))
    return _meeting(request, session, user, meeting_id)


@router.post("/staff/management/meetings/{meeting_id}/items")
def record(meeting_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("management"))
    if management.meeting_for(session, user, meeting_id) is None:
        raise HTTPException(status_code=404)
    now = request.app.state.settings.current_time()
    try:
        if form.get("done", "").isdecimal() and len(form["done"]) < 10:
            management.complete_action(session, user, int(form["done"]), now)
        else:
            due = form.get("due_on", "").strip()
            management.record_item(session, user, meeting_id, form.get("kind", ""),
                                   form.get("text", ""), form.get("owner_role", ""),
                                   parse_day(due) if due else None, now)
    except NotAllowed as err:
        return _meeting(request, session, user, meeting_id, 400, str(err))
    return RedirectResponse(f"/staff/management/meetings/{meeting_id}", status_code=303)
