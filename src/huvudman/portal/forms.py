"""Form handling shared by the routes: the CSRF check."""

from __future__ import annotations

from fastapi import HTTPException, Request

from huvudman.portal.security import same_token
from huvudman.words.messages import FORM_EXPIRED


def check_csrf(request: Request, given: str | None) -> None:
    """Refuse a form that does not carry this session's token (also accepted as the
    X-CSRF-Token header that htmx sends)."""
    token = given or request.headers.get("x-csrf-token")
    if not same_token(request.session.get("csrf"), token):
        raise HTTPException(status_code=403, detail=FORM_EXPIRED)


async def form_fields(request: Request) -> dict[str, str]:
    """Every field of a posted form, as text (forms whose fields vary: one per school, one
    per finding)."""
    return {k: str(v) for k, v in (await request.form()).items()}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """Every field of a posted form with all its values (checkboxes of one name)."""
    form = await request.form()
    return {key: [str(v) for v in form.getlist(key)] for key in form}


def first(form: dict[str, list[str]], key: str) -> str:
    """The first value of a field of `form_lists` ("" when it is missing)."""
    return (form.get(key) or [""])[0]
