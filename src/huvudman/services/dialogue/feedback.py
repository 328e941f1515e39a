"""Feedback from guardians, with an answer due within ten Swedish working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.dialogue.redaction import redact
from huvudman.governance.roles import needs_names_in_feedback
from huvudman.store import audit_log
from huvudman.store.models import Child, Feedback, User
from huvudman.workdays import add_working_days, swedish_holidays

ANSWER_WITHIN_WORKING_DAYS = 10


def send_feedback(session: Session, guardian: User, child: Child | None, text: str,
                  now: datetime) -> Feedback:
    """Record a guardian's feedback and the date by which it must be answered."""
    text = text.strip()
    if not text:
        raise ValueError("write something first")
    swedish = swedish_holidays(range(now.year, now.year + 2))
    due = add_working_days(now.date(), ANSWER_WITHIN_WORKING_DAYS, swedish)
    item = Feedback(user_id=guardian.id, child_id=child.id if child else None, text=text[:5000],
                    received_at=now, due_on=due.isoformat())
    session.add(item)
    session.flush()
    return item


@dataclass(frozen=True)
class FeedbackToAnswer:
    """One unanswered piece of feedback as a member of staff may read it."""

    id: int
    due_on: str
    text: str


def open_feedback(session: Session, reader: User) -> list[FeedbackToAnswer]:
    """Unanswered feedback, the earliest deadline first; names, personnummer and addresses
    marked out for readers without a need to know them; the read is audited."""
    rows = session.execute(
        select(Feedback, User.name, User.email, Child.name, Child.personnummer)
        .join(User, User.id == Feedback.user_id).outerjoin(Child, Child.id == Feedback.child_id)
        .where(Feedback.answered_at.is_(None)).order_by(Feedback.due_on, Feedback.id)).all()
    named = needs_names_in_feedback(reader.role)
    items = [FeedbackToAnswer(f.id, f.due_on, f.text if named else redact(
        f.text, [sender, email.split("@")[0], child or "", number or ""]))
        for f, sender, email, child, number in rows]
    audit_log.record(session, reader.email, "read_feedback", "feedback",
                     f"{len(items)} open, {'with' if named else 'without'} names")
    return items
