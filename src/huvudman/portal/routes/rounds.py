"""Staff: run the placement, review its audit, override with a reason, publish; feedback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.portal.deps import DB, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.messages import CHOOSE_FILE, UNKNOWN_CHILD
from huvudman.portal.pages import render
from huvudman.portal.roles import PLACERS, roles_for
from huvudman.runs.reader import read_json
from huvudman.services import families, portal_rounds
from huvudman.services.feedback import open_feedback
from huvudman.store.models import Child, Placement, PlacementRun

router = APIRouter()


def _run(session: Session, run_id: int) -> PlacementRun:
    run = session.get(PlacementRun, run_id)
    if run is None:
        raise HTTPException(status_code=404)
    return run


@router.get("/staff/runs")
def runs_page(request: Request, session: DB):
    require_user(request, session, *roles_for("runs"))
    runs = session.scalars(select(PlacementRun).order_by(PlacementRun.id.desc())).all()
    return render(request, session, "runs.html", runs=runs,
                  summaries={r.id: json.loads(r.summary or "{}") for r in runs})


@router.post("/staff/runs")
def start_run(request: Request, session: DB,
              seed: Annotated[int, Form()] = 0, csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *PLACERS)
    settings = request.app.state.settings
    walking = request.app.state.walking
    run = portal_rounds.run_round(session, user, settings.round_name, seed,
                                  request.app.state.runs_dir, settings.current_time(),
                                  walking.network.source if walking else None)
    return RedirectResponse(f"/staff/runs/{run.id}", status_code=303)


@router.get("/staff/runs/{run_id}")
def run_page(run_id: int, request: Request, session: DB):
    user = require_user(request, session, *roles_for("runs"))
    run = _run(session, run_id)
    audit = read_json(Path(run.run_dir) / "audit.json")
    overridden = session.scalars(select(Placement).where(
        Placement.run_id == run.id, Placement.override_school_id.is_not(None))).all()
    from huvudman.store import audit_log

    audit_log.record(session, user.email, "read_run", f"run:{run.id}", "review")
    return render(request, session, "run.html", run=run, audit=audit,
                  summary=json.loads(run.summary or "{}"), overridden=overridden,
                  children={c.id: c for c in session.scalars(
                      select(Child).where(Child.id.in_([o.child_id for o in overridden])))})


@router.post("/staff/runs/{run_id}/override")
def override(run_id: int, request: Request, session: DB,
             child_id: Annotated[str, Form()], school_id: Annotated[str, Form()],
             reason: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *PLACERS)
    run = _run(session, run_id)
    child = session.scalars(select(Child).where(Child.child_id == child_id.strip())).first()
    if child is None:
        return render(request, session, "error.html", status_code=400, message=UNKNOWN_CHILD)
    try:
        portal_rounds.override(session, user, run, child, school_id.strip(), reason)
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    return RedirectResponse(f"/staff/runs/{run.id}", status_code=303)


@router.post("/staff/runs/{run_id}/publish")
def publish(run_id: int, request: Request, session: DB,
            csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *PLACERS)
    try:
        portal_rounds.publish(session, user, _run(session, run_id),
                              request.app.state.settings.current_time())
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    return RedirectResponse(f"/staff/runs/{run_id}", status_code=303)


@router.get("/staff/feedback")
def feedback_page(request: Request, session: DB):
    require_user(request, session, *roles_for("feedback"))
    return render(request, session, "feedback_list.html", items=open_feedback(session))


@router.get("/staff/import")
def import_page(request: Request, session: DB):
    require_user(request, session, *PLACERS)
    return render(request, session, "import.html", report=None)


@router.post("/staff/import")
def import_upload(request: Request, session: DB,
                  file: UploadFile, kind: Annotated[str, Form()] = "schools",
                  csrf: Annotated[str, Form()] = ""):
    from huvudman.services.imports import import_file

    check_csrf(request, csrf)
    user = require_user(request, session, *PLACERS)
    if kind not in ("schools", "children"):
        return render(request, session, "error.html", status_code=400, message=CHOOSE_FILE)
    report = import_file(session, user, kind, file.filename or "upload.csv", file.file.read())
    return render(request, session, "import.html", report=report,
                  status_code=200 if report.checked.ok else 400)


def _yearly_runs(session: Session, current_round: str) -> list[PlacementRun]:
    """For every round, the run its statistics come from: the latest published one (the
    current round's latest run while none is published), newest round first."""
    runs = session.scalars(select(PlacementRun).where(PlacementRun.run_dir != "")
                           .order_by(PlacementRun.id.desc())).all()
    chosen: dict[str, PlacementRun] = {}
    for run in runs:
        best = chosen.get(run.round)
        better = best is None or (best.published_at is None and run.published_at is not None)
        if better and (run.published_at is not None or run.round == current_round):
            chosen[run.round] = run
    return sorted(chosen.values(), key=lambda r: r.round, reverse=True)


@router.get("/staff/statistics")
def statistics(request: Request, session: DB):
    from markupsafe import Markup

    from huvudman.portal.deps import language
    from huvudman.portal.i18n import translations
    from huvudman.services import statistics_page
    from huvudman.services.fallback_map import fallback_map, fallback_map_svg

    require_user(request, session, *roles_for("statistics"))
    years = _yearly_runs(session, request.app.state.settings.round_name)
    wanted = request.query_params.get("run", "")
    run = next((r for r in years if str(r.id) == wanted), years[0] if years else None)
    if run is None:
        return render(request, session, "statistics.html", run=None)
    _ = translations(language(request)).gettext
    shares = (_("first choice"), _("any choice"), _("fallback"))
    rows = statistics_page.district_rows(Path(run.run_dir))
    chart = statistics_page.shares_svg(
        rows, _("Placement by district, round %(round)s") % {"round": run.round}, shares)
    by_year = [{**statistics_page.district_rows(Path(r.run_dir))[-1], "district": r.round,
                "run": r} for r in reversed(years)]
    year_chart = statistics_page.shares_svg(by_year, _("Placement by year"), shares)
    found = fallback_map(Path(run.run_dir), Path(run.run_dir).parent / "inputs")
    fb_svg = fallback_map_svg(found, _("Homes of children given a fallback school, round "
                                       "%(round)s") % {"round": run.round},
                              (_("children per 500 m square"), _("school"),
                               _("school that refused applicants"))) if found else None
    return render(request, session, "statistics.html", run=run, rows=rows, years=years,
                  by_year=by_year, chart=Markup(chart), year_chart=Markup(year_chart),
                  fallback=found, fallback_svg=Markup(fb_svg) if fb_svg else None,
                  schools=statistics_page.oversubscription(Path(run.run_dir))[:15])


@router.get("/staff/statistics.csv")
def statistics_export(request: Request, session: DB):
    from fastapi.responses import Response

    from huvudman.services import statistics_page

    require_user(request, session, *roles_for("statistics"))
    years = _yearly_runs(session, request.app.state.settings.round_name)
    if not years:
        raise HTTPException(status_code=404)
    text = statistics_page.statistics_csv(
        [(r.round, r.id, statistics_page.district_rows(Path(r.run_dir))) for r in years])
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="statistics-by-year.csv"'})
