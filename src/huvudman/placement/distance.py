"""Where distances come from: one small interface, so walking distance drops in beside straight.

Coordinates given to a distance source are projected metres (SWEREF 99 TM, EPSG:3006).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from pykdtree.kdtree import KDTree


class DistanceSource(Protocol):
    """Distances in metres between children and schools, by one measure (`kind`)."""

    kind: str

    def pairs(self, children: np.ndarray, schools: np.ndarray) -> np.ndarray:
        """Distance for each (children[i], schools[i]) pair."""
        ...

    def nearest(
        self, k: int, children: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """For every child (or the given ones) its k nearest schools, nearest first.

        Returns (indices, distances), each of shape (children, k).
        """
        ...

    def row(self, child: int) -> np.ndarray:
        """Distances from one child to every school."""
        ...

    def nearest_among(
        self, k: int, children: np.ndarray, schools: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """For the given children, their k nearest among the given schools, nearest first
        (indices into all schools; shape (children, min(k, len(schools))))."""
        ...


class StraightLineDistances:
    """Euclidean distance in the projected plane ("fågelvägen").

    The measure the 2020 system used; kept for comparison and until a street network is given.
    """

    kind = "straight"

    def __init__(self, child_xy: np.ndarray, school_xy: np.ndarray) -> None:
        self.child_xy = np.asarray(child_xy, dtype=np.float64).reshape(-1, 2)
        self.school_xy = np.asarray(school_xy, dtype=np.float64).reshape(-1, 2)
        self._tree: KDTree | None = None

    def __getstate__(self) -> dict:
        """Picklable for worker processes and clusters: the index is rebuilt where it is used."""
        return {**self.__dict__, "_tree": None}

    def pairs(self, children: np.ndarray, schools: np.ndarray) -> np.ndarray:
        """Distance for each (child, school) pair."""
        d = self.child_xy[children] - self.school_xy[schools]
        return np.hypot(d[:, 0], d[:, 1])

    def nearest(
        self, k: int, children: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest schools of every child (or the given ones), nearest first."""
        k = min(k, len(self.school_xy))
        if self._tree is None:
            self._tree = KDTree(self.school_xy)
        points = self.child_xy if children is None else self.child_xy[children]
        dist, idx = self._tree.query(points, k=k)
        idx = np.asarray(idx, dtype=np.int64).reshape(len(points), k)
        dist = np.asarray(dist, dtype=np.float64).reshape(len(points), k)
        return idx, dist

    def row(self, child: int) -> np.ndarray:
        """Distances from one child to every school."""
        d = self.school_xy - self.child_xy[child]
        return np.hypot(d[:, 0], d[:, 1])

    def nearest_among(
        self, k: int, children: np.ndarray, schools: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest of some schools (a spatial index over just those), nearest first."""
        schools = np.asarray(schools, dtype=np.int64)
        k = min(k, len(schools))
        tree = KDTree(self.school_xy[schools])
        dist, idx = tree.query(self.child_xy[children], k=k)
        idx = np.asarray(idx, dtype=np.int64).reshape(len(children), k)
        dist = np.asarray(dist, dtype=np.float64).reshape(len(children), k)
        return schools[idx], dist
