"""Request-scoped helpers: the database session, who is signed in, the language."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from sqlalchemy.orm import Session

from huvudman.portal.i18n import languages
from huvudman.services.accounts import web_sessions
from huvudman.services.accounts.sign_in import remember_language
from huvudman.store.database import writes

#: Requests that compute at length before they write: they take the write lock only for
#: their short write (`store.database.start_writing`), never while computing.
COMPUTE_FIRST = {("POST", "/staff/runs")}


def db(request: Request) -> Iterator[Session]:
    """One session per request, committed when the request succeeds. Forms and staff pages
    write (staff reads are audited): they take the database's write lock at once — except
    signing in, which checks a password (slow on purpose) before its one short write, and
    `COMPUTE_FIRST` work."""
    with request.app.state.sessions.begin() as session:
        path = request.url.path
        if (request.method != "GET" or path.startswith(("/staff", "/me/", "/lang/"))) and \
                not path.startswith("/login") and (request.method, path) not in COMPUTE_FIRST:
            writes(session)
        yield session


#: A record's number in a URL: anything outside what the database can hold is "not found".
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
#: A token in a link we mailed (URL-safe base64): anything else is "not found", never a query.
Token = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{16,64}$")]

# "function" scope: the transaction commits before the response leaves, so the page a browser
# loads right after a redirect always sees what the request wrote.
DB = Annotated[Session, Depends(db, scope="function")]


def current_user(request: Request, session: Session):
    """The signed-in user, if any (a session the server still holds open)."""
    return web_sessions.user_of(session, request.session.get("sid"),
                                request.app.state.settings.current_time())


def start_session(request: Request, session: Session, user) -> None:
    """Sign the user in: a new session (never the one the browser came with)."""
    request.session.clear()
    request.session["sid"] = web_sessions.open_session(
        session, user, request.app.state.settings.current_time())
    remember_language(user, language(request))


def require_user(request: Request, session: Session, *roles: str):
    """The signed-in user with one of `roles` (any role when none given); else sign in / 403."""
    user = current_user(request, session)
    if user is None:
        raise HTTPException(status_code=303, headers={"Location": "/login"})
    if roles and user.role not in roles:
        raise HTTPException(status_code=403)
    return user


def language(request: Request) -> str:
    """The language chosen on the page (cookie), else the browser's, else Swedish."""
    chosen = request.cookies.get("lang")
    if chosen in languages():
        return chosen
    accept = request.headers.get("accept-language", "")
    return "en" if accept.lower().startswith("en") else "sv"
