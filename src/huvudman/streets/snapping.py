"""Snapping homes and schools onto the nearest point of the nearest walkable segment."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from huvudman.streets.graph import WalkingGraph

PIECE_M = 40.0  # segments are indexed in pieces at most this long
_FIRST_LOOK = 16


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
        n = len(points)
        k = min(_FIRST_LOOK, len(self.piece_segment))
        mid_d, piece = self.tree.query(points, k=k)
        mid_d = np.asarray(mid_d).reshape(n, k)
        segs = self.piece_segment[np.asarray(piece).reshape(n, k)]
        t, d = _project(points[:, None, :], g.xy[g.seg_u[segs]], g.xy[g.seg_v[segs]])
        j = np.argmin(d, axis=1)
        rows = np.arange(n)
        best_seg, best_t, best_d = segs[rows, j], t[rows, j], d[rows, j]
        # A segment's pieces lie within half a piece of their midpoints: a point is settled when
        # every piece not looked at is too far away to hold anything nearer.
        unsure = np.flatnonzero(mid_d[:, -1] < best_d + self.half_piece) if k else []
        for i in np.asarray(unsure).tolist():
            cand = self.tree.query_ball_point(points[i], best_d[i] + self.half_piece + 1e-6)
            cs = np.unique(self.piece_segment[np.asarray(cand, dtype=np.int64)])
            ct, cd = _project(points[i], g.xy[g.seg_u[cs]], g.xy[g.seg_v[cs]])
            m = int(np.argmin(cd))
            best_seg[i], best_t[i], best_d[i] = cs[m], ct[m], cd[m]
        length = g.seg_len[best_seg]
        along = best_t * length
        position = g.seg_offset[best_seg] + np.where(g.seg_forward[best_seg], along,
                                                      length - along)
        a, b = g.xy[g.seg_u[best_seg]], g.xy[g.seg_v[best_seg]]
        return Snapped(segment=best_seg, edge=g.seg_edge[best_seg], position_m=position,
                       access_m=best_d, xy=a + (b - a) * best_t[:, None])


def _project(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fraction along each segment a→b of the point nearest p, and the distance to it.

    Works on any leading shape: the last axis holds x and y.
    """
    ab = b - a
    denom = (ab * ab).sum(axis=-1)
    safe = np.where(denom > 0, denom, 1.0)
    t = np.clip(np.where(denom > 0, ((p - a) * ab).sum(axis=-1) / safe, 0.0), 0.0, 1.0)
    nearest = a + ab * t[..., None]
    gap = p - nearest
    return t, np.hypot(gap[..., 0], gap[..., 1])
