"""The monthly governance report for the board, as a page and as a PDF."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from huvudman.governance.report import last_full_month, parse_month, shift
from huvudman.portal.deps import DB, language, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.portal.widgets import svg_image
from huvudman.services.governance.monthly_report import monthly_report, report_pdf, trend_chart
from huvudman.words.catalogs import translations
from huvudman.words.governance import MONTHLY, month_name

router = APIRouter()


def _month(request: Request):
    """The month asked for (?month=2026-11), else the last full month."""
    latest = last_full_month(request.app.state.settings.current_time())
    asked = parse_month(request.query_params.get("month", "")[:20])
    return asked if asked is not None and asked <= latest else latest


@router.get("/staff/governance-report")
def report_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("governance_report"))
    month = _month(request)
    lang = language(request)
    report = monthly_report(session, user, month,
                            request.app.state.settings.current_time())
    latest = last_full_month(request.app.state.settings.current_time())
    words = translations(lang).gettext
    chart = svg_image(trend_chart(report, lang), words(MONTHLY["trend_alt"]))
    return render(request, session, "governance_report.html", report=report, chart=chart,
                  title=month_name(month, lang), key=f"{month[0]}-{month[1]:02d}",
                  before=shift(month, -1), after=shift(month, 1) if month < latest else None,
                  months=[(m, month_name(m, lang, short=True)) for m in report.trend_months])


@router.get("/staff/governance-report.pdf")
def report_document(request: Request, session: DB):
    user = require_user(request, session, *roles_for("governance_report"))
    month = _month(request)
    report = monthly_report(session, user, month, request.app.state.settings.current_time())
    document = report_pdf(report, request.app.state.settings.municipality, language(request))
    name = f"styrningsrapport-{month[0]}-{month[1]:02d}.pdf"
    return Response(document, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
