"""A principal's view of their own school: who applied to it, and who was placed there in
the latest published run. Never an address or a distance; a child with protected personal
data is shown only as such."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.store import audit_log
from huvudman.store.models import Application, Child, Choice, Placement, PlacementRun, User


@dataclass(frozen=True)
class Pupil:
    """A child as the school sees it."""

    child_id: str  # "" for a child with protected personal data
    name: str
    detail: str  # the choice rank and how the place was given, or the application's status


@dataclass(frozen=True)
class SchoolView:
    """The principal's page."""

    applicants_by_rank: dict[int, int]
    placed: list[Pupil]
    run: PlacementRun | None


def school_view(session: Session, principal: User, round_name: str) -> SchoolView:
    """The principal's own school (none other: the school comes from the account)."""
    school_id = principal.school_id
    by_rank = dict(session.execute(
        select(Choice.rank, func.count()).join(Application, Application.id == Choice.application_id)
        .where(Choice.school_id == school_id, Application.round == round_name)
        .group_by(Choice.rank)).all())
    run = session.scalars(select(PlacementRun).where(
        PlacementRun.round == round_name, PlacementRun.published_at.is_not(None))
        .order_by(PlacementRun.published_at.desc())).first()
    placed: list[Pupil] = []
    if run is not None:
        rows = session.execute(select(Placement, Child).join(Child, Child.id == Placement.child_id)
                               .where(Placement.run_id == run.id)).all()
        for p, child in rows:
            if (p.override_school_id or p.school_id) != school_id:
                continue
            how = "override" if p.override_school_id else p.rule
            detail = f"{p.choice_rank or '–'} · {how}"
            placed.append(Pupil("", "", detail) if child.protected
                          else Pupil(child.child_id, child.name, detail))
        placed.sort(key=lambda x: (x.child_id == "", x.name))
        audit_log.record(session, principal.email, "read_school_pupils", f"school:{school_id}",
                         f"run {run.id}: {len(placed)} children")
    return SchoolView(dict(sorted(by_rank.items())), placed, run)



