"""Two runs of one round compared in the portal: fairness measures side by side and every child
placed differently (audited); children with protected identity hidden from those who may not
see them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance.roles import sees_protected_children
from huvudman.placement.compare import Comparison, RunView, compare_runs
from huvudman.runs.reader import read_run
from huvudman.services.rounds.run_review import runs_with_records
from huvudman.store import audit_log
from huvudman.store.models import Child, PlacementRun, User


@dataclass(frozen=True)
class ComparisonView:
    """The runs to choose from, the two compared (older first) and what changed."""

    runs: list[PlacementRun]
    a: PlacementRun | None
    b: PlacementRun | None
    result: Comparison | None
    hidden: set[str] = field(default_factory=set)
    view_a: RunView | None = None
    view_b: RunView | None = None


def compare_in_round(session: Session, reader: User, round_name: str, a_id: int | None,
                     b_id: int | None) -> ComparisonView:
    """Compare runs `a_id` and `b_id`, or by default this round's two latest runs; runs of
    different rounds (different children) are not compared."""
    runs = runs_with_records(session)
    by_id = {r.id: r for r in runs}
    a, b = by_id.get(a_id or -1), by_id.get(b_id or -1)
    if a is None or b is None:
        same_round = [r for r in runs if r.round == round_name]
        if len(same_round) >= 2:
            a, b = same_round[1], same_round[0]
    result = view_a = view_b = None
    if a is not None and b is not None and a.id != b.id and a.round == b.round:
        view_a = read_run(Path(a.run_dir), f"#{a.id}")
        view_b = read_run(Path(b.run_dir), f"#{b.id}")
        result = compare_runs(view_a, view_b)
        audit_log.record(session, reader.email, "read_comparison", f"runs:{a.id},{b.id}",
                         f"{len(result.moves)} children placed differently")
    hidden: set[str] = set()
    if result is not None and not sees_protected_children(reader.role):
        hidden = set(session.scalars(select(Child.child_id).where(Child.protected)))
    return ComparisonView(runs, a, b, result, hidden, view_a, view_b)
