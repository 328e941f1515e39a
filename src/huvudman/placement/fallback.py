"""Fallback: a child with no place among its choices gets the nearest school with a free place.

Children are served in lottery order (the published, verifiable numbers), so when seats near
several of them run out, chance — not the order of a file — decides who gets the nearer one.
"""

from __future__ import annotations

import numpy as np

from huvudman.placement.distance import DistanceSource

_FIRST_LOOK = 12


def nearest_free_school(
    children: list[int],
    lottery: np.ndarray,
    distances: DistanceSource,
    capacity: list[int],
    load: list[int],
) -> dict[int, int]:
    """Assign each listed child (index) to the nearest school with a seat left; updates `load`.

    Children who find no free seat anywhere are left out of the returned mapping.
    """
    if not children or not capacity:
        return {}
    order = np.asarray(sorted(children, key=lambda c: int(lottery[c])), dtype=np.int64)
    near_idx, _ = distances.nearest(_FIRST_LOOK, order)
    candidates = near_idx.tolist()
    out: dict[int, int] = {}
    for c, near in zip(order.tolist(), candidates, strict=True):
        school = next((s for s in near if load[s] < capacity[s]), -1)
        if school < 0 and len(near) < len(capacity):
            ranked = np.argsort(distances.row(c), kind="stable").tolist()
            school = next((s for s in ranked if load[s] < capacity[s]), -1)
        if school >= 0:
            load[school] += 1
            out[c] = school
    return out
