"""Publishing a run's decisions: only after the choice deadline, never over a round's
published decisions, and a run whose audit found something only with a written justification
that a second person approved (`decisions.publication`). Every step is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.decisions import publication as rules
from huvudman.governance.roles import PUBLICATION_APPROVERS
from huvudman.services.accounts.staff import user_by_id
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import CorrectionMove, Placement, PlacementRun, User
from huvudman.words.decisions import PUBLICATION_BLOCKERS, PUBLICATION_REFUSALS


@dataclass(frozen=True)
class Publication:
    """Where a run stands on its way to publication, as the run page shows it."""

    blockers: tuple[str, ...]  # codes; none: it may be published now
    decisions: int  # children who get a decision
    justified_by: str  # the writer's e-mail ("" when nobody has written one)
    approved_by: str
    may_approve: bool  # whether the reader may approve the justification now


def _state(run: PlacementRun) -> rules.RunState:
    return rules.RunState(run.published_at is not None, run.audit_passed, run.justified_by,
                          run.approved_by)


def _round_published(session: Session, run: PlacementRun) -> bool:
    """Whether publishing `run` would replace published decisions: any published run of the
    round for an ordinary run; for a correction, one published after it was made (it was
    computed from decisions that no longer stand)."""
    where = [PlacementRun.round == run.round, PlacementRun.id != run.id,
             PlacementRun.published_at.is_not(None)]
    if run.corrects is not None:
        where.append(PlacementRun.published_at > run.created_at)
    return session.scalar(select(func.count()).select_from(PlacementRun).where(*where)) > 0


def publication(session: Session, reader: User, run: PlacementRun, now: datetime,
                choice_deadline: datetime) -> Publication:
    """The run's way to publication, for `reader`."""
    decisions = _decisions(session, run)
    state = _state(run)
    may_approve = (reader.role in PUBLICATION_APPROVERS
                   and rules.approval_refused(state, reader.id) is None
                   and run.approved_by is None)
    return Publication(
        rules.blockers(state, now, choice_deadline, _round_published(session, run)),
        decisions, _email(session, run.justified_by), _email(session, run.approved_by),
        may_approve)


def _decisions(session: Session, run: PlacementRun) -> int:
    """How many children the run gives a decision: all of them, or those a correction moves."""
    if run.corrects is not None:
        return session.scalar(select(func.count()).select_from(CorrectionMove).where(
            CorrectionMove.run_id == run.id))
    return session.scalar(select(func.count()).select_from(Placement).where(
        Placement.run_id == run.id))


def _email(session: Session, user_id: int | None) -> str:
    user = user_by_id(session, user_id)
    return user.email if user is not None else ""


def justify(session: Session, staff: User, run: PlacementRun, text: str,
            now: datetime) -> None:
    """Record why a run with findings may be published all the same (a new text needs a new
    approval)."""
    refused = rules.justification_refused(_state(run), text)
    if refused:
        raise NotAllowed(PUBLICATION_REFUSALS[refused])
    run.justification = text.strip()
    run.justified_by, run.justified_at = staff.id, now
    run.approved_by = run.approved_at = None
    audit_log.record(session, staff.email, "justify_run", f"run:{run.id}", run.justification)


def approve(session: Session, staff: User, run: PlacementRun, now: datetime) -> None:
    """A second person approves the run's justification."""
    if staff.role not in PUBLICATION_APPROVERS:
        raise NotAllowed(PUBLICATION_REFUSALS["not_your_role"])
    refused = rules.approval_refused(_state(run), staff.id)
    if refused:
        raise NotAllowed(PUBLICATION_REFUSALS[refused])
    run.approved_by, run.approved_at = staff.id, now
    audit_log.record(session, staff.email, "approve_run", f"run:{run.id}",
                     f"justification by user {run.justified_by}")


def clear_justification(run: PlacementRun) -> None:
    """Forget the run's justification and approval (its findings changed)."""
    run.justification = run.justified_at = run.approved_at = None
    run.justified_by = run.approved_by = None


def publish(session: Session, staff: User, run: PlacementRun, now: datetime,
            choice_deadline: datetime) -> int:
    """Make the run's decisions the families' decisions, dated `now`; how many. Refused
    (NotAllowed with the first reason in words) while anything blocks it."""
    found = rules.blockers(_state(run), now, choice_deadline, _round_published(session, run))
    if found:
        raise NotAllowed(PUBLICATION_BLOCKERS[found[0]])
    run.published_at, run.published_by = now, staff.id
    decisions = _decisions(session, run)
    audit_log.record(session, staff.email, "publish_run", f"run:{run.id}",
                     f"{decisions} decisions" + (f"; findings justified by user "
                                                 f"{run.justified_by}, approved by user "
                                                 f"{run.approved_by}"
                                                 if not run.audit_passed else ""))
    return decisions
