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
    order = sorted(children, key=lambda c: int(lottery[c]))
    near_idx, _ = distances.nearest(min(_FIRST_LOOK, len(capacity)))
    out: dict[int, int] = {}
    for c in order:
        school = next((int(s) for s in near_idx[c] if load[s] < capacity[s]), -1)
        if school < 0 and near_idx.shape[1] < len(capacity):
            row = distances.row(c)
            school = next(
                (int(s) for s in np.argsort(row, kind="stable") if load[s] < capacity[s]), -1
            )
        if school >= 0:
            load[school] += 1
            out[c] = school
    return out
