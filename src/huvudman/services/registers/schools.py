"""The school register as the portal reads it: every school, or one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.store.models import School


def schools_by_name(session: Session) -> list[School]:
    """Every school, by name (pickers and the places form)."""
    return list(session.scalars(select(School).order_by(School.name)))


def school_by_id(session: Session, school_id: str | None) -> School | None:
    """One school, None when there is no such school."""
    return session.get(School, school_id) if school_id else None


def school_names(session: Session) -> dict[str, str]:
    """Every school's name by its id."""
    return dict(session.execute(select(School.school_id, School.name)).all())
