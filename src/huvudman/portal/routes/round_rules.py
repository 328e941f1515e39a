"""Staff: the round's rule chain, mechanism, fallback and each school's places."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, require_user
from huvudman.portal.forms import check_csrf, form_fields
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting, roles_for
from huvudman.services.families.applications import NotAllowed
from huvudman.services.registers.schools import schools_by_name
from huvudman.services.rounds.round_settings import (
    FALLBACKS,
    MECHANISM_NAMES,
    RoundRules,
    presets,
    round_rules,
    save_round_rules,
)
from huvudman.words import vocabulary

router = APIRouter()
#: What each mechanism and fallback means, from the shared vocabulary (one source).
MECHANISM_WORDS = {name: words[1] for name, words in vocabulary.MECHANISMS.items()}
FALLBACK_WORDS = vocabulary.FALLBACKS


def _page(request: Request, session, status_code: int = 200,
          error: str | None = None, changed: int | None = None):
    settings = request.app.state.settings
    return render(request, session, "settings.html", status_code=status_code, error=error,
                  changed=changed, rules=round_rules(session, settings.round_name),
                  presets=presets(), mechanisms=MECHANISM_NAMES, fallbacks=FALLBACKS,
                  mechanism_words=MECHANISM_WORDS, fallback_words=FALLBACK_WORDS,
                  schools=schools_by_name(session))


@router.get("/staff/settings")
def settings_page(request: Request, session: DB):
    require_user(request, session, *roles_for("settings"))
    changed = request.query_params.get("changed")
    return _page(request, session, changed=int(changed) if changed and changed.isdecimal()
                 else None)


@router.post("/staff/settings")
def settings_save(request: Request, session: DB,
                  form: Annotated[dict[str, str], Depends(form_fields)]):
    check_csrf(request, form.get("csrf"))
    user = require_user(request, session, *roles_acting("settings"))
    settings = request.app.state.settings
    rules = RoundRules(form.get("preset", ""), form.get("mechanism", ""),
                       form.get("fallback", ""))
    capacities = {k.removeprefix("places-"): v for k, v in form.items()
                  if k.startswith("places-")}
    try:
        changed = save_round_rules(session, user, settings.round_name, rules, capacities,
                                   settings.current_time())
    except NotAllowed as err:
        return _page(request, session, status_code=400, error=str(err))
    return RedirectResponse(f"/staff/settings?changed={len(changed)}", status_code=303)
