"""The administrator's page of staff accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.governance.roles import STAFF_ROLES
from huvudman.portal.deps import DB, Id, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import ROLE_WORDS, roles_acting, roles_for
from huvudman.services.accounts.staff import change_role, create_account, staff_accounts
from huvudman.services.families.applications import NotAllowed
from huvudman.services.registers.schools import schools_by_name

router = APIRouter()
Field = Annotated[str, Form()]


def _page(request: Request, session, status_code: int = 200, error: str | None = None):
    return render(request, session, "accounts.html", status_code=status_code, error=error,
                  accounts=staff_accounts(session), roles=STAFF_ROLES, role_words=ROLE_WORDS,
                  schools=schools_by_name(session))


@router.get("/staff/users")
def accounts_page(request: Request, session: DB):
    require_user(request, session, *roles_for("users"))
    return _page(request, session)


@router.post("/staff/users")
def account_new(request: Request, session: DB, email: Field = "", name: Field = "",
                role: Field = "", school_id: Field = "", password: Field = "",
                csrf: Field = ""):
    check_csrf(request, csrf)
    admin = require_user(request, session, *roles_acting("users"))
    try:
        create_account(session, admin, email, name, role, school_id, password,
                       request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, 400, str(err))
    return RedirectResponse("/staff/users", status_code=303)


@router.post("/staff/users/{user_id}/role")
def account_role(user_id: Id, request: Request, session: DB, role: Field = "",
                 school_id: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    admin = require_user(request, session, *roles_acting("users"))
    try:
        changed = change_role(session, admin, user_id, role, school_id,
                              request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, 400, str(err))
    if changed is None:
        raise HTTPException(status_code=404)
    return RedirectResponse("/staff/users", status_code=303)
