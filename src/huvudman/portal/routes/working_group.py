"""The dialogue's working group: members, meetings with agenda, calendar invitations and
minutes, and the proposals, decisions and action items linked to the themes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from huvudman.dialogue.themes import THEMES
from huvudman.portal.deps import DB, Id, language, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.dialogue import working_group as group
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance.inspections import parse_day
from huvudman.words.catalogs import translations
from huvudman.words.dialogue import FEEDBACK_REFUSALS, MEETING_TITLE

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]


def _page(request: Request, session, status_code: int = 200, error: str | None = None,
          form: dict | None = None):
    return render(request, session, "working_group.html", status_code=status_code,
                  error=error, members=group.members(session), meetings=group.meetings(session),
                  kinds=group.MEMBER_KINDS, form=form or {})


@router.get("/staff/dialogue/group")
def group_page(request: Request, session: DB):
    require_user(request, session, *roles_for("working_group"))
    return _page(request, session)


@router.post("/staff/dialogue/group")
def group_post(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("working_group"))
    settings = request.app.state.settings
    now = settings.current_time()
    try:
        if form.get("step") == "member":
            group.add_member(session, user, form.get("name", ""), form.get("kind", ""),
                             form.get("email", ""), now)
        elif form.get("step") == "meeting":
            length = form.get("minutes_long", "")
            meeting = group.plan_meeting(session, user, form.get("starts", ""),
                                         int(length) if length.isdecimal() and len(length) < 4
                                         else 0, form.get("place", ""), form.get("agenda", ""),
                                         now, settings.secret_key)
            return RedirectResponse(f"/staff/dialogue/group/meetings/{meeting.id}",
                                    status_code=303)
        else:
            raise HTTPException(status_code=400)
    except NotAllowed as err:
        return _page(request, session, 400, str(err), form)
    return RedirectResponse("/staff/dialogue/group", status_code=303)


def _meeting(request: Request, session, user, meeting_id: int, status_code: int = 200,
             error: str | None = None):
    meeting = group.meeting_for(session, user, meeting_id)
    if meeting is None:
        raise HTTPException(status_code=404)
    return render(request, session, "group_meeting.html", status_code=status_code,
                  error=error, meeting=meeting, members=group.members(session),
                  themes=THEMES, item_kinds=group.ITEM_KINDS,
                  ics=f"/invitations/{meeting.id}.ics?key="
                      f"{group.invitation_key(meeting.id, request.app.state.settings.secret_key)}")


@router.get("/staff/dialogue/group/meetings/{meeting_id}")
def meeting_page(meeting_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("working_group"))
    return _meeting(request, session, user, meeting_id)


@router.post("/staff/dialogue/group/meetings/{meeting_id}")
def meeting_post(meeting_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("working_group"))
    now = request.app.state.settings.current_time()
    try:
        if form.get("step") == "minutes":
            group.write_minutes(session, user, meeting_id, form.get("minutes", ""), now)
        elif form.get("step") == "item":
            due = form.get("due_on", "").strip()
            group.record_item(session, user, meeting_id, form.get("kind", ""),
                              form.get("theme", ""), form.get("text", ""),
                              form.get("owner_id", ""), parse_day(due) if due else None, now)
        else:
            raise NotAllowed(FEEDBACK_REFUSALS["not_now"])
    except NotAllowed as err:
        return _meeting(request, session, user, meeting_id, 400, str(err))
    return RedirectResponse(f"/staff/dialogue/group/meetings/{meeting_id}", status_code=303)


@router.get("/invitations/{meeting_id}.ics")
def calendar_file(meeting_id: Id, request: Request, session: DB):
    settings = request.app.state.settings
    meeting = group.meeting_by_key(session, meeting_id,
                                   request.query_params.get("key", "")[:64],
                                   settings.secret_key)
    if meeting is None:
        raise HTTPException(status_code=404)
    title = translations(language(request)).gettext(MEETING_TITLE)
    return Response(group.invitation(meeting, settings.contact_email, title),
                    media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="arbetsgrupp-{meeting.id}.ics"'})
