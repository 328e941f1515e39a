"""Staff: appeals of placement decisions — the list, registering one that came on paper or
by e-mail (or a court's request for our statement), and each case with its time check, the
run's facts for the child, and the steps the law allows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, Id, language, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.decisions import appeals
from huvudman.services.families.applications import NotAllowed
from huvudman.services.families.special_reasons import find_child
from huvudman.services.notify import family_mail
from huvudman.services.registers.schools import school_names
from huvudman.words.messages import UNKNOWN_CHILD

router = APIRouter()
Field = Annotated[str, Form()]


def _list_page(request: Request, session, status_code: int = 200, error: str = "",
               form: dict[str, str] | None = None):
    return render(request, session, "appeals.html", status_code=status_code, error=error,
                  items=appeals.all_appeals(session), form=form or {},
                  channels=appeals.CHANNELS[1:], rounds=appeals.appeal_statistics(session),
                  school_names=school_names(session))


@router.get("/staff/appeals")
def appeals_page(request: Request, session: DB):
    require_user(request, session, *roles_for("appeals"))
    return _list_page(request, session)


@router.post("/staff/appeals")
def register(request: Request, session: DB, child: Field = "", route: Field = "",
             channel: Field = "", text: Field = "", received_on: Field = "",
             starts_on: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("appeals"))
    form = {"child": child[:40], "route": route, "channel": channel, "text": text[:8000],
            "received_on": received_on[:20], "starts_on": starts_on[:20]}
    found = find_child(session, child[:40])
    settings = request.app.state.settings
    try:
        if found is None:
            raise NotAllowed(UNKNOWN_CHILD)
        made = appeals.register(session, user, found, settings.round_name, route, channel,
                                text, appeals.parse_day(received_on),
                                appeals.parse_day(starts_on), settings.current_time())
    except NotAllowed as err:
        return _list_page(request, session, 400, str(err), form)
    if made.channel != "court":  # the family wrote: tell them it came in
        family_mail.appeal_received(session, made, found, settings.sender(),
                                    settings.current_time())
    return RedirectResponse(f"/staff/appeals/{made.id}", status_code=303)


def _case(session, appeal_id: int):
    found = appeals.appeal_by_id(session, appeal_id)
    if found is None:
        raise HTTPException(status_code=404)
    return found


def _case_page(request: Request, session, user, appeal, status_code: int = 200,
               error: str = ""):
    case = appeals.case(session, user, appeal)
    return render(request, session, "appeal.html", status_code=status_code, error=error,
                  case=case, statement=appeals.statement_draft(case, language(request)))


@router.get("/staff/appeals/{appeal_id}")
def appeal_page(appeal_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("appeals"))
    return _case_page(request, session, user, _case(session, appeal_id))


@router.post("/staff/appeals/{appeal_id}/act")
def act(appeal_id: Id, request: Request, session: DB, step: Field = "", note: Field = "",
        outcome: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("appeals"))
    appeal = _case(session, appeal_id)
    try:
        appeals.act(session, user, appeal, step, note, outcome,
                    request.app.state.settings.current_time())
    except NotAllowed as err:
        return _case_page(request, session, user, appeal, 400, str(err))
    return RedirectResponse(f"/staff/appeals/{appeal.id}", status_code=303)
