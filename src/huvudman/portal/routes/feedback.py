"""Feedback and complaints (skollagen 4 kap. 8 §): a form for anyone, a receipt at once, the
answer followed with the receipt code or in one's own account, answered questions published;
staff acknowledge, answer, and turn a message that shows a deficiency into a deviation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.dialogue.feedback import CATEGORIES, KINDS
from huvudman.governance.deviations import CATEGORIES as DEVIATION_KINDS
from huvudman.portal.deps import DB, Id, current_user, language, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.dialogue import feedback
from huvudman.services.families.applications import NotAllowed
from huvudman.services.registers.schools import schools_by_name
from huvudman.words.dialogue import FEEDBACK_REFUSALS

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]


def _form(request: Request, session, status_code: int = 200, error: str | None = None,
          form: dict | None = None):
    return render(request, session, "feedback_form.html", status_code=status_code, error=error,
                  kinds=KINDS, categories=CATEGORIES, form=form or {"kind": "opinion"},
                  times=request.app.state.settings.feedback_times,
                  signed_in=current_user(request, session) is not None)


@router.get("/feedback")
def feedback_page(request: Request, session: DB):
    return _form(request, session)


@router.post("/feedback")
def send(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = current_user(request, session)
    try:
        sent = feedback.submit(session, user, form.get("text", ""), form.get("kind", ""),
                               form.get("category", ""), language(request),
                               form.get("consent") == "1",
                               request.app.state.settings.current_time(),
                               channel="portal" if user else "form",
                               reply_to="" if user else form.get("reply_to", ""),
                               times=request.app.state.settings.feedback_times)
    except NotAllowed as err:
        return _form(request, session, 400, str(err), form)
    return render(request, session, "feedback_sent.html", item=sent.feedback,
                  receipt=sent.receipt)


@router.post("/feedback/follow")
def follow(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    item = feedback.by_receipt(session, form.get("code", "")[:64])
    return render(request, session, "feedback_follow.html", status_code=200 if item else 404,
                  item=item)


@router.get("/questions")
def questions(request: Request, session: DB):
    return render(request, session, "questions.html", items=feedback.published(session))


@router.get("/me/feedback")
def my_feedback(request: Request, session: DB):
    user = require_user(request, session)
    return render(request, session, "my_feedback.html", items=feedback.sent_by(session, user))


@router.get("/staff/feedback")
def feedback_list(request: Request, session: DB):
    user = require_user(request, session, *roles_for("feedback"))
    return render(request, session, "feedback_list.html",
                  items=feedback.feedback_list(session, user,
                                               request.app.state.settings.current_time()))


def _item(request: Request, session, user, feedback_id: int, status_code: int = 200,
          error: str | None = None):
    view = feedback.feedback_for(session, user, feedback_id,
                                 request.app.state.settings.current_time())
    if view is None:
        raise HTTPException(status_code=404)
    return render(request, session, "feedback_item.html", status_code=status_code, error=error,
                  view=view, may_act=user.role in roles_acting("feedback"),
                  public_question=feedback.marked_out(session, view.item),
                  deviation_kinds=list(DEVIATION_KINDS), schools=schools_by_name(session))


@router.get("/staff/feedback/{feedback_id}")
def feedback_item(feedback_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("feedback"))
    return _item(request, session, user, feedback_id)


@router.post("/staff/feedback/{feedback_id}/act")
def act(feedback_id: Id, request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("feedback"))
    settings = request.app.state.settings
    now = settings.current_time()
    step = form.get("step", "")
    try:
        if step == "acknowledge":
            feedback.acknowledge(session, user, feedback_id, now)
        elif step == "answer":
            feedback.answer(session, user, feedback_id, form.get("answer", ""),
                            form.get("publish") == "1", now, form.get("public_question", ""))
        elif step == "deviation":
            severity = form.get("severity", "")
            made = feedback.to_deviation(session, user, feedback_id, form.get("category", ""),
                                         int(severity) if severity in ("1", "2", "3", "4")
                                         else 0, form.get("school_id", ""), now,
                                         settings.pseudonym_key.encode())
            return RedirectResponse(f"/staff/deviations/{made.id}", status_code=303)
        else:
            raise NotAllowed(FEEDBACK_REFUSALS["not_now"])
    except NotAllowed as err:
        return _item(request, session, user, feedback_id, 400, str(err))
    return RedirectResponse(f"/staff/feedback/{feedback_id}", status_code=303)
