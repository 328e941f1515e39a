"""Fallback: a child with no place among its choices gets the nearest school with a free place.

Children are served in lottery order (the published, verifiable numbers), so when seats near
several of them run out, chance — not the order of a file — decides who gets the nearer one.

Serving children one by one in a fixed order, each taking its best school with a seat left, is
serial dictatorship, and serial dictatorship is deferred acceptance in which every school ranks
children in that one order. So the fallback runs the compiled deferred acceptance on each
child's nearest free schools (found with a spatial index over the schools with seats left),
lengthening the list of any child turned away from all of them until every child is placed
within its list or has been offered every free school: then the outcome is exactly that of
serving them one by one (each child's place lies within its list, and no list can change what
an earlier child got).
"""

from __future__ import annotations

import numpy as np

from huvudman.placement.barriers import Sides
from huvudman.placement.distance import DistanceSource
from huvudman.placement.mechanisms.deferred_acceptance import deferred_acceptance_array

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
    if sides is None:
        return _serial_dictatorship(children, lottery, distances, capacity, load)
    return one_by_one(children, lottery, distances, capacity, load, sides, may_cross)


def one_by_one(
    children: list[int],
    lottery: np.ndarray,
    distances: DistanceSource,
    capacity: list[int],
    load: list[int],
    sides: Sides | None = None,
    may_cross: np.ndarray | None = None,
) -> dict[int, int]:
    """The fallback served literally one child at a time (with barriers: each child's own side
    first); the definition the faster path is checked against."""
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


def _serial_dictatorship(children: list[int], lottery: np.ndarray, distances: DistanceSource,
                         capacity: list[int], load: list[int]) -> dict[int, int]:
    """The fallback without barriers, as deferred acceptance with one priority order."""
    listed = np.asarray(children, dtype=np.int64)
    seats = np.maximum(np.asarray(capacity, dtype=np.int64) - np.asarray(load, dtype=np.int64),
                       0)
    free = np.flatnonzero(seats > 0)
    if not len(free):
        return {}
    n = len(listed)
    turn = np.empty(n, dtype=np.int64)
    turn[np.argsort(lottery[listed], kind="stable")] = np.arange(n, dtype=np.int64)
    want = np.full(n, min(_FIRST_LOOK, len(free)), dtype=np.int64)
    found: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {}  # length → (children, lists)
    todo = np.arange(n, dtype=np.int64)
    settled = np.zeros(n, dtype=bool)
    school = np.full(n, -1, dtype=np.int64)
    while True:
        for k in np.unique(want[todo]).tolist():
            group = todo[want[todo] == k]
            idx, dist = distances.nearest_among(k, listed[group], free)
            idx = np.take_along_axis(idx, np.lexsort((idx, dist), axis=1), axis=1)
            found.setdefault(k, []).append((group, idx))
        # children served before the first one whose list was too short are settled: in
        # serial dictatorship nobody after them can change what they got
        active = np.flatnonzero(~settled)
        lengths = want[active]
        offsets = np.zeros(len(active) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        flat = np.empty(int(offsets[-1]), dtype=np.int64)
        slot = np.full(n, -1, dtype=np.int64)
        slot[active] = np.arange(len(active))
        for k, parts in found.items():
            for group, idx in parts:
                current = (want[group] == k) & ~settled[group]
                rows = offsets[slot[group[current]]][:, None] + np.arange(k)
                flat[rows.ravel()] = idx[current].ravel()
        placed = deferred_acceptance_array(flat, np.repeat(turn[active], lengths), offsets,
                                           seats)
        school[active] = np.where(placed >= 0, flat[np.maximum(placed, 0)], -1)
        short = active[(placed < 0) & (lengths < len(free))]
        if not len(short):
            break
        first = turn[short].min()
        done_now = active[turn[active] < first]
        settled[done_now] = True
        seats -= np.bincount(school[done_now][school[done_now] >= 0], minlength=len(seats))
        todo = short
        want[todo] = np.minimum(want[todo] * 8, len(free))
    got = np.flatnonzero(school >= 0)
    out = dict(zip(listed[got].tolist(), school[got].tolist(), strict=True))
    for s in out.values():
        load[s] += 1
    return out
