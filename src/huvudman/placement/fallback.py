"""Fallback: a child with no place among its choices gets the nearest school with a free place.

Children are served in lottery order (the published, verifiable numbers), so when seats near
several of them run out, chance — not the order of a file — decides who gets the nearer one.
"""

from __future__ import annotations

import numpy as np

from huvudman.placement.barriers import Sides
from huvudman.placement.distance import DistanceSource

_FIRST_LOOK = 12


def nearest_free_school(
    children: list[int],
    lottery: np.ndarray,
    distances: DistanceSource,
    capacity: list[int],
    load: list[int],
    sides: Sides | None = None,
    may_cross: np.ndarray | None = None,
) -> dict[int, int]:
    """Assign each listed child (index) to the nearest school with a seat left; updates `load`.

    With `sides`, a child goes to a school on its own side of the barriers unless `may_cross`
    says its family chose a school across, or no school on its side has a seat left.
    Children who find no free seat anywhere are left out of the returned mapping.
    """
    if not children or not capacity:
        return {}
    listed = np.asarray(children, dtype=np.int64)
    order = listed[np.argsort(lottery[listed], kind="stable")]
    near_idx, _ = distances.nearest(_FIRST_LOOK, order)
    candidates = near_idx.tolist()
    out: dict[int, int] = {}
    for c, near in zip(order.tolist(), candidates, strict=True):
        ok = None
        if sides is not None and not (may_cross is not None and may_cross[c]):
            ok = sides.school == sides.child[c]
        school = _first_free(near, capacity, load, ok)
        if school < 0 and (ok is not None or len(near) < len(capacity)):
            ranked = np.argsort(distances.row(c), kind="stable").tolist()
            school = _first_free(ranked, capacity, load, ok)
            if school < 0 and ok is not None:
                school = _first_free(ranked, capacity, load, None)
        if school >= 0:
            load[school] += 1
            out[c] = school
    return out


def _first_free(
    schools: list[int], capacity: list[int], load: list[int], ok: np.ndarray | None
) -> int:
    return next((s for s in schools if load[s] < capacity[s] and (ok is None or ok[s])), -1)
