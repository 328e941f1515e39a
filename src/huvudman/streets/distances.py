"""Walking distances as a placement distance source: the same interface as straight lines."""

from __future__ import annotations

import numpy as np

from huvudman.streets.graph import WalkingGraph
from huvudman.streets.routing import school_to_child_distances
from huvudman.streets.snapping import SegmentIndex, Snapped


class OffNetwork(ValueError):
    """Points too far from any walkable way; `which` lists their positions."""

    def __init__(self, kind: str, which: list[int], distances: list[float], limit: float):
        self.kind = kind
        self.which = which
        self.distances = distances
        super().__init__(
            f"{len(which)} {kind} farther than {limit:.0f} m from any walkable way "
            f"(first: #{which[0]}, {distances[0]:.0f} m)"
        )


def snap_within(index: SegmentIndex, xy: np.ndarray, limit_m: float, kind: str) -> Snapped:
    """Snap points, refusing any farther than `limit_m` from the network."""
    snapped = index.snap(xy)
    far = np.flatnonzero(snapped.access_m > limit_m)
    if len(far):
        raise OffNetwork(kind, far.tolist(), snapped.access_m[far].tolist(), limit_m)
    return snapped


class WalkingDistances:
    """Distances along the walking network, children × schools, computed once."""

    kind = "walking"

    def __init__(self, matrix: np.ndarray, straight: np.ndarray | None = None) -> None:
        self.matrix = matrix
        self.straight = straight

    @classmethod
    def compute(
        cls,
        graph: WalkingGraph,
        child_xy: np.ndarray,
        school_xy: np.ndarray,
        snap_limit_m: float = 500.0,
        progress=None,
    ) -> WalkingDistances:
        """Snap everyone onto the network and run one search per school."""
        index = SegmentIndex(graph)
        schools = snap_within(index, school_xy, snap_limit_m, "schools")
        children = snap_within(index, child_xy, snap_limit_m, "children")
        return cls(school_to_child_distances(graph, schools, children, progress=progress))

    def pairs(self, children: np.ndarray, schools: np.ndarray) -> np.ndarray:
        """Walking distance for each (child, school) pair."""
        return self.matrix[children, schools]

    def nearest(
        self, k: int, children: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest schools on foot, nearest first (ties by school order)."""
        rows = self.matrix if children is None else self.matrix[children]
        k = min(k, rows.shape[1])
        idx = np.argsort(rows, axis=1, kind="stable")[:, :k]
        return idx, np.take_along_axis(rows, idx, axis=1)

    def row(self, child: int) -> np.ndarray:
        """Walking distances from one child to every school."""
        return self.matrix[child]

    def nearest_among(
        self, k: int, children: np.ndarray, schools: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The k nearest of some schools on foot, nearest first (ties by school order)."""
        schools = np.asarray(schools, dtype=np.int64)
        rows = self.matrix[np.asarray(children)][:, schools]
        k = min(k, len(schools))
        idx = np.argsort(rows, axis=1, kind="stable")[:, :k]
        return schools[idx], np.take_along_axis(rows, idx, axis=1)
