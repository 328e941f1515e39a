"""Staff: every family's PDF letter of a run in one zip file, made in the background with a
progress bar."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse

from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting
from huvudman.services.letters import letters_zip
from huvudman.services.letters.letter_languages import letter_languages
from huvudman.services.rounds import run_review

router = APIRouter()


def _run(request: Request, session, run_id: int):
    """The run, for the roles that send letters (it is every family's letter)."""
    user = require_user(request, session, *roles_acting("runs"))
    run = run_review.run_by_id(session, run_id)
    if run is None:
        raise HTTPException(status_code=404)
    return user, run


def _lang(value: str) -> str:
    if value not in letter_languages():
        raise HTTPException(status_code=404)
    return value


@router.get("/staff/runs/{run_id}/letters")
def letters_page(run_id: Id, request: Request, session: DB, lang: str = "sv"):
    _user, run = _run(request, session, run_id)
    lang = _lang(lang)
    return render(request, session, "run_letters.html", run=run, letter_lang=lang,
                  languages=letter_languages(), state=letters_zip.zip_state(run, lang))


@router.get("/staff/runs/{run_id}/letters/progress")
def letters_progress(run_id: Id, request: Request, session: DB, lang: str = "sv"):
    """The progress bar alone, for the page to ask again every second while it runs."""
    _user, run = _run(request, session, run_id)
    lang = _lang(lang)
    return render(request, session, "_letters_progress.html", fragment=True, run=run,
                  letter_lang=lang, state=letters_zip.zip_state(run, lang))


@router.post("/staff/runs/{run_id}/letters")
def make_letters(run_id: Id, request: Request, session: DB,
                 lang: Annotated[str, Form()] = "", csrf: Annotated[str, Form()] = ""):
    """Start making the letters in the language the form names (a post without one starts
    nothing: the form always sends it)."""
    check_csrf(request, csrf)
    user, run = _run(request, session, run_id)
    if not lang:
        return letters_page(run_id, request, session)
    settings = request.app.state.settings
    letters_zip.start_zip(session, request.app.state.sessions, user, run, _lang(lang),
                          settings.sender(), settings.school_start, settings.current_time())
    return RedirectResponse(f"/staff/runs/{run_id}/letters?lang={lang}", status_code=303)


@router.get("/staff/runs/{run_id}/letters.zip")
def letters_file(run_id: Id, request: Request, session: DB, lang: str = "sv"):
    user, run = _run(request, session, run_id)
    path = letters_zip.read_zip(session, user, run, _lang(lang),
                                request.app.state.settings.current_time())
    if path is None:
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type="application/zip",
                        filename=f"beslut-{run.round}-{run.id}-{lang}.zip")
