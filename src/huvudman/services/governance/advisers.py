"""Flagged schools go up the chain, and advisers work with them: a school the early warning
flags is raised once per school year and the levels above the principal are told by mail; the
head of schools or the education director gives it an adviser, whose work is logged."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance.roles import ADVISER_ASSIGNERS
from huvudman.services.families.applications import NotAllowed
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.store import audit_log
from huvudman.store.models import AdviserAssignment, AdviserNote, School, SchoolFlag, User
from huvudman.words.governance import flag_mail
from huvudman.words.messages import INSPECTION_REFUSED, STEP_NEEDS_TEXT, UNKNOWN_SCHOOL

LONGEST = 5_000


def raise_flags(session: Session, warnings, now: datetime) -> list[str]:
    """Record the newly flagged schools (once per school year) and mail the levels above the
    principal; the names of the schools raised."""
    raised = []
    for warning in warnings:
        if not warning.assessment.flagged:
            continue
        school_id, period = warning.school.school_id, warning.period
        if session.scalars(select(SchoolFlag).where(SchoolFlag.school_id == school_id,
                                                    SchoolFlag.period == period)).first():
            continue
        session.add(SchoolFlag(school_id=school_id, period=period,
                               score=warning.assessment.score, flagged_at=now))
        for person in session.scalars(select(User).where(User.role.in_(ADVISER_ASSIGNERS))):
            subject, body = flag_mail(person.locale, school=warning.school.name,
                                      score=warning.assessment.score,
                                      reasons=len(warning.assessment.reasons),
                                      link=portal_link("/staff/early-warning"))
            queue(session, person.email, subject, body, "school_flagged", f"school:{school_id}",
                  now)
        audit_log.record(session, "early warning", "flag_school", f"school:{school_id}",
                         f"{period}: score {warning.assessment.score}", at=now)
        raised.append(warning.school.name)
    return raised


def advisers(session: Session) -> list[User]:
    """Everyone who can be given to a school as its adviser."""
    return list(session.scalars(select(User).where(User.role == "adviser").order_by(User.name)))


def assign_adviser(session: Session, assigner: User, school_id: str, adviser_id: str,
                   reason: str, now: datetime) -> AdviserAssignment:
    """Give a school an adviser (the head of schools or the education director); audited."""
    if assigner.role not in ADVISER_ASSIGNERS:
        raise NotAllowed(INSPECTION_REFUSED)
    if session.get(School, school_id.strip()) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    adviser = session.get(User, int(adviser_id)) if adviser_id.isdecimal() else None
    if adviser is None or adviser.role != "adviser":
        raise NotAllowed(INSPECTION_REFUSED)
    if not reason.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    assignment = AdviserAssignment(school_id=school_id.strip(), adviser_id=adviser.id,
                                   assigned_by=assigner.id, assigned_at=now,
                                   reason=reason.strip()[:LONGEST])
    session.add(assignment)
    session.flush()
    audit_log.record(session, assigner.email, "assign_adviser", f"school:{school_id}",
                     f"adviser {adviser.email}", at=now)
    return assignment


def assignments_for(session: Session, viewer: User) -> list[tuple[AdviserAssignment, str, str]]:
    """(assignment, school name, adviser name): an adviser's own; everyone's for the others."""
    query = (select(AdviserAssignment, School.name, User.name)
             .join(School, School.school_id == AdviserAssignment.school_id)
             .join(User, User.id == AdviserAssignment.adviser_id)
             .order_by(AdviserAssignment.assigned_at.desc()))
    if viewer.role == "adviser":
        query = query.where(AdviserAssignment.adviser_id == viewer.id)
    return [tuple(row) for row in session.execute(query)]


def log_work(session: Session, adviser: User, assignment_id: int, text: str,
             now: datetime) -> AdviserNote:
    """An adviser logs what was done at their school; audited."""
    assignment = session.get(AdviserAssignment, assignment_id)
    if assignment is None or assignment.adviser_id != adviser.id or assignment.ended_at:
        raise NotAllowed(INSPECTION_REFUSED)
    if not text.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    note = AdviserNote(assignment_id=assignment.id, at=now, text=text.strip()[:LONGEST])
    session.add(note)
    audit_log.record(session, adviser.email, "adviser_note", f"school:{assignment.school_id}",
                     f"assignment {assignment.id}", at=now)
    return note
