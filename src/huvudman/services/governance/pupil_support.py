"""Pupils who may need special support (skollagen 3 kap.): a signal from the school's staff, the
principal informed at once (and pupil health), the investigation, the decision on an action
programme or not (both appealable), the follow-up — and the working days from signal to
investigation and to decision, per school, for the chain of command.

Names stay at the school: the principal and pupil health read their school's cases, a teacher
the signals they raised; every read of a case is audited. Everyone above reads the times only.
The rules and the times are `governance.support`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance import support as core
from huvudman.governance.roles import PUPIL_CASE_HANDLERS, PUPIL_SIGNALLERS
from huvudman.placement.statistics import SMALL_CELL
from huvudman.services.families.applications import NotAllowed
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.store import audit_log
from huvudman.store.models import PupilCase, School, User
from huvudman.words.governance import SIGNAL_MAIL, SUPPORT_REFUSALS, mail_in
from huvudman.words.messages import STEP_NEEDS_TEXT
from huvudman.workdays import swedish_date, swedish_holidays

LONGEST = 5_000
#: The steps a handler records on a case, each a step of the core.
STEPS = ("investigate", "programme", "no_programme", "follow_up")


@dataclass(frozen=True)
class SchoolTimes:
    """One school's times; the medians blank when fewer than `SMALL_CELL` cases got there
    (a median of one or two is a pupil's own time)."""

    school_id: str
    school: str
    times: core.Times
    shown_to_investigation: float | None
    shown_to_decision: float | None


def _days_off(today: date):
    return swedish_holidays(range(today.year - 2, today.year + 2))


def _refused(code: str = "not_now") -> NotAllowed:
    return NotAllowed(SUPPORT_REFUSALS[code])


def signal(session: Session, staff: User, pupil_name: str, pupil_class: str, text: str,
           now: datetime) -> PupilCase:
    """A member of a school's staff signals that a pupil may need special support; the
    principal and pupil health are told at once (by mail, without the name); audited."""
    if staff.role not in PUPIL_SIGNALLERS or not staff.school_id:
        raise _refused()
    if not pupil_name.strip() or not text.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    today = swedish_date(now)
    case = PupilCase(school_id=staff.school_id, pupil_name=pupil_name.strip()[:200],
                     pupil_class=pupil_class.strip()[:16], signal=text.strip()[:LONGEST],
                     state=core.SIGNALLED, signalled_by=staff.id, signalled_on=today)
    session.add(case)
    session.flush()
    due = core.investigation_due(today, _days_off(today)).isoformat()
    for person in session.scalars(select(User).where(
            User.role.in_(PUPIL_CASE_HANDLERS), User.school_id == staff.school_id)):
        subject, body = mail_in(person.locale, SIGNAL_MAIL, due=due,
                                link=portal_link(f"/staff/pupil-support/{case.id}"))
        queue(session, person.email, subject, body, "pupil_signalled", f"pupil:{case.id}", now)
    audit_log.record(session, staff.email, "signal_pupil", f"pupil_case:{case.id}",
                     staff.school_id, at=now)
    return case


def may_read(viewer: User, case: PupilCase) -> bool:
    """The school's principal and pupil health; the teacher who raised the signal."""
    if viewer.school_id != case.school_id:
        return False
    return viewer.role in PUPIL_CASE_HANDLERS or case.signalled_by == viewer.id


def cases_for(session: Session, viewer: User) -> list[PupilCase]:
    """The cases a viewer may read (open first, then the newest); none above the school."""
    if viewer.role not in PUPIL_SIGNALLERS or not viewer.school_id:
        return []
    query = select(PupilCase).where(PupilCase.school_id == viewer.school_id)
    if viewer.role not in PUPIL_CASE_HANDLERS:
        query = query.where(PupilCase.signalled_by == viewer.id)
    rows = session.scalars(query.order_by(PupilCase.signalled_on.desc(), PupilCase.id.desc()))
    return sorted(rows, key=lambda c: c.state in core.PUPIL_DONE)


def case_for(session: Session, viewer: User, case_id: int, now: datetime) -> PupilCase | None:
    """One case, if the viewer may read it; the read is audited."""
    case = session.get(PupilCase, case_id)
    if case is None or not may_read(viewer, case):
        return None
    audit_log.record(session, viewer.email, "read_pupil_case", f"pupil_case:{case.id}", at=now)
    return case


def record_step(session: Session, handler: User, case_id: int, step: str, note: str,
                now: datetime) -> PupilCase:
    """The principal or pupil health moves a case: investigate, decide (a programme or not),
    follow up with evidence; audited."""
    case = session.get(PupilCase, case_id)
    if (case is None or handler.role not in PUPIL_CASE_HANDLERS or not may_read(handler, case)
            or step not in STEPS):
        raise _refused()
    if step in ("programme", "no_programme") and handler.role != "principal":
        raise _refused()  # the principal decides (3 kap. 9 §)
    today = swedish_date(now)
    try:
        if step == "investigate":
            case.state, case.investigation_on = core.start_investigation(case.state), today
        elif step == "follow_up":
            case.state = core.follow_up_programme(case.state, bool(note.strip()))
            case.followed_up_on, case.evidence = today, note.strip()[:LONGEST]
        else:
            if not note.strip():
                raise NotAllowed(STEP_NEEDS_TEXT)
            case.state = core.decide_programme(case.state, step == "programme")
            case.decided_on, case.programme = today, step == "programme"
            case.decision_note = note.strip()[:LONGEST]
    except core.Refused as err:
        raise _refused(err.code if err.code in SUPPORT_REFUSALS else "not_now") from None
    audit_log.record(session, handler.email, f"pupil_{step}", f"pupil_case:{case.id}", at=now)
    return case


def times_by_school(session: Session, viewer: User, now: datetime) -> list[SchoolTimes]:
    """Every school's times from signal (a school-bound viewer: their own school's), slowest
    first; no names."""
    query = (select(PupilCase.school_id, School.name, PupilCase.signalled_on,
                    PupilCase.investigation_on, PupilCase.decided_on)
             .join(School, School.school_id == PupilCase.school_id))
    if viewer.role in PUPIL_SIGNALLERS:
        query = query.where(PupilCase.school_id == viewer.school_id)
    by_school: dict[tuple[str, str], list[core.PupilTiming]] = {}
    for school_id, name, signalled, investigation, decided in session.execute(query):
        by_school.setdefault((school_id, name), []).append(
            core.PupilTiming(signalled, investigation, decided))
    today = swedish_date(now)
    days_off = _days_off(today)
    rows = []
    for (school_id, name), timings in by_school.items():
        result = core.times(timings, today, days_off)
        investigated = sum(1 for t in timings if t.investigation_on is not None)
        decided = sum(1 for t in timings if t.decided_on is not None)
        rows.append(SchoolTimes(
            school_id, name, result,
            result.median_to_investigation if investigated >= SMALL_CELL else None,
            result.median_to_decision if decided >= SMALL_CELL else None))
    return sorted(rows, key=lambda r: (-r.times.late, r.school))
