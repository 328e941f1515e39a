"""Snapping homes and schools onto the nearest point of the nearest walkable segment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from huvudman.streets.graph import WalkingGraph

PIECE_M = 40.0  # segments are indexed in pieces at most this long


@dataclass(frozen=True)
class Snapped:
    """Where each point meets the network: a routing edge, the position along it, and the
    straight walk from the point to the street."""

    segment: np.ndarray
    edge: np.ndarray
    position_m: np.ndarray  # metres from the edge's first node
    access_m: np.ndarray  # metres from the point to the street
    xy: np.ndarray  # the snapped position


class SegmentIndex:
    """A spatial index over the segments of a walking graph."""

    def __init__(self, graph: WalkingGraph) -> None:
        self.graph = graph
        pieces = np.maximum(np.ceil(graph.seg_len / PIECE_M).astype(np.int64), 1)
        seg = np.repeat(np.arange(len(pieces)), pieces)
        k = np.arange(len(seg)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        frac = (k + 0.5) / pieces[seg]
        a, b = graph.xy[graph.seg_u[seg]], graph.xy[graph.seg_v[seg]]
        self.piece_segment = seg
        self.half_piece = float((graph.seg_len / pieces).max() / 2) if len(pieces) else 0.0
        self.tree = cKDTree(a + (b - a) * frac[:, None])

    def snap(self, points: np.ndarray) -> Snapped:
        """The nearest point on any segment for each point (exact, not the nearest node)."""
        g = self.graph
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        d0, _ = self.tree.query(points)
        candidates = self.tree.query_ball_point(points, np.asarray(d0) + self.half_piece + 1e-6)
        n = len(points)
        best_seg = np.zeros(n, dtype=np.int64)
        best_t = np.zeros(n)
        best_d = np.zeros(n)
        for i, cand in enumerate(candidates):
            segs = np.unique(self.piece_segment[np.asarray(cand, dtype=np.int64)])
            t, d = _project(points[i], g.xy[g.seg_u[segs]], g.xy[g.seg_v[segs]])
            j = int(np.argmin(d))
            best_seg[i], best_t[i], best_d[i] = segs[j], t[j], d[j]
        length = g.seg_len[best_seg]
        along = best_t * length
        position = g.seg_offset[best_seg] + np.where(g.seg_forward[best_seg], along,
                                                      length - along)
        a, b = g.xy[g.seg_u[best_seg]], g.xy[g.seg_v[best_seg]]
        return Snapped(segment=best_seg, edge=g.seg_edge[best_seg], position_m=position,
                       access_m=best_d, xy=a + (b - a) * best_t[:, None])


def _project(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fraction along each segment a→b of the point nearest p, and the distance to it."""
    ab = b - a
    denom = np.einsum("ij,ij->i", ab, ab)
    t = np.where(denom > 0, np.einsum("ij,ij->i", p - a, ab) / np.where(denom > 0, denom, 1), 0)
    t = np.clip(t, 0.0, 1.0)
    nearest = a + ab * t[:, None]
    return t, np.hypot(*(p - nearest).T)
