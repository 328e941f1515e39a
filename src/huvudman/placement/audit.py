"""An audit that re-checks a placement against the declared priorities.

It is written apart from the mechanisms and shares nothing with them but the declared
priorities: it looks only at who applied where, each application's rank at its school, the
capacities and the final placements, and says exactly what is violated:

- no school over capacity;
- every child placed or given a stated reason;
- no justified envy: nobody refused at a school that admitted someone with weaker priority there
  (or a child who did not apply at all);
- no waste: nobody refused at a school that kept a place empty;
- fallback: a fallback child went to the nearest school that had a place left (on its own
  side of any barrier unless the family chose a school across);
- where the municipality guarantees a school within a route distance by grade, that every
  child got one (a failure here means too few places near home, not a wrong placement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from huvudman.placement.barriers import Sides
from huvudman.placement.config import GuaranteedDistance
from huvudman.placement.distance import DistanceSource
from huvudman.placement.model import Instance
from huvudman.placement.outcome import Outcomes
from huvudman.placement.priorities import PriorityTable

MAX_LISTED = 200
_FIRST_LOOK = 12
_EPS_M = 0.5


@dataclass(frozen=True)
class Check:
    """One audit check: whether it held and how often it was violated (what it checks, in
    words: `words.audit`)."""

    name: str
    passed: bool
    violations: int
    children: int  # distinct children affected


@dataclass(frozen=True)
class Violation:
    """One concrete breach as codes and numbers, naming the children and school involved
    (`words.audit.finding` says it in a reader's language).

    `kind` says what exactly happened; `other` is the other child, school or (for the
    guaranteed distance) grade involved; `numbers` the figures the finding quotes."""

    check: str
    kind: str
    child_id: str = ""
    school_id: str = ""
    other: str = ""
    numbers: tuple[float, ...] = ()


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
    outcomes: Outcomes,
    distances: DistanceSource,
    mechanism: str,
    sides: Sides | None = None,
    guaranteed: GuaranteedDistance | None = None,
    grade: str = "",
) -> AuditReport:
    """Re-check a finished placement; see the module docstring for what is checked."""
    checks: list[Check] = []
    found: list[Violation] = []

    def record(name: str, items: list[Violation]) -> None:
        affected = len({v.child_id for v in items if v.child_id})
        checks.append(Check(name, not items, len(items), affected))
        found.extend(items[:MAX_LISTED])

    placed = _Placed(instance, table, outcomes)
    record("capacity", _capacity(instance, placed))
    record("accounted", _accounted(instance, outcomes))
    record("choice_ranks", _choice_ranks(instance, placed))
    envy, waste = _envy_and_waste(instance, table, placed)
    record("no_justified_envy", envy)
    record("no_waste", waste)
    record("fallback_nearest", _fallback(instance, outcomes, distances, placed, sides))
    if guaranteed is not None and guaranteed.limits_m:
        record("guaranteed_distance", _guaranteed(instance, outcomes, guaranteed, grade))
    return AuditReport(mechanism=mechanism, checks=checks, violations=found)


class _Placed:
    """The final placement as arrays, with each child's application found from the placement."""

    def __init__(self, instance: Instance, table: PriorityTable, outcomes: Outcomes):
        n_schools = len(instance.schools)
        n = len(outcomes)
        self.school = outcomes.school
        self.recorded_rank = outcomes.choice_rank
        self.cap = np.asarray(instance.capacities, dtype=np.int64)
        self.load = np.bincount(self.school[self.school >= 0], minlength=n_schools)
        # look the (child, school) pair up among the declared applications
        keys = table.child * n_schools + table.school
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        who = np.flatnonzero(self.school >= 0)
        want = who * n_schools + self.school[who]
        pos = np.minimum(np.searchsorted(sorted_keys, want), max(len(keys) - 1, 0))
        hit = (sorted_keys[pos] == want) if len(keys) else np.zeros(len(who), dtype=bool)
        self.application = np.full(n, -1, dtype=np.int64)
        self.application[who[hit]] = order[pos[hit]]
        self.outsider = np.full(n_schools, -1, dtype=np.int64)  # placed there, did not apply
        self.outsider[self.school[who[~hit]]] = who[~hit]
        has = self.application >= 0
        self.choice_rank = np.zeros(n, dtype=np.int64)
        self.choice_rank[has] = table.choice_rank[self.application[has]]
        apps = self.application[has]
        self.weakest = np.full(n_schools, -1, dtype=np.int64)  # weakest admitted applicant
        if len(apps):
            by = apps[np.lexsort((table.rank[apps], table.school[apps]))]
            last = np.ones(len(by), dtype=bool)
            last[:-1] = table.school[by][1:] != table.school[by][:-1]
            self.weakest[table.school[by][last]] = by[last]


def _capacity(instance: Instance, placed: _Placed) -> list[Violation]:
    load, cap = placed.load, placed.cap
    return [
        Violation("capacity", "over_capacity", school_id=instance.schools[s].school_id,
                  numbers=(int(load[s]), int(cap[s])))
        for s in np.flatnonzero(load > cap).tolist()
    ]


def _accounted(instance: Instance, outcomes: Outcomes) -> list[Violation]:
    out = []
    unexplained = (outcomes.reason == "") & ((outcomes.school < 0) | (outcomes.choice_rank == 0))
    for c in np.flatnonzero(unexplained).tolist():
        o = outcomes[c]
        cid = instance.child_ids[c]
        kind = "no_place_no_reason" if o.school < 0 else "unchosen_no_reason"
        out.append(Violation("accounted", kind, child_id=cid))
    return out


def _choice_ranks(instance: Instance, placed: _Placed) -> list[Violation]:
    wrong = np.flatnonzero((placed.school >= 0) & (placed.choice_rank != placed.recorded_rank))
    out = []
    for c in wrong.tolist():
        cid = instance.child_ids[c]
        sid = instance.schools[int(placed.school[c])].school_id
        expected = int(placed.choice_rank[c])
        out.append(Violation("choice_ranks", "wrong_rank", child_id=cid, school_id=sid,
                             numbers=(expected, int(placed.recorded_rank[c]))))
    return out


def _envy_and_waste(
    instance: Instance, table: PriorityTable, placed: _Placed
) -> tuple[list[Violation], list[Violation]]:
    own = np.where(placed.choice_rank > 0, placed.choice_rank, np.iinfo(np.int64).max)
    refused = table.choice_rank < own[table.child]
    s = table.school
    wasted = refused & (placed.load[s] < placed.cap[s])
    by_outsider = refused & ~wasted & (placed.outsider[s] >= 0)
    weakest = placed.weakest[s]
    by_rank = (refused & ~wasted & ~by_outsider & (weakest >= 0)
               & (table.rank < table.rank[np.maximum(weakest, 0)]))
    envy: list[Violation] = []
    waste: list[Violation] = []

    def names(p: int) -> tuple[str, str, int]:
        return (instance.child_ids[int(table.child[p])],
                instance.schools[int(table.school[p])].school_id, int(table.choice_rank[p]))

    for p in np.flatnonzero(wasted).tolist():
        cid, sid, rank = names(p)
        free = int(placed.cap[table.school[p]] - placed.load[table.school[p]])
        waste.append(Violation("no_waste", "refused_with_empty_places", child_id=cid,
                               school_id=sid, numbers=(rank, free)))
    for p in np.flatnonzero(by_outsider).tolist():
        cid, sid, rank = names(p)
        other = instance.child_ids[int(placed.outsider[table.school[p]])]
        envy.append(Violation("no_justified_envy", "place_to_non_applicant", child_id=cid,
                              school_id=sid, other=other, numbers=(rank,)))
    for p in np.flatnonzero(by_rank).tolist():
        cid, sid, rank = names(p)
        w = int(weakest[p])
        other = instance.child_ids[int(table.child[w])]
        envy.append(Violation("no_justified_envy", "place_to_weaker_priority", child_id=cid,
                              school_id=sid, other=other,
                              numbers=(rank, int(table.rank[w]) + 1, int(table.rank[p]) + 1)))
    return envy, waste


def _fallback(
    instance: Instance,
    outcomes: Outcomes,
    distances: DistanceSource,
    placed: _Placed,
    sides: Sides | None,
) -> list[Violation]:
    free = placed.load < placed.cap
    fb = np.flatnonzero(outcomes.fallback)
    if len(fb) == 0:
        return []
    may_cross = sides.may_cross(instance) if sides is not None else None
    here = distances.pairs(fb, placed.school[fb])
    if may_cross is None:
        return _fallback_without_barriers(instance, placed, distances, fb, here, free)
    near_idx, near_d = distances.nearest(_FIRST_LOOK, fb)
    # The usual child: no barrier binds it and every school nearer than its own is among the
    # few looked up, so one array expression checks them all.
    simple = near_d[:, -1] >= here if near_idx.shape[1] < len(free) else np.ones(len(fb), bool)
    if may_cross is not None:
        simple &= may_cross[fb]
    ok = free[near_idx] & (near_d < (here - _EPS_M)[:, None])
    nearer_free = ok.any(axis=1)
    out = []
    for k in np.flatnonzero(~simple | nearer_free).tolist():
        c = int(fb[k])
        if simple[k]:
            out.append(_nearer_free(instance, placed, c, here[k], near_idx[k][ok[k]],
                                    near_d[k][ok[k]]))
            continue
        s = int(placed.school[c])
        child, sid = instance.child_ids[c], instance.schools[s].school_id
        own = None
        if sides is not None and may_cross is not None and not may_cross[c]:
            own = sides.school == sides.child[c]
            if not own[s]:
                if (free & own).any():
                    other = int(np.flatnonzero(free & own)[0])
                    out.append(Violation(
                        "fallback_nearest", "across_barrier", child_id=child, school_id=sid,
                        other=instance.schools[other].school_id))
                    continue
                own = None  # no place left on its own side: any side will do
        if near_d[k, -1] >= here[k] or near_idx.shape[1] == len(free):
            cand, cand_d = near_idx[k], near_d[k]  # every school nearer is among these
        else:
            cand_d = distances.row(c)
            cand = np.arange(len(free))
        nearer = free[cand] & (cand_d < here[k] - _EPS_M)
        if own is not None:
            nearer &= own[cand]
        if nearer.any():
            out.append(_nearer_free(instance, placed, c, here[k], cand[nearer], cand_d[nearer]))
    return out


def _fallback_without_barriers(
    instance: Instance, placed: _Placed, distances: DistanceSource, fb: np.ndarray,
    here: np.ndarray, free: np.ndarray,
) -> list[Violation]:
    """Every fallback child against the nearest school that still has a free place, found
    for all of them at once with a spatial index over those schools."""
    open_schools = np.flatnonzero(free)
    if not len(open_schools):
        return []
    idx, dist = distances.nearest_among(1, fb, open_schools)
    wrong = np.flatnonzero(dist[:, 0] < here - _EPS_M)
    return [_nearer_free(instance, placed, int(fb[k]), float(here[k]), idx[k], dist[k])
            for k in wrong.tolist()]


def _nearer_free(
    instance: Instance, placed: _Placed, child: int, here: float, schools: np.ndarray,
    metres: np.ndarray,
) -> Violation:
    """A fallback child sent farther than the nearest of `schools`, which had free places."""
    cid, sid = instance.child_ids[child], instance.schools[int(placed.school[child])].school_id
    best = int(np.argmin(metres))
    other = instance.schools[int(schools[best])].school_id
    return Violation("fallback_nearest", "nearer_school_free", child_id=cid, school_id=sid,
                     other=other, numbers=(round(here, 1), round(float(metres[best]), 1)))


def _guaranteed(
    instance: Instance, outcomes: Outcomes, rule: GuaranteedDistance, cohort_grade: str,
) -> list[Violation]:
    limits = dict(rule.limits_m)
    if all(not g for g in instance.grade):  # the usual case: one year group, one limit
        limit = np.full(instance.n_children, limits.get(cohort_grade, np.inf))
    else:
        limit_of = {g: limits.get(g or cohort_grade, np.inf) for g in set(instance.grade)}
        limit = np.fromiter(map(limit_of.__getitem__, instance.grade), dtype=np.float64,
                            count=instance.n_children)
    # a school the family chose is theirs to choose, however far; the guarantee binds the
    # municipality where it assigns the school
    assigned = (outcomes.school >= 0) & (outcomes.choice_rank == 0)
    out = []
    for c in np.flatnonzero(assigned & (outcomes.distance_m > limit)).tolist():
        cid = instance.child_ids[c]
        sid = instance.schools[int(outcomes.school[c])].school_id
        grade = instance.grade[c] or cohort_grade
        out.append(Violation(
            "guaranteed_distance", "beyond_guarantee", child_id=cid, school_id=sid,
            other=grade, numbers=(round(float(outcomes.distance_m[c]), 1), float(limit[c]))))
    return out
