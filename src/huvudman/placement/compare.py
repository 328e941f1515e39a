"""What-if comparison of two runs: who moved and why, beside fairness measures of both."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from huvudman.placement.statistics import distance_summary


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
    cutoffs: dict[str, dict[str, str]]  # school id → its cutoffs.csv row
    school_names: dict[str, str]
    envy_children: int
    shares: dict[str, float]  # first_choice_share, any_choice_share, fallback_share, unplaced_share
    theil_h: float
    school_mix: dict[str, float | None]
    applications: dict[tuple[str, str], Application] = field(default_factory=dict)


@dataclass(frozen=True)
class Why:
    """Why a child is placed differently, as codes and numbers (words: `words.comparison`).

    `kind` is `not_admitted` (the child lost a better place in run `run` at `school_id`),
    `not_chosen` (the school it had elsewhere was not among its choices in `run`), or
    `inputs_differ` (same choice rank, another school: the runs' inputs differ)."""

    kind: str
    run: str = ""  # "A" or "B": the run in which the child was not admitted
    school_id: str = ""
    position: int = 0  # the child's priority place there (0: unknown)
    proximity_m: float = float("nan")  # the child's own relative proximity there


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
    why: Why


@dataclass(frozen=True)
class Measure:
    """A fairness measure of both runs: `kind` says how to read the values (`code`: a
    mechanism, `rules`: a rule chain, `distance_kind`, `count`, `share` 0–1, `metres`,
    `index`)."""

    code: str
    kind: str
    a: object
    b: object


@dataclass(frozen=True)
class Comparison:
    """Children who moved, and the fairness measures of both runs side by side."""

    moves: list[Move]
    measures: list[Measure]
    school_mix: list[tuple[str, str, str]]


def _explain(child: str, a: Placed, b: Placed, run_a: RunView, run_b: RunView) -> Why:
    """Why the child is placed differently in B than in A."""
    def outcome_rank(p: Placed) -> int:
        return p.choice_rank if p.choice_rank else 10**6

    if outcome_rank(b) > outcome_rank(a) or (not b.school_id and a.school_id):
        lost_at, run, label = a.school_id, run_b, "B"
    elif outcome_rank(b) < outcome_rank(a):
        lost_at, run, label = b.school_id, run_a, "A"
    else:
        return Why("inputs_differ")
    app = run.applications.get((child, lost_at))
    if app is not None and app.outcome == "refused":
        return Why("not_admitted", label, lost_at, app.position,
                   float(app.proximity_m) if app.proximity_m else float("nan"))
    if lost_at and app is None:
        return Why("not_chosen", label, lost_at)
    return Why("not_admitted", label, lost_at)


def compare_runs(a: RunView, b: RunView) -> Comparison:
    """Compare two runs of the same children (a what-if of rules, mechanism or seed)."""
    moves: list[Move] = []
    for child in sorted(set(a.placed) | set(b.placed)):
        pa = a.placed.get(child, Placed("", 0, "", float("nan")))
        pb = b.placed.get(child, Placed("", 0, "", float("nan")))
        if pa.school_id != pb.school_id:
            moves.append(Move(child, pa.school_id, pa.choice_rank, pa.rule, pb.school_id,
                              pb.choice_rank, pb.rule, _explain(child, pa, pb, a, b)))
    measures = [Measure("mechanism", "code", a.mechanism, b.mechanism),
                Measure("rules", "rules", tuple(a.rules), tuple(b.rules)),
                Measure("distance", "distance_kind", a.distance, b.distance),
                Measure("seed", "count", a.seed, b.seed)]
    measures += [Measure(k, "share", a.shares[k], b.shares[k]) for k in a.shares]
    da = distance_summary(np.array([p.distance_m for p in a.placed.values() if p.school_id]))
    db = distance_summary(np.array([p.distance_m for p in b.placed.values() if p.school_id]))
    measures += [Measure(f"distance_{k}_m", "metres", da[k], db[k]) for k in da]
    measures += [
        Measure("envy_children", "count", a.envy_children, b.envy_children),
        Measure("theil_h", "index", a.theil_h, b.theil_h),
        Measure("moved", "count", None, len(moves)),
    ]

    def mix(v: float | None) -> str:
        return "" if v is None else f"{v:.3f}"

    schools = sorted(set(a.school_mix) | set(b.school_mix))
    mixes = [(sid, mix(a.school_mix.get(sid)), mix(b.school_mix.get(sid))) for sid in schools]
    return Comparison(moves=moves, measures=measures, school_mix=mixes)
