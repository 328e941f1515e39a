"""Staff accounts, managed by the administrator: create one with a role, change a role.
Every change is audited; the administrator cannot take away their own role."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance.roles import SCHOOL_BOUND, STAFF_ROLES
from huvudman.services.accounts.passwords import hash_password
from huvudman.services.accounts.web_sessions import end_all_sessions
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance.organisation import hold
from huvudman.store import audit_log
from huvudman.store.models import School, User
from huvudman.words.messages import (
    BAD_EMAIL,
    EMAIL_TAKEN,
    NEEDS_SCHOOL,
    OWN_ROLE,
    SHORT_PASSWORD,
    UNKNOWN_ROLE,
    UNKNOWN_SCHOOL,
)

MIN_PASSWORD = 12
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def staff_accounts(session: Session) -> list[User]:
    """Every staff account, by role and name."""
    return list(session.scalars(select(User).where(User.role.in_(STAFF_ROLES))
                                .order_by(User.role, User.name)))


def _school_for(session: Session, role: str, school_id: str) -> str | None:
    if role not in SCHOOL_BOUND:
        return None
    if not school_id:
        raise NotAllowed(NEEDS_SCHOOL)
    if session.get(School, school_id) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    return school_id


def create_account(session: Session, admin: User, email: str, name: str, role: str,
                   school_id: str, password: str, now: datetime) -> User:
    """A new staff account (a principal's or teacher's is tied to their school)."""
    email, name = email.strip().lower(), name.strip()
    if not _EMAIL.match(email):
        raise NotAllowed(BAD_EMAIL)
    if role not in STAFF_ROLES:
        raise NotAllowed(UNKNOWN_ROLE)
    if len(password) < MIN_PASSWORD:
        raise NotAllowed(SHORT_PASSWORD)
    if session.scalars(select(User).where(User.email == email)).first() is not None:
        raise NotAllowed(EMAIL_TAKEN)
    user = User(email=email, name=name or email, role=role, locale="sv",
                school_id=_school_for(session, role, school_id.strip()),
                password_hash=hash_password(password))
    session.add(user)
    session.flush()
    hold(session, user, now, admin.email)
    audit_log.record(session, admin.email, "create_account", f"user:{email}",
                     f"role {role}" + (f", school {user.school_id}" if user.school_id else ""),
                     at=now)
    return user


def change_role(session: Session, admin: User, user_id: int, role: str,
                school_id: str, now: datetime) -> User | None:
    """Give a staff account another role (None when there is no such staff account)."""
    user = session.get(User, user_id)
    if user is None or user.role not in STAFF_ROLES:
        return None
    if role not in STAFF_ROLES:
        raise NotAllowed(UNKNOWN_ROLE)
    if user.id == admin.id and role != admin.role:
        raise NotAllowed(OWN_ROLE)
    school = _school_for(session, role, school_id.strip())
    before = f"{user.role}" + (f" ({user.school_id})" if user.school_id else "")
    user.role, user.school_id = role, school
    after = f"{role}" + (f" ({school})" if school else "")
    if before != after:
        hold(session, user, now, admin.email)  # the post held before becomes history
        # whoever holds the account signs in again to work in the new role
        ended = end_all_sessions(session, user.id, now)
        audit_log.record(session, admin.email, "change_role", f"user:{user.email}",
                         f"{before} → {after}; {ended} session(s) ended", at=now)
    return user


def user_by_id(session: Session, user_id: int | None) -> User | None:
    """One account, None when there is none (a signed-in session's user, a run's officer)."""
    return session.get(User, user_id) if user_id is not None else None
