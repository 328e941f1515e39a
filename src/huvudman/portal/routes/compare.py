"""Staff: two placement runs side by side — fairness measures, and who moved and why."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, language, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.services.rounds.comparison import compare_in_round
from huvudman.words.comparison import explain_move, measure_row

router = APIRouter()
SHOWN_MOVES = 300


def _chosen(request: Request, name: str) -> int | None:
    text = request.query_params.get(name, "")
    return int(text) if text.isdecimal() else None


@router.get("/staff/compare")
def compare_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("compare"))
    view = compare_in_round(session, user, request.app.state.settings.round_name,
                            _chosen(request, "a"), _chosen(request, "b"))
    lang = language(request)
    result = view.result
    measures = [measure_row(m, lang) for m in result.measures] if result else []
    why = {m.child_id: explain_move(m, view.view_a, view.view_b, lang)
           for m in result.moves[:SHOWN_MOVES]} if result else {}
    return render(request, session, "compare.html", runs=view.runs, a=view.a, b=view.b,
                  result=result, shown=SHOWN_MOVES, hidden=view.hidden, measures=measures,
                  why=why)
