"""Which side of a barrier (a river, a motorway) a point lies on.

Two points are on the same side of a barrier line when the straight segment between them
crosses it an even number of times; so each point gets, per barrier line, the parity of its
crossings on the way to one common reference point outside everything. The labels combine the
parities of all lines. Works for lines that cut the map (a river's centre line); a river mapped
only as a water area should be given as its centre line or a configured line.
"""

from __future__ import annotations

import numpy as np

_CHUNK = 200_000


def _orient(o: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.sign((x[..., 0] - o[..., 0]) * (y[..., 1] - o[..., 1])
                   - (x[..., 1] - o[..., 1]) * (y[..., 0] - o[..., 0]))


def segments_cross(p: np.ndarray, r: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """True where segment p→r properly crosses segment a→b (arrays broadcast)."""
    d1, d2 = _orient(a, b, p), _orient(a, b, r)
    d3, d4 = _orient(p, r, a), _orient(p, r, b)
    return (d1 * d2 < 0) & (d3 * d4 < 0)


def _crossings(p: np.ndarray, ref: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each point, how many segments a→b its segment to `ref` properly crosses."""
    P = p[:, None, :]
    return segments_cross(P, np.broadcast_to(ref, P.shape), a[None, :, :],
                          b[None, :, :]).sum(axis=1)


def side_labels(points: np.ndarray, lines: list[np.ndarray], reference: np.ndarray) -> np.ndarray:
    """A label per point; equal labels mean no barrier line separates the points."""
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    labels = np.zeros(len(points), dtype=np.int64)
    for bit, line in enumerate(lines):
        line = np.asarray(line, dtype=np.float64).reshape(-1, 2)
        if len(line) < 2:
            continue
        a, b = line[:-1], line[1:]
        step = max(1, _CHUNK // len(a))
        parity = np.concatenate([
            _crossings(points[i:i + step], reference, a, b) % 2
            for i in range(0, len(points), step)
        ]) if len(points) else np.zeros(0, dtype=np.int64)
        labels |= parity.astype(np.int64) << bit
    return labels


def reference_point(*point_sets: np.ndarray) -> np.ndarray:
    """A point south-west of everything given, off every line."""
    pts = np.vstack([np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in point_sets])
    return pts.min(axis=0) - np.array([1013.7, 997.3])
