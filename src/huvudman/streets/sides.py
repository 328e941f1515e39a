"""Sides of a barrier found on the street network itself.

Cut every street piece that crosses a barrier (a river's centre line, the shore of a lake or a
riverbank area, a motorway) and the network falls apart into the land on each side; every home
and school takes the label of the part its street lies in. Unlike the straight-line parity test
(`barriers`), this also works for water mapped as areas.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from huvudman.streets.barriers import segments_cross
from huvudman.streets.graph import WalkingGraph


def network_sides(graph: WalkingGraph, barriers: list[np.ndarray]) -> np.ndarray:
    """A label per segment of the graph: the part of the network it lies in once every segment
    crossing a barrier polyline (rings included, closed or not) is cut."""
    bars = [np.asarray(b, dtype=np.float64).reshape(-1, 2) for b in barriers if len(b) >= 2]
    n_seg = len(graph.seg_u)
    cut = np.zeros(n_seg, dtype=bool)
    if bars:
        ba = np.vstack([b[:-1] for b in bars])
        bb = np.vstack([b[1:] for b in bars])
        ga, gb = graph.xy[graph.seg_u], graph.xy[graph.seg_v]
        radius = (graph.seg_len.max() + np.hypot(*(bb - ba).T).max()) / 2 + 1e-6
        pairs = cKDTree((ga + gb) / 2).sparse_distance_matrix(
            cKDTree((ba + bb) / 2), radius, output_type="ndarray")
        i, j = pairs["i"], pairs["j"]
        crossing = segments_cross(ga[i], gb[i], ba[j], bb[j])
        cut[np.unique(i[crossing])] = True
    keep = ~cut
    n = len(graph.xy)
    adjacency = coo_matrix((np.ones(int(keep.sum())), (graph.seg_u[keep], graph.seg_v[keep])),
                           shape=(n, n))
    _, label = connected_components(adjacency, directed=False)
    return label[graph.seg_u]
