"""Staff: run the placement, review its audit, override with a reason, publish; imports and
statistics."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, Id, language, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.decisions import corrections
from huvudman.services.families import applications as families
from huvudman.services.notify import family_mail
from huvudman.services.rounds import portal_rounds, publication, run_audit, run_review
from huvudman.words.messages import CHOOSE_FILE, RUN_NOT_REPLAYABLE, UNKNOWN_CHILD

router = APIRouter()


def _run(session, run_id: int):
    run = run_review.run_by_id(session, run_id)
    if run is None:
        raise HTTPException(status_code=404)
    return run


@router.get("/staff/runs")
def runs_page(request: Request, session: DB):
    require_user(request, session, *roles_for("runs"))
    runs = run_review.all_runs(session)
    published = corrections.corrected_run(session, request.app.state.settings.round_name)
    return render(request, session, "runs.html", runs=runs, published=published,
                  summaries={r.id: run_review.summary_of(r) for r in runs})


@router.post("/staff/runs")
def start_run(request: Request, session: DB,
              seed: Annotated[int, Form()] = 0, policy: Annotated[str, Form()] = "",
              csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("runs"))
    settings = request.app.state.settings
    walking = request.app.state.walking
    osm = walking.network.source if walking else None
    args = (session, user, settings.round_name)
    rest = (seed, request.app.state.runs_dir, settings.current_time(), osm)
    try:
        if corrections.corrected_run(session, settings.round_name) is not None:
            run = corrections.correction_run(*args, policy, *rest)
        else:
            run = portal_rounds.run_round(*args, *rest)
    except portal_rounds.RunNotMade as err:
        return render(request, session, "error.html", status_code=400, message=err.message,
                      detail=err.detail)
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    return RedirectResponse(f"/staff/runs/{run.id}", status_code=303)


def _review_page(request: Request, session: DB, user, run):
    settings = request.app.state.settings
    review = run_review.review_run(session, user, run, language(request))
    query = request.query_params.get("q", "")[:100]
    found = run_review.find_in_run(session, user, run, query) if query.strip() else None
    return render(request, session, "run.html", run=review.run,
                  audit=review.audit, findings=review.findings, hidden=review.hidden_findings,
                  summary=review.summary, overridden=review.overridden,
                  children=review.children, schools=review.schools, query=query, found=found,
                  school_names={s.school_id: s.name for s in review.schools},
                  moves=corrections.moves_of(session, run) if run.corrects else [],
                  publication=publication.publication(session, user, run,
                                                      settings.current_time(),
                                                      settings.deadline),
                  deadline=settings.deadline)


@router.get("/staff/runs/{run_id}")
def run_page(run_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_for("runs"))
    return _review_page(request, session, user, _run(session, run_id))


@router.post("/staff/runs/{run_id}/override")
def override(run_id: Id, request: Request, session: DB,
             child_id: Annotated[str, Form()] = "", school_id: Annotated[str, Form()] = "",
             reason: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("runs"))
    run = _run(session, run_id)
    child = run_review.child_by_child_id(session, child_id)
    if child is None:
        return render(request, session, "error.html", status_code=400, message=UNKNOWN_CHILD)
    try:
        portal_rounds.override(session, user, run, child, school_id.strip(), reason)
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    except run_audit.NotReplayable:
        return render(request, session, "error.html", status_code=409,
                      message=RUN_NOT_REPLAYABLE)
    return RedirectResponse(f"/staff/runs/{run.id}#audit", status_code=303)


@router.post("/staff/runs/{run_id}/justify")
def justify(run_id: Id, request: Request, session: DB,
            justification: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("runs"))
    run = _run(session, run_id)
    try:
        publication.justify(session, user, run, justification[:4000],
                            request.app.state.settings.current_time())
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    return RedirectResponse(f"/staff/runs/{run.id}#publication", status_code=303)


@router.post("/staff/runs/{run_id}/approve")
def approve(run_id: Id, request: Request, session: DB, csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("run_approval"))
    run = _run(session, run_id)
    try:
        publication.approve(session, user, run, request.app.state.settings.current_time())
    except families.NotAllowed as err:
        return render(request, session, "error.html", status_code=400, message=str(err))
    return RedirectResponse(f"/staff/runs/{run.id}#publication", status_code=303)


def _confirmation(request: Request, session: DB, user, run, status_code: int = 200):
    settings = request.app.state.settings
    return render(request, session, "run_publish.html", status_code=status_code, run=run,
                  publication=publication.publication(session, user, run,
                                                      settings.current_time(),
                                                      settings.deadline),
                  deadline=settings.deadline, today=settings.current_time())


@router.get("/staff/runs/{run_id}/publish")
def publish_confirmation(run_id: Id, request: Request, session: DB):
    user = require_user(request, session, *roles_acting("runs"))
    return _confirmation(request, session, user, _run(session, run_id))


@router.post("/staff/runs/{run_id}/publish")
def publish(run_id: Id, request: Request, session: DB,
            csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("runs"))
    run = _run(session, run_id)
    settings = request.app.state.settings
    try:
        publication.publish(session, user, run, settings.current_time(), settings.deadline)
    except families.NotAllowed:
        return _confirmation(request, session, user, run, status_code=400)
    family_mail.decisions_published(session, run, settings.sender(), settings.current_time())
    return RedirectResponse(f"/staff/runs/{run_id}", status_code=303)


@router.get("/staff/import")
def import_page(request: Request, session: DB):
    require_user(request, session, *roles_for("import"))
    return render(request, session, "import.html", report=None)


@router.post("/staff/import")
def import_upload(request: Request, session: DB,
                  file: UploadFile | None = None, kind: Annotated[str, Form()] = "schools",
                  csrf: Annotated[str, Form()] = ""):
    from huvudman.services.registers.address_register import geocoder
    from huvudman.services.registers.imports import import_file

    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("import"))
    if file is None or kind not in ("schools", "children"):
        return render(request, session, "error.html", status_code=400, message=CHOOSE_FILE)
    walking = request.app.state.walking
    report = import_file(session, user, kind, file.filename or "upload.csv", file.file.read(),
                         request.app.state.settings.current_time(),
                         walking.off_map if walking is not None else None,
                         geocoder(walking.network.source if walking is not None else None))
    return render(request, session, "import.html", report=report,
                  status_code=200 if report.checked.ok else 400)


@router.get("/staff/statistics")
def statistics(request: Request, session: DB):
    from markupsafe import Markup

    from huvudman.portal.i18n import translations
    from huvudman.portal.widgets import svg_image
    from huvudman.services.rounds import statistics_page
    from huvudman.services.rounds.fallback_map import fallback_map, fallback_map_svg

    require_user(request, session, *roles_for("statistics"))
    years = run_review.yearly_runs(session, request.app.state.settings.round_name)
    wanted = request.query_params.get("run", "")
    run = next((r for r in years if str(r.id) == wanted), years[0] if years else None)
    if run is None:
        return render(request, session, "statistics.html", run=None)
    _ = translations(language(request)).gettext
    shares = (_("first choice"), _("any choice"), _("fallback"))
    rows = statistics_page.district_rows(Path(run.run_dir))
    chart_title = _("Placement by district, round %(round)s") % {"round": run.round}
    chart = statistics_page.shares_svg(rows, chart_title, shares)
    straight = _("%(round)s (straight lines)")
    by_year = [{**statistics_page.district_rows(Path(r.run_dir))[-1],
                "district": r.round if statistics_page.measured_on_foot(Path(r.run_dir))
                else straight % {"round": r.round}, "run": r} for r in reversed(years)]
    year_chart = statistics_page.shares_svg(by_year, _("Placement by year"), shares)
    found = fallback_map(Path(run.run_dir), Path(run.run_dir).parent / "inputs")
    map_title = _("Homes of children given a fallback school, round %(round)s") % {
        "round": run.round}
    fb_svg = fallback_map_svg(found, map_title,
                              (_("children per 500 m square"), _("school"),
                               _("school that refused applicants"))) if found else None
    return render(request, session, "statistics.html", run=run, rows=rows, years=years,
                  by_year=by_year, chart=svg_image(chart, chart_title),
                  year_chart=svg_image(year_chart, _("Placement by year")),
                  fallback=found, fallback_svg=Markup(fb_svg) if fb_svg else None,
                  schools=statistics_page.oversubscription(Path(run.run_dir))[:15])


@router.get("/staff/statistics.csv")
def statistics_export(request: Request, session: DB):
    from fastapi.responses import Response

    from huvudman.services.rounds import statistics_page

    require_user(request, session, *roles_for("statistics"))
    years = run_review.yearly_runs(session, request.app.state.settings.round_name)
    if not years:
        raise HTTPException(status_code=404)
    text = statistics_page.statistics_csv(
        [(r.round, r.id, statistics_page.district_rows(Path(r.run_dir))) for r in years])
    return Response(text, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="statistics-by-year.csv"'})
