"""Signing in and out, the language switch, dismissing a notice."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.roles import is_staff
from huvudman.portal.deps import DB, Id, current_user, start_session
from huvudman.portal.forms import check_csrf
from huvudman.portal.i18n import languages
from huvudman.portal.oidc import OidcError, Pending
from huvudman.portal.pages import render
from huvudman.portal.roles import home_for
from huvudman.services.accounts.sign_in import (
    account_for_claim,
    remember_language,
    sign_in_with_password,
)
from huvudman.services.accounts.web_sessions import end_session
from huvudman.words.messages import (
    EID_CANCELLED,
    EID_FAILED,
    EID_UNAVAILABLE,
    NO_ACCOUNT,
    TOO_MANY_ATTEMPTS,
    WRONG_PASSWORD,
)

router = APIRouter()
log = logging.getLogger("huvudman.portal")


def home_of(user) -> str:
    """Where a user lands after signing in."""
    return home_for(user.role) if is_staff(user.role) else "/children"


@router.get("/")
def index(request: Request, session: DB):
    user = current_user(request, session)
    return RedirectResponse(home_of(user) if user else "/login", status_code=303)


@router.get("/login")
def login_page(request: Request, session: DB):
    return render(request, session, "login.html", error=None)


@router.post("/login")
def login(request: Request, session: DB,
          email: Annotated[str, Form()], password: Annotated[str, Form()],
          csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    address = request.client.host if request.client else "?"
    email = email.strip().lower()
    limits = (request.app.state.address_limit, address), (request.app.state.account_limit,
                                                           email)
    if any(limit.blocked(key) for limit, key in limits):
        return render(request, session, "login.html", status_code=429,
                      error=TOO_MANY_ATTEMPTS)
    user = sign_in_with_password(session, email, password)
    if user is None:
        for limit, key in limits:
            limit.failed(key)
        return render(request, session, "login.html", status_code=401,
                      error=WRONG_PASSWORD)
    start_session(request, session, user)  # a new session on sign-in (no fixation)
    return RedirectResponse(home_of(user), status_code=303)


@router.get("/login/oidc")
def login_oidc(request: Request):
    provider = request.app.state.oidc
    if provider is None:
        raise HTTPException(status_code=404)
    try:
        url, pending = provider.start()
    except OidcError as err:
        log.warning("e-identification unavailable: %s", err)
        raise HTTPException(status_code=503, detail=EID_UNAVAILABLE) from None
    request.session["oidc"] = {"state": pending.state, "nonce": pending.nonce,
                               "verifier": pending.verifier}
    return RedirectResponse(url, status_code=303)


@router.get("/login/oidc/callback")
def login_oidc_callback(request: Request, session: DB, code: str = "", state: str = "",
                        error: str = ""):
    provider = request.app.state.oidc
    if provider is None:
        raise HTTPException(status_code=404)
    kept = request.session.pop("oidc", None)
    pending = Pending(**kept) if isinstance(kept, dict) else None
    if error:
        return render(request, session, "login.html", status_code=401, error=EID_CANCELLED)
    try:
        value = provider.finish(code, state, pending)
    except OidcError as err:
        log.warning("e-identification sign-in refused: %s", err)
        return render(request, session, "login.html", status_code=401, error=EID_FAILED)
    user = account_for_claim(session, provider.config.claim, value)
    if user is None:
        return render(request, session, "login.html", status_code=403, error=NO_ACCOUNT)
    start_session(request, session, user)  # a new session on sign-in (no fixation)
    return RedirectResponse(home_of(user), status_code=303)


@router.post("/logout")
def logout(request: Request, session: DB, csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    end_session(session, request.session.get("sid"), request.app.state.settings.current_time())
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


def _back(request: Request) -> str:
    """The page the visitor came from, if it is one of ours (never a redirect elsewhere)."""
    back = request.headers.get("referer") or "/"
    return back if back.startswith(str(request.base_url)) else "/"


@router.get("/lang/{code}")
def switch_language(code: str, request: Request, session: DB):
    response = RedirectResponse(_back(request), status_code=303)
    if code in languages():
        user = current_user(request, session)
        if user is not None:  # their mail comes in the language they read the portal in
            remember_language(user, code)
        response.set_cookie("lang", code, max_age=365 * 86400, samesite="lax",
                            secure=request.app.state.settings.secure_cookies)
    return response


@router.post("/notices/{notice_id}/dismiss")
def dismiss_notice(notice_id: Id, request: Request, csrf: Annotated[str, Form()] = ""):
    check_csrf(request, csrf)
    dismissed = set(filter(None, request.cookies.get("dismissed", "").split(".")))
    dismissed.add(str(notice_id))
    response = RedirectResponse(_back(request), status_code=303)
    if request.headers.get("hx-request"):
        from fastapi.responses import HTMLResponse

        response = HTMLResponse("")
    response.set_cookie("dismissed", ".".join(sorted(dismissed)), max_age=365 * 86400,
                        samesite="lax", secure=request.app.state.settings.secure_cookies)
    return response
