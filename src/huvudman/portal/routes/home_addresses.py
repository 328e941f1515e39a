"""Staff: a child's home as the distances are measured from it, and its correction with a
reason (audited before and after)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse

from huvudman.portal.deps import DB, require_user
from huvudman.portal.forms import check_csrf
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_acting
from huvudman.services.families import home_address
from huvudman.services.families.applications import NotAllowed
from huvudman.services.registers.address_register import geocoder

router = APIRouter()
Field = Annotated[str, Form()]


def _page(request: Request, session, child_id: str, status_code: int = 200,
          error: str | None = None, saved: bool = False):
    user = require_user(request, session, *roles_acting("applications"))
    child = home_address.child_by_id(session, child_id) if child_id.strip() else None
    if child is not None:
        home_address.read_home(session, user, child, request.app.state.settings.current_time())
    return render(request, session, "home_address.html", status_code=status_code,
                  error=error, child=child, asked=child_id[:64], saved=saved)


@router.get("/staff/address")
def address_page(request: Request, session: DB):
    return _page(request, session, request.query_params.get("child", ""),
                 saved=request.query_params.get("saved") == "1")


@router.post("/staff/address")
def correct(request: Request, session: DB, child: Field = "", address: Field = "",
            lat: Field = "", lon: Field = "", reason: Field = "", csrf: Field = ""):
    check_csrf(request, csrf)
    user = require_user(request, session, *roles_acting("applications"))
    found = home_address.child_by_id(session, child)
    if found is None:
        raise HTTPException(status_code=404)
    walking = request.app.state.walking
    try:
        home_address.correct_home(session, user, found, address, lat, lon, reason,
                                  geocoder(walking.network.source if walking else None),
                                  request.app.state.settings.current_time())
    except NotAllowed as err:
        return _page(request, session, child, 400, str(err))
    return RedirectResponse(f"/staff/address?child={found.child_id}&saved=1", status_code=303)
