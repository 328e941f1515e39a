"""What-if comparison of two runs: who moved and why, beside fairness measures of both."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from huvudman.placement.statistics import distance_summary
from huvudman.placement.words import metres


@dataclass(frozen=True)
class Placed:
    """One child's result in a run, as recorded."""

    school_id: str
    choice_rank: int  # 0: not a chosen school
    rule: str
    distance_m: float
    district: str = ""


@dataclass(frozen=True)
class Application:
    """A child's standing at one chosen school in a run."""

    outcome: str  # admitted | refused | not_needed
    proximity_m: str
    distance_m: str
    position: int


@dataclass(frozen=True)
class RunView:
    """What a comparison needs of a run."""

    label: str
    mechanism: str
    rules: list[str]
    distance: str
    seed: int
    placed: dict[str, Placed]
    cutoff_text: dict[str, str]
    school_names: dict[str, str]
    envy_children: int
    shares: dict[str, float]  # first choice, any choice (of children who chose), fallback, unplaced
    theil_h: float
    school_mix: dict[str, float | None]
    applications: dict[tuple[str, str], Application] = field(default_factory=dict)


@dataclass(frozen=True)
class Move:
    """A child placed differently in the two runs."""

    child_id: str
    school_a: str
    rank_a: int
    rule_a: str
    school_b: str
    rank_b: int
    rule_b: str
    why: str


@dataclass(frozen=True)
class Comparison:
    """Children who moved, and the fairness measures of both runs side by side."""

    moves: list[Move]
    measures: list[tuple[str, str, str]]
    school_mix: list[tuple[str, str, str]]


def _school(run: RunView, sid: str) -> str:
    return run.school_names.get(sid, sid) if sid else "no school"


def _explain(child: str, a: Placed, b: Placed, run_a: RunView, run_b: RunView) -> str:
    """Why the child is placed differently in B than in A, in one sentence."""
    def outcome_rank(p: Placed) -> int:
        return p.choice_rank if p.choice_rank else 10**6

    if outcome_rank(b) > outcome_rank(a) or (not b.school_id and a.school_id):
        lost_at, run = a.school_id, run_b
        prefix = f"in B not admitted to {_school(run_b, lost_at)}"
    elif outcome_rank(b) < outcome_rank(a):
        lost_at, run = b.school_id, run_a
        prefix = f"in A not admitted to {_school(run_a, lost_at)}"
    else:
        return (f"same choice rank, other school ({a.rule} in A, {b.rule} in B): the children's "
                "inputs differ between the runs")
    app = run.applications.get((child, lost_at))
    cutoff = run.cutoff_text.get(lost_at, "")
    if app is not None and app.outcome == "refused":
        own = (f"; the child's relative proximity was {metres(float(app.proximity_m), 'en')}"
               if app.proximity_m else "")
        return f"{prefix} (priority place {app.position}{own}). {cutoff}".strip()
    if lost_at and (app is None):
        return f"{prefix}: it was not among the child's choices there"
    return f"{prefix}. {cutoff}".strip()


def compare_runs(a: RunView, b: RunView) -> Comparison:
    """Compare two runs of the same children (a what-if of rules, mechanism or seed)."""
    moves: list[Move] = []
    for child in sorted(set(a.placed) | set(b.placed)):
        pa = a.placed.get(child, Placed("", 0, "", float("nan")))
        pb = b.placed.get(child, Placed("", 0, "", float("nan")))
        if pa.school_id != pb.school_id:
            moves.append(Move(child, pa.school_id, pa.choice_rank, pa.rule, pb.school_id,
                              pb.choice_rank, pb.rule, _explain(child, pa, pb, a, b)))
    sa, sb = a.shares, b.shares
    measures = [("mechanism", a.mechanism, b.mechanism),
                ("rules", " → ".join(a.rules), " → ".join(b.rules)),
                ("distance", a.distance, b.distance),
                ("seed", str(a.seed), str(b.seed))]
    measures += [(f"{k} share", f"{100 * sa[k]:.1f} %", f"{100 * sb[k]:.1f} %") for k in sa]
    da = distance_summary(np.array([p.distance_m for p in a.placed.values() if p.school_id]))
    db = distance_summary(np.array([p.distance_m for p in b.placed.values() if p.school_id]))
    measures += [(f"distance {k} (m)", f"{da[k]:.0f}", f"{db[k]:.0f}") for k in da]
    measures += [
        ("children with justified envy", str(a.envy_children), str(b.envy_children)),
        ("segregation across districts (Theil H)", f"{a.theil_h:.4f}", f"{b.theil_h:.4f}"),
        ("children placed differently", "", str(len(moves))),
    ]

    def mix(v: float | None) -> str:
        return "" if v is None else f"{v:.3f}"

    schools = sorted(set(a.school_mix) | set(b.school_mix))
    mixes = [(sid, mix(a.school_mix.get(sid)), mix(b.school_mix.get(sid))) for sid in schools]
    return Comparison(moves=moves, measures=measures, school_mix=mixes)
