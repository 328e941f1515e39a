"""What the dialogue says: the report as a page and as a PDF/UA document, and the contact
centre's calls per year imported for its measures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from huvudman.dialogue.survey import QUESTIONS
from huvudman.dialogue.themes import TREE
from huvudman.portal.deps import DB, language, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.portal.widgets import svg_image
from huvudman.services.dialogue.report import (
    dialogue_report,
    import_contact_calls,
    report_pdf,
    theme_chart,
)
from huvudman.services.families.applications import NotAllowed
from huvudman.words.catalogs import translations
from huvudman.words.dialogue import REPORT

router = APIRouter()


def _report_page(request: Request, session, user, status_code: int = 200,
                 error: str | None = None):
    lang = language(request)
    report = dialogue_report(session, user, request.app.state.settings.current_time())
    alt = translations(lang).gettext(REPORT["chart_alt"]) % {"passages": report.passages}
    return render(request, session, "dialogue_report.html", status_code=status_code,
                  error=error, report=report, tree=TREE,
                  chart=svg_image(theme_chart(report, lang), alt), questions=QUESTIONS)


@router.get("/staff/dialogue/report")
def report_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("coding"))
    return _report_page(request, session, user)


@router.get("/staff/dialogue/report.pdf")
def report_document(request: Request, session: DB):
    user = require_user(request, session, *roles_for("coding"))
    settings = request.app.state.settings
    report = dialogue_report(session, user, settings.current_time())
    return Response(report_pdf(report, settings.municipality, language(request)),
                    media_type="application/pdf", headers={
                        "Content-Disposition": 'attachment; filename="dialogen.pdf"'})


@router.post("/staff/dialogue/report/calls")
async def contact_calls(request: Request, session: DB):
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    user = require_user(request, session, *roles_acting("coding"))
    upload = form.get("file")
    data = await upload.read(1_000_000) if hasattr(upload, "read") else b""
    try:
        import_contact_calls(session, user, data, request.app.state.settings.current_time())
    except NotAllowed as err:
        return _report_page(request, session, user, 400, str(err))
    return RedirectResponse("/staff/dialogue/report#measures", status_code=303)
