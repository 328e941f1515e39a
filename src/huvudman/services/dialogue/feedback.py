"""Feedback from guardians, with an answer due within ten Swedish working days."""

from __future__ import annotations

from datetime import datetime

import holidays
from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.dialogue.deadlines import add_working_days
from huvudman.store.models import Child, Feedback, User

ANSWER_WITHIN_WORKING_DAYS = 10


def send_feedback(session: Session, guardian: User, child: Child | None, text: str,
                  now: datetime) -> Feedback:
    """Record a guardian's feedback and the date by which it must be answered."""
    text = text.strip()
    if not text:
        raise ValueError("write something first")
    swedish = holidays.country_holidays("SE", years=range(now.year, now.year + 2))
    due = add_working_days(now.date(), ANSWER_WITHIN_WORKING_DAYS, swedish)
    item = Feedback(user_id=guardian.id, child_id=child.id if child else None, text=text[:5000],
                    received_at=now, due_on=due.isoformat())
    session.add(item)
    session.flush()
    return item


def open_feedback(session: Session) -> list[Feedback]:
    """Unanswered feedback, the earliest deadline first."""
    return list(session.scalars(select(Feedback).where(Feedback.answered_at.is_(None))
                                .order_by(Feedback.due_on, Feedback.id)))
