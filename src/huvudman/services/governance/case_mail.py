"""E-mail to the owners of deviations: a new case on their board, and the overdue cases a
sweep moved up to them (one message per person and sweep). Written to the outbox in the same
transaction as the case or the escalation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance import deviations as core
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.store.models import Deviation, User
from huvudman.words.formatting import local_time
from huvudman.words.governance import case_mail, category_words


def owners(session: Session, role: str, school_id: str | None) -> list[User]:
    """The people holding a role for a case (a principal: of its school)."""
    query = select(User).where(User.role == role)
    if role in SCHOOL_BOUND:
        query = query.where(User.school_id == school_id)
    return list(session.scalars(query.order_by(User.id)))


def tell_new_case(session: Session, row: Deviation, now: datetime) -> int:
    """Mail the owners of a new case; how many were told."""
    people = owners(session, core.CATEGORIES[row.category].chain[row.level], row.school_id)
    for person in people:
        kind = category_words(row.category, person.locale)[0]
        subject, body = case_mail("new", person.locale, title=row.title, kind=kind,
                                  due=local_time(row.due_at),
                                  link=portal_link(f"/staff/deviations/{row.id}"))
        queue(session, person.email, subject, body, "deviation_new", f"deviation:{row.id}",
              now)
    return len(people)


def tell_escalated(session: Session, escalated: list[tuple[int, str, int, str | None, str]],
                   now: datetime) -> int:
    """One mail per new owner listing the cases (id, kind, new level, school, title) a sweep
    moved up to them; how many people were told."""
    by_person: dict[int, tuple[User, list[str]]] = {}
    holders: dict[tuple[str, str | None], list[User]] = {}
    for _key, category, level, school_id, title in escalated:
        role = core.CATEGORIES[category].chain[level]
        scope = (role, school_id if role in SCHOOL_BOUND else None)
        if scope not in holders:
            holders[scope] = owners(session, role, school_id)
        for person in holders[scope]:
            by_person.setdefault(person.id, (person, []))[1].append(title)
    for person, titles in by_person.values():
        shown = "\n".join(f"- {t}" for t in titles[:20]) + (
            f"\n… (+{len(titles) - 20})" if len(titles) > 20 else "")
        subject, body = case_mail("escalated", person.locale, n=len(titles), titles=shown,
                                  link=portal_link("/staff/deviations"))
        queue(session, person.email, subject, body, "deviation_escalated", "deviations", now)
    return len(by_person)
