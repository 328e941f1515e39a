"""The inspection countdown told by mail, without anyone opening a page: when a finding not
yet ready turns due soon (30 days before the organizer must report) and when it turns overdue,
the school's principal and the levels above are told — each status once per finding."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance import inspections as core
from huvudman.governance.deviations import SCHOOL_CHAIN
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.store import audit_log
from huvudman.store.database import writes
from huvudman.store.models import InspectionDecision, InspectionFinding, School, User
from huvudman.words.catalogs import translations
from huvudman.words.governance import COUNTDOWN_MAIL, INSPECTION_AREAS, mail_in
from huvudman.workdays import swedish_date

#: Who is told, by the status: due soon up to the education director; overdue to the top.
TOLD = {core.DUE_SOON: SCHOOL_CHAIN[:3], core.OVERDUE: SCHOOL_CHAIN}


def remind(session: Session, now: datetime) -> int:
    """Mail every finding whose countdown status changed to due soon or overdue since it was
    last told; how many findings. Two sweeps at once tell each once (the rows are locked)."""
    today = swedish_date(now)
    rows = session.execute(
        select(InspectionFinding, InspectionDecision, School.name)
        .join(InspectionDecision, InspectionDecision.id == InspectionFinding.decision_id)
        .join(School, School.school_id == InspectionDecision.school_id)
        .where(InspectionFinding.reported_on.is_(None))
        .with_for_update(of=InspectionFinding, skip_locked=True)).all()
    told = 0
    for finding, decision, school in rows:
        actions = [core.Action(a.due_on, a.done_on, bool(a.evidence)) for a in finding.actions]
        status = core.finding_status(finding.report_by, actions, today)
        if status not in TOLD or finding.reminded == status:
            continue
        finding.reminded = status
        people = select(User).where(User.role.in_(TOLD[status]))
        for person in session.scalars(people):
            if person.role == "principal" and person.school_id != decision.school_id:
                continue
            area = translations(person.locale).gettext(INSPECTION_AREAS[finding.area])
            subject, body = mail_in(
                person.locale, COUNTDOWN_MAIL[status], school=school, area=area,
                reference=decision.reference, day=finding.report_by.isoformat(),
                link=portal_link(f"/staff/inspections/{decision.id}"))
            queue(session, person.email, subject, body, f"finding_{status}",
                  f"finding:{finding.id}", now)
        audit_log.record(session, "countdown", f"finding_{status}",
                         f"inspection:{decision.id}", f"finding {finding.id}", at=now)
        told += 1
    return told


def remind_now(make_session, now: datetime) -> int:
    """One round of reminders in its own transaction (the portal's sweep and the command)."""
    with make_session.begin() as session:
        writes(session)
        return remind(session, now)
