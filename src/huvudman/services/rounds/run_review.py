"""What staff read of the portal's placement runs: the list, one run with its audit and
overrides (the read audited), and for each round the run its statistics come from."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.runs.reader import read_json
from huvudman.store import audit_log
from huvudman.store.models import Child, Placement, PlacementRun, User


def all_runs(session: Session) -> list[PlacementRun]:
    """Every run, newest first."""
    return list(session.scalars(select(PlacementRun).order_by(PlacementRun.id.desc())))


def run_by_id(session: Session, run_id: int) -> PlacementRun | None:
    """One run, None when there is no such run."""
    return session.get(PlacementRun, run_id)


def summary_of(run: PlacementRun) -> dict[str, Any]:
    """The run's summary figures (applications counted, shares placed)."""
    return json.loads(run.summary or "{}")


def child_by_child_id(session: Session, child_id: str) -> Child | None:
    """A child by the register's id (the override form names children so)."""
    return session.scalars(select(Child).where(Child.child_id == child_id.strip())).first()


@dataclass(frozen=True)
class RunReview:
    """One run as staff review it."""

    run: PlacementRun
    audit: dict[str, Any]
    summary: dict[str, Any]
    overridden: list[Placement]
    children: dict[int, Child]


def review_run(session: Session, reader: User, run: PlacementRun) -> RunReview:
    """The run's audit, summary and overrides; the read is audited."""
    audit = read_json(Path(run.run_dir) / "audit.json")
    overridden = list(session.scalars(select(Placement).where(
        Placement.run_id == run.id, Placement.override_school_id.is_not(None))))
    children = {c.id: c for c in session.scalars(
        select(Child).where(Child.id.in_([o.child_id for o in overridden])))}
    audit_log.record(session, reader.email, "read_run", f"run:{run.id}", "review")
    return RunReview(run, audit, summary_of(run), overridden, children)


def runs_with_records(session: Session) -> list[PlacementRun]:
    """Every run that has its record on disk, newest first."""
    return list(session.scalars(select(PlacementRun).where(PlacementRun.run_dir != "")
                                .order_by(PlacementRun.id.desc())))


def yearly_runs(session: Session, current_round: str) -> list[PlacementRun]:
    """For every round, the run its statistics come from: the latest published one (the
    current round's latest run while none is published), newest round first."""
    runs = runs_with_records(session)
    chosen: dict[str, PlacementRun] = {}
    for run in runs:
        best = chosen.get(run.round)
        better = best is None or (best.published_at is None and run.published_at is not None)
        if better and (run.published_at is not None or run.round == current_round):
            chosen[run.round] = run
    return sorted(chosen.values(), key=lambda r: r.round, reverse=True)
