"""The dialogue's telephone survey and interviews: draw a stratified sample of a round's
families, each caller's call list with its script, calls recorded as they go, the response by
stratum and the answers counted; interviews' notes with consent."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.dialogue.survey import ATTEMPT_OUTCOMES, QUESTIONS
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf, first, form_lists
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.dialogue import interviews as talks
from huvudman.services.dialogue import survey
from huvudman.services.families.applications import NotAllowed

router = APIRouter()
Lists = Annotated[dict[str, list[str]], Depends(form_lists)]


def _list_page(request: Request, session, user, status_code: int = 200,
               error: str | None = None, form: dict | None = None):
    keeps = user.role in roles_acting("survey")
    return render(request, session, "surveys.html", status_code=status_code, error=error,
                  surveys=survey.surveys(session), keeps=keeps,
                  callers=survey.callers(session) if keeps else [],
                  form=form or {"seed": str(secrets.randbelow(10**6)), "size": "200",
                                "round": request.app.state.settings.round_name})


@router.get("/staff/dialogue/survey")
def surveys_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("survey"))
    return _list_page(request, session, user)


@router.post("/staff/dialogue/survey")
def draw(request: Request, session: DB, form: Lists):
    check_csrf(request, first(form, "csrf"))
    user = require_user(request, session, *roles_acting("survey"))
    size, seed = first(form, "size"), first(form, "seed")
    callers = [int(c) for c in form.get("caller", []) if c.isdecimal() and len(c) < 10]
    try:
        made = survey.draw_survey(session, user, first(form, "round")[:32] or
                                  request.app.state.settings.round_name, first(form, "title"),
                                  int(size) if size.isdecimal() and len(size) < 7 else 0,
                                  int(seed) if seed.isdecimal() and len(seed) < 10 else 0,
                                  callers, request.app.state.settings.current_time())
    except NotAllowed as err:
        return _list_page(request, session, user, 400, str(err),
                          {k: first(form, k) for k in ("title", "size", "seed", "round")})
    return RedirectResponse(f"/staff/dialogue/survey/{made.id}", status_code=303)


@router.get("/staff/dialogue/survey/{survey_id}")
def results_page(survey_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_acting("survey"))
    found = survey.results(session, user, survey_id, request.app.state.settings.current_time())
    if found is None:
        raise HTTPException(status_code=404)
    return render(request, session, "survey.html", results=found, questions=QUESTIONS)


def _calls_page(request: Request, session, user, survey_id: int, status_code: int = 200,
                error: str | None = None, failed: int | None = None):
    calls = survey.call_list(session, user, survey_id, request.app.state.settings.current_time())
    return render(request, session, "survey_calls.html", status_code=status_code, error=error,
                  failed=failed, calls=calls, survey_id=survey_id, questions=QUESTIONS,
                  outcomes=ATTEMPT_OUTCOMES, caller=user)


@router.get("/staff/dialogue/survey/{survey_id}/calls")
def calls_page(survey_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("survey"))
    return _calls_page(request, session, user, survey_id)


@router.post("/staff/dialogue/survey/{survey_id}/calls/{family_id}")
def call(survey_id: Id, family_id: Id, request: Request, session: DB, form: Lists):
    check_csrf(request, first(form, "csrf"))
    user = require_user(request, session, *roles_for("survey"))
    said = survey.Answered(
        consent=first(form, "consent") == "1", quote_consent=first(form, "quote") == "1",
        language=first(form, "language"), interpreter=first(form, "interpreter") == "1",
        answers={q.code: first(form, q.code) for q in QUESTIONS},
        free_text=first(form, "text"))
    try:
        survey.record_call(session, user, family_id, first(form, "outcome"),
                           request.app.state.settings.current_time(), said)
    except NotAllowed as err:
        return _calls_page(request, session, user, survey_id, 400, str(err), family_id)
    return RedirectResponse(f"/staff/dialogue/survey/{survey_id}/calls#family-{family_id}",
                            status_code=303)


def _interviews_page(request: Request, session, user, status_code: int = 200,
                     error: str | None = None, form: dict | None = None):
    return render(request, session, "interviews.html", status_code=status_code, error=error,
                  interviews=talks.interviews(session, user), form=form or {})


@router.get("/staff/dialogue/interviews")
def interviews_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("interviews"))
    return _interviews_page(request, session, user)


@router.post("/staff/dialogue/interviews")
def interview(request: Request, session: DB, form: Lists):
    check_csrf(request, first(form, "csrf"))
    user = require_user(request, session, *roles_acting("interviews"))
    try:
        talks.record_interview(session, user, first(form, "kind"), first(form, "label"),
                               first(form, "held_on"), first(form, "notes"),
                               first(form, "consent") == "1", first(form, "quote") == "1",
                               request.app.state.settings.current_time())
    except NotAllowed as err:
        return _interviews_page(request, session, user, 400, str(err),
                                {k: first(form, k) for k in ("kind", "label", "held_on",
                                                             "notes")})
    return RedirectResponse("/staff/dialogue/interviews", status_code=303)
