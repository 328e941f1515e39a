"""Staff: two placement runs side by side — fairness measures, and who moved and why."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from sqlalchemy import select

from huvudman.placement.compare import compare_runs
from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import PLACERS, roles_for
from huvudman.runs.reader import read_run
from huvudman.store import audit_log
from huvudman.store.models import Child, PlacementRun

router = APIRouter()
SHOWN_MOVES = 300


def _chosen(request: Request, name: str) -> int | None:
    text = request.query_params.get(name, "")
    return int(text) if text.isdigit() else None


@router.get("/staff/compare")
def compare_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("compare"))
    runs = session.scalars(select(PlacementRun).where(PlacementRun.run_dir != "")
                           .order_by(PlacementRun.id.desc())).all()
    by_id = {r.id: r for r in runs}
    a, b = by_id.get(_chosen(request, "a")), by_id.get(_chosen(request, "b"))
    if a is None or b is None:
        same_round = [r for r in runs if r.round == request.app.state.settings.round_name]
        if len(same_round) >= 2:
            a, b = same_round[1], same_round[0]  # this round's two latest, older first
    result = None
    if a is not None and b is not None and a.id != b.id and a.round == b.round:
        result = compare_runs(read_run(Path(a.run_dir), f"#{a.id}"),
                              read_run(Path(b.run_dir), f"#{b.id}"))
        audit_log.record(session, user.email, "read_comparison", f"runs:{a.id},{b.id}",
                         f"{len(result.moves)} children placed differently")
    hidden: set[str] = set()
    if result is not None and user.role not in PLACERS:  # only placers see protected children
        hidden = set(session.scalars(select(Child.child_id).where(Child.protected)))
    return render(request, session, "compare.html", runs=runs, a=a, b=b, result=result,
                  shown=SHOWN_MOVES, hidden=hidden)
