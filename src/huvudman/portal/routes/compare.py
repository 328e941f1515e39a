"""Staff: two placement runs side by side — fairness measures, and who moved and why."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.services.rounds.comparison import compare_in_round

router = APIRouter()
SHOWN_MOVES = 300


def _chosen(request: Request, name: str) -> int | None:
    text = request.query_params.get(name, "")
    return int(text) if text.isdigit() else None


@router.get("/staff/compare")
def compare_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("compare"))
    view = compare_in_round(session, user, request.app.state.settings.round_name,
                            _chosen(request, "a"), _chosen(request, "b"))
    return render(request, session, "compare.html", runs=view.runs, a=view.a, b=view.b,
                  result=view.result, shown=SHOWN_MOVES, hidden=view.hidden)
