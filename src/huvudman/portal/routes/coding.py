"""Coding the dialogue's material: the next passage with the code tree and the model's
suggestions (taken only when the coder ticks them), agreement between two coders, and the
coded material for QualCoder, NVivo or a spreadsheet."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from huvudman.dialogue.themes import TREE
from huvudman.portal.deps import DB, require_user
from huvudman.portal.forms import check_csrf, first, form_fields, form_lists
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.dialogue import coding
from huvudman.services.families.applications import NotAllowed

router = APIRouter()
Form = Annotated[dict[str, str], Depends(form_fields)]


Multi = Annotated[dict[str, list[str]], Depends(form_lists)]


@router.get("/staff/dialogue/coding")
def coding_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("coding"))
    now = request.app.state.settings.current_time()
    asked = request.query_params.get("passage", "")
    passage = None
    if asked:
        if not asked.isdecimal() or len(asked) > 9:
            raise HTTPException(status_code=404)
        passage = coding.passage_for(session, user, int(asked), now)
        if passage is None:
            raise HTTPException(status_code=404)
    else:
        found = coding.next_passage(session, user)
        passage = coding.passage_for(session, user, found.id, now) if found else None
    return render(request, session, "coding.html", passage=passage, tree=TREE,
                  suggestions=coding.suggestions(session, passage) if passage else [],
                  progress=coding.progress(session, user),
                  saved=request.query_params.get("saved") == "1")


@router.post("/staff/dialogue/coding")
def save(request: Request, session: DB, form: Multi):
    check_csrf(request, first(form, "csrf"))
    user = require_user(request, session, *roles_acting("coding"))
    key = first(form, "passage")
    if not key.isdecimal() or len(key) > 9:
        raise HTTPException(status_code=404)
    accepted = {}
    for code in form.get("accept", []):
        try:
            shown = float(first(form, f"confidence-{code}") or "0")
        except ValueError:
            shown = 0.0
        accepted[code] = min(max(shown, 0.0), 1.0) if math.isfinite(shown) else 0.0
    try:
        coding.code_passage(session, user, int(key), [*form.get("code", []), *accepted],
                            accepted, request.app.state.settings.current_time())
    except NotAllowed:
        raise HTTPException(status_code=404) from None
    return RedirectResponse("/staff/dialogue/coding?saved=1", status_code=303)


@router.post("/staff/dialogue/collect")
def collect(request: Request, session: DB, form: Form):
    check_csrf(request, form.get("csrf"))
    require_user(request, session, *roles_acting("coding"))
    coding.collect_feedback(session, request.app.state.settings.current_time())
    return RedirectResponse("/staff/dialogue/coding", status_code=303)


@router.get("/staff/dialogue/agreement")
def agreement_page(request: Request, session: DB):
    require_user(request, session, *roles_for("coding"))
    people = coding.coders(session)
    ids = [p.id for p in people]
    wanted = [request.query_params.get(k, "") for k in ("a", "b")]
    pair = [int(w) for w in wanted if w.isdecimal() and len(w) < 10 and int(w) in ids]
    if len(pair) != 2 or pair[0] == pair[1]:
        pair = ids[:2]
    rows = coding.agreement_between(session, *pair) if len(pair) == 2 else []
    return render(request, session, "agreement.html", people=people, pair=pair, rows=rows)


@router.get("/staff/dialogue/coding.{kind}")
def export(kind: str, request: Request, session: DB):
    require_user(request, session, *roles_for("coding"))
    settings = request.app.state.settings
    if kind == "csv":
        return Response(coding.export_csv(session), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="kodning.csv"'})
    if kind == "xlsx":
        return Response(coding.export_xlsx(session), media_type="application/vnd."
                        "openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="kodning.xlsx"'})
    if kind == "qdpx":
        return Response(coding.export_qdpx(session, settings.municipality,
                                           settings.current_time()),
                        media_type="application/zip",
                        headers={"Content-Disposition": 'attachment; filename="dialog.qdpx"'})
    raise HTTPException(status_code=404)
