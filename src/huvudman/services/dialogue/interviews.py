"""Interviews of the dialogue (guardians, staff, politicians): notes kept with the person's
consent, without a name; consented notes join the material to be coded beside written
feedback and the survey's free text (quotable only when the person agreed to be quoted)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.dialogue.redaction import redact
from huvudman.services.dialogue.survey import KEEPERS, LONGEST
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import Interview, Passage, User
from huvudman.words.dialogue import INTERVIEW_KINDS, INTERVIEW_REFUSALS


def _refused(code: str) -> NotAllowed:
    return NotAllowed(INTERVIEW_REFUSALS[code])


def record_interview(session: Session, interviewer: User, kind: str, label: str,
                     held_on: str, notes: str, consent: bool, quote_consent: bool,
                     now: datetime) -> Interview:
    """Keep an interview's notes; with consent they join the material (names the notes hold
    that the label gives are marked out, as are numbers and addresses)."""
    if interviewer.role not in KEEPERS:
        raise _refused("not_yours")
    if kind not in INTERVIEW_KINDS:
        raise _refused("kind")
    try:
        day = date.fromisoformat(held_on.strip())
    except ValueError:
        raise _refused("day") from None
    if not notes.strip() or not label.strip():
        raise _refused("notes")
    interview = Interview(kind=kind, label=label.strip()[:100], held_on=day,
                          interviewer_id=interviewer.id, notes=notes.strip()[:LONGEST],
                          consent=consent, quote_consent=consent and quote_consent,
                          recorded_at=now)
    session.add(interview)
    session.flush()
    if consent:
        session.add(Passage(source="interview", source_id=interview.id,
                            text=redact(interview.notes, []), quotable=interview.quote_consent,
                            added_at=now))
    audit_log.record(session, interviewer.email, "record_interview", f"interview:{interview.id}",
                     kind, at=now)
    session.flush()
    return interview


def interviews(session: Session, viewer: User) -> list[Interview]:
    """Every interview, the newest first (for those who keep the dialogue's material)."""
    if viewer.role not in KEEPERS:
        raise _refused("not_yours")
    return list(session.scalars(select(Interview).order_by(Interview.held_on.desc(),
                                                          Interview.id.desc())))
