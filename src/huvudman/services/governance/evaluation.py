"""The school evaluator at work: a plan per school and term with the areas to look at, and a
protocol per visit and area; the principal reads their school's, the levels above and the
adviser every school's; each step audited.

The terms, areas and judgements are `governance.evaluation`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance import evaluation as core
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import EvaluationPlan, EvaluationVisit, School, User
from huvudman.words.messages import INSPECTION_REFUSED, STEP_NEEDS_TEXT, UNKNOWN_SCHOOL

LONGEST = 5_000
#: Who plans and records the evaluation.
EVALUATORS = ("school_evaluator",)


@dataclass(frozen=True)
class PlanView:
    """A plan as a page shows it: its school, areas, and the weakest judgement so far."""

    plan: EvaluationPlan
    school: str
    areas: list[str]
    weakest: str | None


def _view(plan: EvaluationPlan, school: str) -> PlanView:
    return PlanView(plan, school, [a for a in plan.areas.split(",") if a],
                    core.weakest([v.judgement for v in plan.visits]))


def plans_for(session: Session, viewer: User) -> list[PlanView]:
    """The plans a viewer reads (a principal: their school's), the newest term first."""
    query = (select(EvaluationPlan, School.name)
             .join(School, School.school_id == EvaluationPlan.school_id)
             .order_by(EvaluationPlan.term.desc(), School.name))
    if viewer.role in SCHOOL_BOUND:
        query = query.where(EvaluationPlan.school_id == viewer.school_id)
    return [_view(plan, name) for plan, name in session.execute(query)]


def plan_for(session: Session, viewer: User, plan_id: int) -> PlanView | None:
    """One plan, if the viewer may read it."""
    plan = session.get(EvaluationPlan, plan_id)
    if plan is None or (viewer.role in SCHOOL_BOUND and plan.school_id != viewer.school_id):
        return None
    return _view(plan, session.get(School, plan.school_id).name)


def make_plan(session: Session, evaluator: User, school_id: str, term: str,
              areas: list[str], purpose: str, now: datetime) -> EvaluationPlan:
    """A plan for a school and term (one per term); audited."""
    if evaluator.role not in EVALUATORS:
        raise NotAllowed(INSPECTION_REFUSED)
    if session.get(School, school_id.strip()) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    parsed = core.parse_term(term)
    if parsed is None or not core.valid_areas(areas) or not purpose.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    if session.scalars(select(EvaluationPlan).where(EvaluationPlan.school_id == school_id,
                                                    EvaluationPlan.term == parsed)).first():
        raise NotAllowed(INSPECTION_REFUSED)  # one plan per school and term
    plan = EvaluationPlan(school_id=school_id.strip(), term=parsed,
                          areas=",".join(dict.fromkeys(areas)), purpose=purpose.strip()[:LONGEST],
                          evaluator_id=evaluator.id, created_at=now)
    session.add(plan)
    session.flush()
    audit_log.record(session, evaluator.email, "evaluation_plan", f"evaluation_plan:{plan.id}",
                     f"{school_id} {parsed}", at=now)
    return plan


def record_visit(session: Session, evaluator: User, plan_id: int, visited_on: date,
                 area: str, observed: str, strengths: str, to_develop: str, judgement: str,
                 now: datetime) -> EvaluationVisit:
    """A visit's protocol for one of the plan's areas, within the plan's term; audited."""
    plan = session.get(EvaluationPlan, plan_id)
    if evaluator.role not in EVALUATORS or plan is None:
        raise NotAllowed(INSPECTION_REFUSED)
    first, last = core.term_bounds(plan.term)
    if area not in plan.areas.split(",") or judgement not in core.JUDGEMENTS \
            or not first <= visited_on <= last:
        raise NotAllowed(INSPECTION_REFUSED)
    if not observed.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    visit = EvaluationVisit(plan_id=plan.id, visited_on=visited_on, area=area,
                            observed=observed.strip()[:LONGEST],
                            strengths=strengths.strip()[:LONGEST],
                            to_develop=to_develop.strip()[:LONGEST], judgement=judgement,
                            evaluator_id=evaluator.id, recorded_at=now)
    session.add(visit)
    session.flush()
    audit_log.record(session, evaluator.email, "evaluation_visit", f"evaluation_plan:{plan.id}",
                     f"{area}: {judgement}", at=now)
    return visit
