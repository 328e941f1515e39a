"""A school's special support measures at work: proposed from a trigger (a flag of the early
warning, a deviation, an inspection finding, an adviser), decided within delegation with
resources and a timeline, the effect followed up with evidence — each step audited and the
deciding level told by mail.

The rules (states, delegation) are `governance.support`; this module stores, scopes (a
principal and an adviser see their own schools) and audits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance import support as core
from huvudman.governance.roles import MEASURE_PROPOSERS, SCHOOL_BOUND
from huvudman.services.families.applications import NotAllowed
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.store import audit_log
from huvudman.store.models import AdviserAssignment, School, SupportMeasure, User
from huvudman.words.governance import MEASURE_MAIL, SUPPORT_REFUSALS, mail_in
from huvudman.words.messages import STEP_NEEDS_TEXT, UNKNOWN_SCHOOL
from huvudman.workdays import swedish_date

LONGEST = 5_000
#: The largest cost a measure can state (kronor): beyond it the number is a typing error.
MOST_KRONOR = 1_000_000_000


@dataclass(frozen=True)
class MeasureView:
    """A measure as a board shows it: its school, who decides it, and whether its follow-up
    is late."""

    measure: SupportMeasure
    school: str
    decides: str
    follow_up_late: bool


def _refused(err: core.Refused) -> NotAllowed:
    return NotAllowed(SUPPORT_REFUSALS.get(err.code, SUPPORT_REFUSALS["not_now"]))


def parse_kronor(text: str) -> int:
    """A cost typed as '150 000', '150000' or '150 000 kr'."""
    digits = text.replace("kr", "").replace(" ", "").replace("\u00a0", "").strip()
    if not digits.isdecimal() or int(digits) > MOST_KRONOR:
        raise NotAllowed(SUPPORT_REFUSALS["bad_cost"])
    return int(digits)


def _schools_of(session: Session, viewer: User) -> list[str] | None:
    """The schools whose measures a viewer sees (None: all of them)."""
    if viewer.role in SCHOOL_BOUND:
        return [viewer.school_id] if viewer.school_id else []
    if viewer.role == "adviser":
        return list(session.scalars(select(AdviserAssignment.school_id).where(
            AdviserAssignment.adviser_id == viewer.id, AdviserAssignment.ended_at.is_(None))))
    return None


def may_propose(session: Session, viewer: User, school_id: str) -> bool:
    """Whether a viewer may propose a measure for `school_id` (their own school, if bound)."""
    schools = _schools_of(session, viewer)
    return viewer.role in MEASURE_PROPOSERS and (schools is None or school_id in schools)


def propose(session: Session, proposer: User, school_id: str, trigger: str, trigger_ref: str,
            title: str, proposal: str, cost: str, now: datetime) -> SupportMeasure:
    """Propose a measure for a school; the level that decides it is told; audited."""
    school = session.get(School, school_id.strip())
    if school is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    if not may_propose(session, proposer, school.school_id) or trigger not in core.TRIGGERS:
        raise NotAllowed(SUPPORT_REFUSALS["not_now"])
    if not title.strip() or not proposal.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    kronor = parse_kronor(cost)
    measure = SupportMeasure(school_id=school.school_id, trigger=trigger,
                             trigger_ref=trigger_ref.strip()[:64], title=title.strip()[:200],
                             proposal=proposal.strip()[:LONGEST], cost=kronor,
                             state=core.PROPOSED, proposed_by=proposer.id, proposed_at=now)
    session.add(measure)
    session.flush()
    for person in session.scalars(select(User).where(User.role == core.deciding_role(kronor))):
        subject, body = mail_in(person.locale, MEASURE_MAIL, school=school.name,
                                title=measure.title,
                                link=portal_link(f"/staff/support/{measure.id}"))
        queue(session, person.email, subject, body, "measure_proposed",
              f"measure:{measure.id}", now)
    audit_log.record(session, proposer.email, "propose_measure", f"measure:{measure.id}",
                     f"{school.school_id}: {trigger} {kronor} kr", at=now)
    return measure


def decide(session: Session, decider: User, measure_id: int, approve: bool, resources: str,
           starts_on: date | None, ends_on: date | None, now: datetime) -> SupportMeasure:
    """Decide a proposed measure within the decider's delegation; audited."""
    measure = _measure(session, decider, measure_id)
    try:
        measure.state = core.decide_measure(measure.state, decider.role, measure.cost, approve,
                                            starts_on, ends_on)
    except core.Refused as err:
        raise _refused(err) from None
    if approve and not resources.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    measure.decided_by, measure.decided_at = decider.id, now
    measure.resources = resources.strip()[:LONGEST]
    measure.starts_on, measure.ends_on = (starts_on, ends_on) if approve else (None, None)
    audit_log.record(session, decider.email, "decide_measure", f"measure:{measure.id}",
                     measure.state, at=now)
    return measure


def follow_up(session: Session, staff: User, measure_id: int, effect: str, evidence: str,
              now: datetime) -> SupportMeasure:
    """Record the effect of a decided measure with its evidence (the school's principal, the
    levels above, the evaluator or the school's adviser); audited."""
    measure = _measure(session, staff, measure_id)
    if staff.role not in MEASURE_PROPOSERS:
        raise NotAllowed(SUPPORT_REFUSALS["not_now"])
    try:
        measure.state = core.follow_up_measure(measure.state, effect, bool(evidence.strip()))
    except core.Refused as err:
        raise _refused(err) from None
    measure.effect, measure.evidence = effect, evidence.strip()[:LONGEST]
    measure.followed_up_at = now
    audit_log.record(session, staff.email, "follow_up_measure", f"measure:{measure.id}",
                     effect, at=now)
    return measure


def measures_for(session: Session, viewer: User, now: datetime) -> list[MeasureView]:
    """The measures a viewer sees, those waiting for a step first, then the newest."""
    query = (select(SupportMeasure, School.name)
             .join(School, School.school_id == SupportMeasure.school_id)
             .order_by(SupportMeasure.proposed_at.desc()))
    schools = _schools_of(session, viewer)
    if schools is not None:
        query = query.where(SupportMeasure.school_id.in_(schools))
    today = swedish_date(now)
    views = [_view(m, name, today) for m, name in session.execute(query)]
    return sorted(views, key=lambda v: (v.measure.state not in (core.PROPOSED, core.DECIDED),
                                        not v.follow_up_late))


def measure_for(session: Session, viewer: User, measure_id: int, now: datetime
                ) -> MeasureView | None:
    """One measure, if the viewer may see it."""
    try:
        measure = _measure(session, viewer, measure_id)
    except NotAllowed:
        return None
    return _view(measure, session.get(School, measure.school_id).name, swedish_date(now))


def _view(measure: SupportMeasure, school: str, today: date) -> MeasureView:
    return MeasureView(measure, school, core.deciding_role(measure.cost),
                       core.follow_up_late(measure.state, measure.ends_on, today))


def _measure(session: Session, viewer: User, measure_id: int) -> SupportMeasure:
    measure = session.get(SupportMeasure, measure_id)
    schools = _schools_of(session, viewer)
    if measure is None or (schools is not None and measure.school_id not in schools):
        raise NotAllowed(SUPPORT_REFUSALS["not_now"])
    return measure
