"""Headline figures of a run: first choice, any choice, fallback, unplaced, distances.

Published with every run, so they never carry a value that belongs to a child with protected
identity alone: distances are summarised over the other children only, districts are counted
without protected children, and a district with fewer than `SMALL_CELL` children is left blank
(`{"suppressed": true}`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from huvudman.placement.outcome import Outcomes
from huvudman.placement.segregation import school_mix, theil_h

#: Fewer children than this in a cell (a district, a map square): its figures are not shown.
SMALL_CELL = 3


def _counts(
    rank: np.ndarray, fallback: np.ndarray, school: np.ndarray, dist: np.ndarray,
    chose: np.ndarray, shown: np.ndarray,
) -> dict[str, Any]:
    n = len(rank)
    first = int(np.count_nonzero(rank == 1))
    any_choice = int(np.count_nonzero(rank > 0))
    n_fallback = int(np.count_nonzero(fallback))
    unplaced = int(np.count_nonzero(school < 0))
    with_choices = int(np.count_nonzero(chose))

    def share(k: int, of: int) -> float:
        return round(k / of, 4) if of else 0.0

    return {
        "children": n,
        "with_choices": with_choices,
        "first_choice": first,
        "any_choice": any_choice,
        "fallback": n_fallback,
        "unplaced": unplaced,
        "first_choice_share": share(first, with_choices),
        "any_choice_share": share(any_choice, with_choices),
        "fallback_share": share(n_fallback, n),
        "unplaced_share": share(unplaced, n),
        "distance_m": distance_summary(dist[(school >= 0) & shown]),
    }


def distance_summary(dist: np.ndarray) -> dict[str, float]:
    """Mean, median, 90th percentile and maximum of distances, in whole metres."""
    if dist.size == 0:
        return {"mean": 0.0, "median": 0.0, "p90": 0.0, "max": 0.0}
    return {
        "mean": round(float(dist.mean()), 1),
        "median": round(float(np.median(dist)), 1),
        "p90": round(float(np.percentile(dist, 90)), 1),
        "max": round(float(dist.max()), 1),
    }


def placement_statistics(
    outcomes: Outcomes,
    chose: np.ndarray,
    districts: list[str],
    school_ids: list[str],
    protected: np.ndarray | None = None,
) -> dict[str, Any]:
    """Overall and per-district figures, plus how mixed school intakes are across districts
    (children with protected identity counted only in the overall shares)."""
    shown = (~np.asarray(protected, dtype=bool) if protected is not None
             else np.ones(len(districts), dtype=bool))
    rank, fallback = outcomes.choice_rank, outcomes.fallback
    school, dist = outcomes.school, outcomes.distance_m
    chosen = np.asarray(chose, dtype=bool)
    first_seen = {d: i for i, d in enumerate(dict.fromkeys(districts))}
    seen_code = np.fromiter(map(first_seen.__getitem__, districts), dtype=np.int64,
                            count=len(districts))
    names = np.array(sorted(first_seen), dtype=object)
    remap = np.empty(len(first_seen), dtype=np.int64)
    remap[[first_seen[d] for d in names]] = np.arange(len(names))
    code = remap[seen_code]
    placed = school >= 0
    table = np.bincount(school[placed] * len(names) + code[placed],
                        minlength=len(school_ids) * len(names)).reshape(len(school_ids),
                                                                        len(names))
    by_district: dict[str, dict[str, Any]] = {}
    for j, d in enumerate(names.tolist()):
        m = (code == j) & shown
        by_district[d] = (_counts(rank[m], fallback[m], school[m], dist[m], chosen[m], shown[m])
                          if np.count_nonzero(m) >= SMALL_CELL else {"suppressed": True})
    return {
        "overall": _counts(rank, fallback, school, dist, chosen, shown),
        "by_district": by_district,
        "segregation_theil_h": round(theil_h(table), 4) if len(names) > 1 else 0.0,
        "school_mix": {
            sid: (None if m != m else round(float(m), 4))
            for sid, m in zip(school_ids, school_mix(table), strict=True)
        },
    }
