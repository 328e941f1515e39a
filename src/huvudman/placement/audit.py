"""An audit that re-checks a placement against the declared priorities.

It is written apart from the mechanisms and shares nothing with them but the declared
priorities: it looks only at who applied where, each application's rank at its school, the
capacities and the final placements, and says exactly what is violated:

- no school over capacity;
- every child placed or given a stated reason;
- no justified envy: nobody refused at a school that admitted someone with weaker priority there
  (or a child who did not apply at all);
- no waste: nobody refused at a school that kept a place empty;
- fallback: a fallback child went to the nearest school that had a place left.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from huvudman.placement.distance import DistanceSource
from huvudman.placement.model import Instance
from huvudman.placement.outcome import ChildOutcome
from huvudman.placement.priorities import PriorityTable

MAX_LISTED = 200
_EPS_M = 0.5


@dataclass(frozen=True)
class Check:
    """One audit check: whether it held and how often it was violated."""

    name: str
    description: str
    passed: bool
    violations: int
    children: int  # distinct children affected


@dataclass(frozen=True)
class Violation:
    """One concrete breach, in words, naming the children and school involved."""

    check: str
    message: str
    child_id: str = ""
    school_id: str = ""


@dataclass(frozen=True)
class AuditReport:
    """All checks, and up to `MAX_LISTED` violations per check spelled out."""

    mechanism: str
    checks: list[Check]
    violations: list[Violation] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every check held."""
        return all(c.passed for c in self.checks)

    def check(self, name: str) -> Check:
        """The check with this name."""
        return next(c for c in self.checks if c.name == name)


def audit_placement(
    instance: Instance,
    table: PriorityTable,
    outcomes: list[ChildOutcome],
    distances: DistanceSource,
    mechanism: str,
) -> AuditReport:
    """Re-check a finished placement; see the module docstring for what is checked."""
    checks: list[Check] = []
    found: list[Violation] = []

    def record(name: str, description: str, items: list[Violation]) -> None:
        affected = len({v.child_id for v in items if v.child_id})
        checks.append(Check(name, description, not items, len(items), affected))
        found.extend(items[:MAX_LISTED])

    cap = np.asarray(instance.capacities, dtype=np.int64)
    school_of = np.fromiter((o.school for o in outcomes), dtype=np.int64, count=len(outcomes))
    load = np.bincount(school_of[school_of >= 0], minlength=len(cap))
    record("capacity", "no school has more children than places", _capacity(instance, load, cap))
    record("accounted", "every child is placed or has a stated reason",
           _accounted(instance, outcomes))
    record("choice_ranks", "a child at a chosen school has that school's choice rank",
           _choice_ranks(instance, outcomes))
    envy, waste = _envy_and_waste(instance, table, outcomes, load, cap)
    record("no_justified_envy",
           "no child was refused where someone with weaker priority got a place", envy)
    record("no_waste", "no child was refused at a school that kept a place empty", waste)
    record("fallback_nearest", "a fallback child went to the nearest school with a place left",
           _fallback(instance, outcomes, distances, load, cap))
    return AuditReport(mechanism=mechanism, checks=checks, violations=found)


def _capacity(instance: Instance, load: np.ndarray, cap: np.ndarray) -> list[Violation]:
    return [
        Violation("capacity", f"school {instance.schools[s].school_id} has {load[s]} children "
                  f"for {cap[s]} places", school_id=instance.schools[s].school_id)
        for s in np.flatnonzero(load > cap).tolist()
    ]


def _accounted(instance: Instance, outcomes: list[ChildOutcome]) -> list[Violation]:
    out = []
    for o in outcomes:
        child = instance.children[o.child]
        if o.school < 0 and not o.reason:
            out.append(Violation("accounted", f"child {child.child_id} has no place and no reason",
                                 child_id=child.child_id))
        elif o.school >= 0 and o.choice_rank == 0 and not o.reason:
            out.append(Violation("accounted", f"child {child.child_id} is at a school it did not "
                                 "choose, with no reason given", child_id=child.child_id))
    return out


def _choice_ranks(instance: Instance, outcomes: list[ChildOutcome]) -> list[Violation]:
    out = []
    for o in outcomes:
        if o.school < 0:
            continue
        child = instance.children[o.child]
        sid = instance.schools[o.school].school_id
        expected = child.choices.index(sid) + 1 if sid in child.choices else 0
        if expected != o.choice_rank:
            out.append(Violation("choice_ranks", f"child {child.child_id} is at {sid}, its choice "
                                 f"{expected or 'none'}, but the record says {o.choice_rank}",
                                 child_id=child.child_id, school_id=sid))
    return out


def _envy_and_waste(
    instance: Instance,
    table: PriorityTable,
    outcomes: list[ChildOutcome],
    load: np.ndarray,
    cap: np.ndarray,
) -> tuple[list[Violation], list[Violation]]:
    n_schools = len(cap)
    # the final school's choice rank per child, from the placement itself (not the mechanism)
    own_rank = np.full(len(outcomes), np.iinfo(np.int64).max, dtype=np.int64)
    admitted_rank = np.full(n_schools, -1, dtype=np.int64)  # weakest applicant admitted
    weakest_child = np.full(n_schools, -1, dtype=np.int64)
    outsider = np.full(n_schools, -1, dtype=np.int64)  # a placed child who did not apply there
    lookup = {(int(c), int(s)): p for p, (c, s) in
              enumerate(zip(table.child.tolist(), table.school.tolist(), strict=True))}
    for o in outcomes:
        if o.school < 0:
            continue
        p = lookup.get((o.child, o.school))
        if p is None:
            outsider[o.school] = o.child
            continue
        own_rank[o.child] = table.choice_rank[p]
        if table.rank[p] > admitted_rank[o.school]:
            admitted_rank[o.school] = table.rank[p]
            weakest_child[o.school] = o.child
    refused = np.flatnonzero(table.choice_rank < own_rank[table.child])
    envy: list[Violation] = []
    waste: list[Violation] = []
    for p in refused.tolist():
        s = int(table.school[p])
        child = instance.children[int(table.child[p])]
        school = instance.schools[s]
        rank = int(table.choice_rank[p])
        if load[s] < cap[s]:
            waste.append(Violation(
                "no_waste", f"child {child.child_id} ranked {school.school_id} as choice {rank} "
                f"and was refused, but it kept {cap[s] - load[s]} place(s) empty",
                child_id=child.child_id, school_id=school.school_id))
        elif outsider[s] >= 0:
            other = instance.children[int(outsider[s])].child_id
            envy.append(Violation(
                "no_justified_envy", f"child {child.child_id} ranked {school.school_id} as choice "
                f"{rank} and was refused, but child {other}, who did not apply there, got a place",
                child_id=child.child_id, school_id=school.school_id))
        elif table.rank[p] < admitted_rank[s]:
            other = instance.children[int(weakest_child[s])].child_id
            envy.append(Violation(
                "no_justified_envy", f"child {child.child_id} ranked {school.school_id} as choice "
                f"{rank} and was refused, but child {other} with weaker priority there "
                f"(place {admitted_rank[s] + 1} against {table.rank[p] + 1}) got a place",
                child_id=child.child_id, school_id=school.school_id))
    return envy, waste


def _fallback(
    instance: Instance,
    outcomes: list[ChildOutcome],
    distances: DistanceSource,
    load: np.ndarray,
    cap: np.ndarray,
) -> list[Violation]:
    free = load < cap
    out = []
    for o in outcomes:
        if o.rule != "fallback":
            continue
        row = distances.row(o.child)
        here = row[o.school]
        nearer = np.flatnonzero(free & (row < here - _EPS_M))
        if len(nearer):
            s = int(nearer[np.argmin(row[nearer])])
            child = instance.children[o.child].child_id
            out.append(Violation(
                "fallback_nearest", f"child {child} was sent to "
                f"{instance.schools[o.school].school_id} ({here:.0f} m) although "
                f"{instance.schools[s].school_id} ({row[s]:.0f} m) still has a free place",
                child_id=child, school_id=instance.schools[o.school].school_id))
    return out
