"""Headline figures of a run: first choice, any choice, fallback, unplaced, distances."""

from __future__ import annotations

from typing import Any

import numpy as np

from huvudman.placement.outcome import ChildOutcome
from huvudman.placement.segregation import school_mix, theil_h


def _counts(outcomes: list[ChildOutcome], chose: list[bool]) -> dict[str, Any]:
    n = len(outcomes)
    first = sum(1 for o in outcomes if o.choice_rank == 1)
    any_choice = sum(1 for o in outcomes if o.choice_rank > 0)
    fallback = sum(1 for o in outcomes if o.rule == "fallback")
    unplaced = sum(1 for o in outcomes if o.school < 0)
    with_choices = sum(chose)
    dist = np.array([o.distance_m for o in outcomes if o.school >= 0], dtype=np.float64)

    def share(k: int, of: int) -> float:
        return round(k / of, 4) if of else 0.0

    return {
        "children": n,
        "with_choices": with_choices,
        "first_choice": first,
        "any_choice": any_choice,
        "fallback": fallback,
        "unplaced": unplaced,
        "first_choice_share": share(first, with_choices),
        "any_choice_share": share(any_choice, with_choices),
        "fallback_share": share(fallback, n),
        "unplaced_share": share(unplaced, n),
        "distance_m": distance_summary(dist),
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
    outcomes: list[ChildOutcome],
    chose: list[bool],
    districts: list[str],
    school_ids: list[str],
) -> dict[str, Any]:
    """Overall and per-district figures, plus how mixed school intakes are across districts."""
    by: dict[str, list[int]] = {}
    for i, d in enumerate(districts):
        by.setdefault(d, []).append(i)
    names = sorted(by)
    table = np.zeros((len(school_ids), len(names)), dtype=np.int64)
    col = {d: j for j, d in enumerate(names)}
    for o, d in zip(outcomes, districts, strict=True):
        if o.school >= 0:
            table[o.school, col[d]] += 1
    return {
        "overall": _counts(outcomes, chose),
        "by_district": {
            d: _counts([outcomes[i] for i in by[d]], [chose[i] for i in by[d]]) for d in names
        },
        "segregation_theil_h": round(theil_h(table), 4) if len(names) > 1 else 0.0,
        "school_mix": {
            sid: (None if m != m else round(float(m), 4))
            for sid, m in zip(school_ids, school_mix(table), strict=True)
        },
    }
