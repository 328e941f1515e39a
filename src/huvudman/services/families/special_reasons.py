"""Special reasons (särskilda skäl): an officer's decision that a child has reasons to be placed
at a school ahead of the rule chain's other groups — the school, a category, who decided and
when. Decided one by one here or with the population register import; every decision and
withdrawal is audited; never shown to other families or in statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from huvudman.placement.config import SPECIAL_REASON_CATEGORIES
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import Child, School, SpecialReason, User
from huvudman.words.messages import (
    UNKNOWN_CATEGORY,
    UNKNOWN_CHILD_OR_NUMBER,
    UNKNOWN_SCHOOL,
)


@dataclass(frozen=True)
class DecidedReason:
    """A decision as the officers' page lists it."""

    id: int
    child: Child
    school: School
    category: str
    note: str
    decided_by: str
    decided_at: datetime


def special_reasons(session: Session, reader: User) -> list[DecidedReason]:
    """Every decision in force, by child; the read is audited (it is personal data)."""
    rows = session.execute(
        select(SpecialReason, Child, School, User.name)
        .join(Child, Child.id == SpecialReason.child_id)
        .join(School, School.school_id == SpecialReason.school_id)
        .join(User, User.id == SpecialReason.decided_by)
        .order_by(Child.name, Child.child_id, School.name)).all()
    audit_log.record(session, reader.email, "read_special_reasons", "special_reasons",
                     f"{len(rows)} decisions listed")
    return [DecidedReason(r.id, c, s, r.category, r.note, name, r.decided_at)
            for r, c, s, name in rows]


def find_child(session: Session, key: str) -> Child | None:
    """A child by the register's id or by personnummer (written either way)."""
    from huvudman.services.accounts.sign_in import canonical_personnummer

    key = key.strip()
    number = canonical_personnummer(key)
    return session.scalars(select(Child).where(or_(
        Child.child_id == key, Child.personnummer == (number or key)))
        .options(joinedload(Child.special_reasons))).unique().first()


def decide(session: Session, officer: User, child: Child, school_id: str, category: str,
           note: str, now: datetime, how: str = "") -> SpecialReason:
    """Record (or change the category of) the decision for the child at a school; audited."""
    if session.get(School, school_id) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    if category not in SPECIAL_REASON_CATEGORIES:
        raise NotAllowed(UNKNOWN_CATEGORY)
    reason = next((r for r in child.special_reasons if r.school_id == school_id), None)
    if reason is None:
        reason = SpecialReason(school_id=school_id, category=category, note=note.strip(),
                               decided_by=officer.id, decided_at=now)
        child.special_reasons.append(reason)
    else:
        reason.category, reason.note = category, note.strip()
        reason.decided_by, reason.decided_at = officer.id, now
    audit_log.record(session, officer.email, "decide_special_reason", f"child:{child.child_id}",
                     f"{school_id}: {category}{how}")
    return reason


def withdraw(session: Session, officer: User, child: Child, school_id: str,
             how: str = "") -> None:
    """Withdraw the child's decision at a school; audited."""
    child.special_reasons = [r for r in child.special_reasons if r.school_id != school_id]
    audit_log.record(session, officer.email, "withdraw_special_reason",
                     f"child:{child.child_id}", f"{school_id}{how}")


def decide_by_key(session: Session, officer: User, child_key: str, school_id: str,
                  category: str, note: str, now: datetime) -> SpecialReason:
    """`decide` for the child named by id or personnummer (the officers' form)."""
    child = find_child(session, child_key)
    if child is None:
        raise NotAllowed(UNKNOWN_CHILD_OR_NUMBER)
    return decide(session, officer, child, school_id, category, note, now)


def withdraw_by_id(session: Session, officer: User, reason_id: int) -> bool:
    """Withdraw one decision by its id; False when there is none."""
    reason = session.get(SpecialReason, reason_id)
    if reason is None:
        return False
    child = session.get(Child, reason.child_id)
    withdraw(session, officer, child, reason.school_id)
    return True
