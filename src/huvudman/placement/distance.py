"""Where distances come from: one small interface, so walking distance drops in beside straight.

Coordinates given to a distance source are projected metres (SWEREF 99 TM, EPSG:3006).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from scipy.spatial import cKDTree


class DistanceSource(Protocol):
    """Distances in metres between children and schools, by one measure (`kind`)."""

    kind: str

    def pairs(self, children: np.ndarray, schools: np.ndarray) -> np.ndarray:
        """Distance for each (children[i], schools[i]) pair."""
        ...

    def nearest(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """For every child its k nearest schools, nearest first: (indices, distances)."""
        ...

    def row(self, child: int) -> np.ndarray:
        """Distances from one child to every school."""
        ...


class StraightLineDistances:
    """Euclidean distance in the projected plane ("fågelvägen").

    The measure the 2020 system used; kept for comparison and until a street network is given.
    """

    kind = "straight"

    def __init__(self, child_xy: np.ndarray, school_xy: np.ndarray) -> None:
        self.child_xy = np.asarray(child_xy, dtype=np.float64).reshape(-1, 2)
        self.school_xy = np.asarray(school_xy, dtype=np.float64).reshape(-1, 2)
        self._tree: cKDTree | None = None

    def pairs(self, children: np.ndarray, schools: np.ndarray) -> np.ndarray:
        """Distance for each (child, school) pair."""
        d = self.child_xy[children] - self.school_xy[schools]
        return np.hypot(d[:, 0], d[:, 1])

    def nearest(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest schools of every child, nearest first; ties broken by school order."""
        k = min(k, len(self.school_xy))
        if self._tree is None:
            self._tree = cKDTree(self.school_xy)
        dist, idx = self._tree.query(self.child_xy, k=k)
        idx = np.asarray(idx, dtype=np.int64).reshape(len(self.child_xy), k)
        dist = np.asarray(dist, dtype=np.float64).reshape(len(self.child_xy), k)
        return idx, dist

    def row(self, child: int) -> np.ndarray:
        """Distances from one child to every school."""
        d = self.school_xy - self.child_xy[child]
        return np.hypot(d[:, 0], d[:, 1])
