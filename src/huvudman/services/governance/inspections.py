"""Inspection decisions at work: registered with their findings, corrective actions with
owner, date and evidence, a countdown board up the chain of command, and the organizer's
report to the inspectorate (PDF) per finding with actions and evidence.

The statuses and the countdown are `governance.inspections`; this module stores, scopes
(a principal: their own school), audits, and gathers the report's words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.documents.typst_pdf import pdf
from huvudman.governance import inspections as core
from huvudman.governance.roles import INSPECTION_ACTORS, INSPECTION_REGISTRARS, SCHOOL_BOUND
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import (
    CorrectiveAction,
    InspectionDecision,
    InspectionFinding,
    School,
    User,
)
from huvudman.words.governance import inspection_report
from huvudman.words.messages import (
    BAD_DAY,
    DECISION_NEEDS_FINDINGS,
    INSPECTION_REFUSED,
    STEP_NEEDS_TEXT,
    UNKNOWN_SCHOOL,
)

LONGEST = 5_000


@dataclass(frozen=True)
class FindingView:
    """A finding on the countdown board."""

    finding: InspectionFinding
    status: str
    days_left: int
    late_actions: int


@dataclass(frozen=True)
class DecisionView:
    """A decision with its findings, as the viewer may see it."""

    decision: InspectionDecision
    school: str
    status: str
    findings: list[FindingView]


def parse_day(text: str) -> date:
    """A date typed as 2027-06-01."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise NotAllowed(BAD_DAY) from None


def register_decision(session: Session, staff: User, school_id: str, decided_on: str,
                      kind: str, reference: str, summary: str,
                      findings: list[tuple[str, str, str]], now: datetime) -> InspectionDecision:
    """Register a decision with its findings ((area, what was found, report by)); audited."""
    if staff.role not in INSPECTION_REGISTRARS:
        raise NotAllowed(INSPECTION_REFUSED)
    if session.get(School, school_id.strip()) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    if kind not in core.KINDS or not reference.strip():
        raise NotAllowed(DECISION_NEEDS_FINDINGS)
    rows = [(area, text.strip()[:LONGEST], parse_day(by)) for area, text, by in findings
            if text.strip()]
    if not rows or any(area not in core.AREAS for area, _, _ in rows):
        raise NotAllowed(DECISION_NEEDS_FINDINGS)
    decision = InspectionDecision(school_id=school_id.strip(), decided_on=parse_day(decided_on),
                                  kind=kind, reference=reference.strip()[:40],
                                  summary=summary.strip()[:LONGEST], registered_by=staff.id,
                                  registered_at=now)
    session.add(decision)
    session.flush()
    session.add_all(InspectionFinding(decision_id=decision.id, area=area, text=text,
                                      report_by=by) for area, text, by in rows)
    audit_log.record(session, staff.email, "register_inspection", f"inspection:{decision.id}",
                     f"{kind}, {len(rows)} finding(s), school {decision.school_id}", at=now)
    session.flush()
    session.refresh(decision)
    return decision


def countdown(session: Session, viewer: User, today: date) -> list[DecisionView]:
    """Every decision the viewer may see, most urgent first, each finding's status."""
    query = select(InspectionDecision, School.name).join(
        School, School.school_id == InspectionDecision.school_id)
    if viewer.role in SCHOOL_BOUND:
        query = query.where(InspectionDecision.school_id == viewer.school_id)
    views = [_view(decision, name, today) for decision, name in session.execute(
        query.order_by(InspectionDecision.decided_on.desc()))]
    return sorted(views, key=lambda v: core.STATUSES.index(v.status))


def decision_for(session: Session, viewer: User, decision_id: int, today: date
                 ) -> DecisionView | None:
    """One decision as the viewer may see it (None: not found for them); audited."""
    decision = session.get(InspectionDecision, decision_id)
    if decision is None or (viewer.role in SCHOOL_BOUND
                            and decision.school_id != viewer.school_id):
        return None
    audit_log.record(session, viewer.email, "read_inspection", f"inspection:{decision.id}", "")
    return _view(decision, session.get(School, decision.school_id).name, today)


def add_action(session: Session, staff: User, view: DecisionView, finding_id: int, text: str,
               owner_role: str, due_on: str, now: datetime) -> CorrectiveAction:
    """A corrective action for one of the decision's findings."""
    finding = _finding(staff, view, finding_id)
    if not text.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    if owner_role not in INSPECTION_ACTORS:
        raise NotAllowed(INSPECTION_REFUSED)
    action = CorrectiveAction(finding_id=finding.id, text=text.strip()[:LONGEST],
                              owner_role=owner_role, due_on=parse_day(due_on),
                              created_by=staff.id, created_at=now, evidence="")
    session.add(action)
    session.flush()
    audit_log.record(session, staff.email, "add_corrective_action", f"inspection:"
                     f"{view.decision.id}", f"finding {finding.id}: action {action.id}", at=now)
    return action


def complete_action(session: Session, staff: User, view: DecisionView, action_id: int,
                    done_on: str, evidence: str, now: datetime) -> CorrectiveAction:
    """An action done — only with its evidence (what the inspectorate will be shown)."""
    action = session.get(CorrectiveAction, action_id)
    if action is None:
        raise NotAllowed(INSPECTION_REFUSED)
    _finding(staff, view, action.finding_id)
    if not evidence.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    action.done_on, action.evidence = parse_day(done_on), evidence.strip()[:LONGEST]
    audit_log.record(session, staff.email, "complete_corrective_action",
                     f"inspection:{view.decision.id}", f"action {action.id}", at=now)
    return action


def mark_reported(session: Session, staff: User, view: DecisionView, finding_id: int,
                  on: str, now: datetime) -> InspectionFinding:
    """The finding was reported to the inspectorate on a day (once every action is done)."""
    finding = _finding(staff, view, finding_id)
    if core.finding_status(finding.report_by, _actions(finding), parse_day(on)) != core.READY:
        raise NotAllowed(INSPECTION_REFUSED)
    finding.reported_on = parse_day(on)
    audit_log.record(session, staff.email, "report_finding", f"inspection:{view.decision.id}",
                     f"finding {finding.id}", at=now)
    return finding


def _finding(staff: User, view: DecisionView, finding_id: int) -> InspectionFinding:
    if staff.role not in INSPECTION_ACTORS:
        raise NotAllowed(INSPECTION_REFUSED)
    found = next((f.finding for f in view.findings if f.finding.id == finding_id), None)
    if found is None or found.reported_on is not None:
        raise NotAllowed(INSPECTION_REFUSED)
    return found


def _actions(finding: InspectionFinding) -> list[core.Action]:
    return [core.Action(a.due_on, a.done_on, bool(a.evidence)) for a in finding.actions]


def _view(decision: InspectionDecision, school: str, today: date) -> DecisionView:
    findings = [FindingView(f, core.finding_status(f.report_by, _actions(f), today,
                                                   f.reported_on),
                            core.days_left(f.report_by, today),
                            core.late_actions(_actions(f), today))
                for f in decision.findings]
    return DecisionView(decision, school, core.decision_status([f.status for f in findings]),
                        findings)


def report_pdf(view: DecisionView, organizer: str, lang: str) -> bytes:
    """The organizer's report on the decision to the inspectorate, as an accessible PDF."""
    return pdf("inspection_report", inspection_report(view, organizer, lang))
