"""Guarantee schools: a capacity-respecting plan for all children that minimises total distance.

This is the transportation problem (a min-cost flow). Solved as a linear programme with HiGHS'
dual simplex, whose basic solutions are integral because the constraint matrix is totally
unimodular. Each child may go to one of its nearest schools (a widening candidate set keeps the
problem small); children left over when seats run out get no guarantee school (-1).
"""

from __future__ import annotations

import numpy as np

from huvudman.placement.distance import DistanceSource

_UNASSIGNED_COST_FACTOR = 10.0


def guarantee_schools(
    distances: DistanceSource, capacity: list[int], candidates: int = 25
) -> np.ndarray:
    """Each child's guarantee school (index, or -1 when there are not enough seats)."""
    cap = np.asarray(capacity, dtype=np.float64)
    n_schools = len(cap)
    k = min(max(candidates, 1), n_schools)
    while True:
        idx, dist = distances.nearest(k)
        plan = _solve(idx, dist, cap)
        unplaced = int(np.count_nonzero(plan < 0))
        seats = int(cap.sum())
        n_children = idx.shape[0]
        if unplaced == 0 or unplaced == max(0, n_children - seats) or k == n_schools:
            return plan
        k = min(2 * k, n_schools)


def _solve(idx: np.ndarray, dist: np.ndarray, cap: np.ndarray) -> np.ndarray:
    # imported here: the LP solver is needed only by the guarantee rule, and loading it costs
    # every other command a tenth of a second
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    n, k = idx.shape
    if n == 0:
        return np.empty(0, dtype=np.int64)
    usable = cap[idx] > 0
    child_of = np.repeat(np.arange(n), k)[usable.ravel()]
    school_of = idx.ravel()[usable.ravel()]
    cost = np.round(dist.ravel()[usable.ravel()])
    big = float(cost.max() if cost.size else 1.0) * _UNASSIGNED_COST_FACTOR + 1.0
    m = len(child_of)
    # variables: one per (child, candidate school), then one "no seat" slack per child
    c = np.concatenate([cost, np.full(n, big)])
    rows = np.concatenate([child_of, np.arange(n)])
    cols = np.arange(m + n)
    a_eq = csr_matrix((np.ones(m + n), (rows, cols)), shape=(n, m + n))
    a_ub = csr_matrix((np.ones(m), (school_of, np.arange(m))), shape=(len(cap), m + n))
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=cap,
        A_eq=a_eq,
        b_eq=np.ones(n),
        bounds=(0, 1),
        method="highs-ds",
    )
    if not res.success:  # pragma: no cover - the slack makes the problem always feasible
        raise RuntimeError(f"guarantee plan failed: {res.message}")
    x = res.x[:m]
    plan = np.full(n, -1, dtype=np.int64)
    chosen = x > 0.5
    plan[child_of[chosen]] = school_of[chosen]
    return plan
