"""A run's placements after staff moved children by hand, and the audit of that result.

An override is a decision outside the rule chain, so the run must be audited again with it:
putting a child into a full school breaks capacity, taking a seat from a child with stronger
priority there is justified envy. The overridden child's outcome says so (`OVERRIDE`), which
also accounts for it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from huvudman.placement.audit import AuditReport, audit_placement
from huvudman.placement.engine import PlacementResult
from huvudman.placement.outcome import Outcomes

#: The rule, deciding rule and reason of a child placed by hand.
OVERRIDE = "override"


def overridden_outcomes(result: PlacementResult, moves: Mapping[int, int]) -> Outcomes:
    """The run's outcomes with each child of `moves` (child index → school index) at the
    school staff chose: its rank on the child's list (0 when unlisted) and its distance."""
    out = result.outcomes
    if not moves:
        return out
    children = np.fromiter(moves.keys(), dtype=np.int64, count=len(moves))
    schools = np.fromiter(moves.values(), dtype=np.int64, count=len(moves))
    table = result.priorities
    n_schools = len(result.instance.schools)
    keys = table.child * n_schools + table.school
    order = np.argsort(keys, kind="stable")
    want = children * n_schools + schools
    pos = np.minimum(np.searchsorted(keys[order], want), max(len(keys) - 1, 0))
    listed = (keys[order][pos] == want) if len(keys) else np.zeros(len(want), dtype=bool)
    application = np.where(listed, order[pos] if len(keys) else -1, -1)
    rank = np.zeros(len(children), dtype=np.int64)
    rank[listed] = table.choice_rank[application[listed]]
    columns = {name: getattr(out, name).copy() for name in
               ("school", "application", "choice_rank", "rule", "decided_by", "distance_m",
                "reason")}
    columns["school"][children] = schools
    columns["application"][children] = application
    columns["choice_rank"][children] = rank
    columns["rule"][children] = OVERRIDE
    columns["decided_by"][children] = OVERRIDE
    columns["reason"][children] = OVERRIDE
    columns["distance_m"][children] = result.distances.pairs(children, schools)
    return replace(out, **columns)


def audit_with_overrides(result: PlacementResult, moves: Mapping[int, int]) -> AuditReport:
    """The run's audit redone on its placements after the overrides (the run's own audit when
    there are none)."""
    if not moves:
        return result.audit
    config = result.config
    return audit_placement(result.instance, result.priorities,
                           overridden_outcomes(result, moves), result.distances,
                           config.mechanism, result.sides, config.guaranteed_distance,
                           config.grade)
