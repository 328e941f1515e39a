"""Signed-in sessions the server knows: opened at sign-in, looked up on every request, ended
at sign-out (everywhere at once: a copied cookie stops working) or when they expire."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from huvudman.store.models import User, WebSession
from huvudman.store.times import as_utc

LIFETIME = timedelta(hours=8)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: User, now: datetime) -> str:
    """A new session for the user; returns the token the cookie carries. The user's expired
    sessions are removed then (nothing is kept longer than it can be used)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user.id,
                                             WebSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_sha256=_digest(token), user_id=user.id, created_at=now,
                           expires_at=now + LIFETIME))
    return token


def user_of(session: Session, token: str | None, now: datetime) -> User | None:
    """The user of a session still open, None for an unknown, ended or expired one."""
    if not token or not isinstance(token, str):
        return None
    found = session.execute(select(WebSession.expires_at, User)
                            .join(User, User.id == WebSession.user_id)
                            .where(WebSession.token_sha256 == _digest(token),
                                   WebSession.ended_at.is_(None))).first()
    if found is None or as_utc(found[0]) <= now:
        return None
    return found[1]


def end_session(session: Session, token: str | None, now: datetime) -> None:
    """End one session (sign-out)."""
    if token and isinstance(token, str):
        session.execute(update(WebSession).where(WebSession.token_sha256 == _digest(token),
                                                 WebSession.ended_at.is_(None))
                        .values(ended_at=now))


def end_all_sessions(session: Session, user_id: int, now: datetime) -> int:
    """End every open session of a user (a changed role, a lost phone); how many."""
    return session.execute(update(WebSession).where(WebSession.user_id == user_id,
                                                    WebSession.ended_at.is_(None))
                           .values(ended_at=now)).rowcount or 0
