"""Many-to-many walking distances: one search per school, children read off the result.

Each school joins the routing graph as an extra node tied to both ends of its edge at its exact
position; scipy's Dijkstra then runs from the schools, a bounded number at a time (memory) and,
when a cap is given, only as far as the cap. A child's distance is the better of reaching its
edge's two ends plus the walk along the edge to the child (or straight along the edge when
child and school share it), plus both walks between street and door.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from huvudman.streets.graph import WalkingGraph
from huvudman.streets.snapping import Snapped

CHUNK_BYTES = 256 * 2**20


def routing_matrix(graph: WalkingGraph, schools: Snapped) -> csr_matrix:
    """The routing graph with one extra node per school (undirected, metres)."""
    r = graph.routing_nodes
    e_ok = graph.edge_u != graph.edge_v  # a loop back to its own node never shortens a walk
    s_idx = r + np.arange(len(schools.edge))
    s_edge = schools.edge
    rows = np.concatenate([graph.edge_u[e_ok], s_idx, s_idx])
    cols = np.concatenate([graph.edge_v[e_ok], graph.edge_u[s_edge], graph.edge_v[s_edge]])
    w = np.concatenate([graph.edge_len[e_ok], schools.position_m,
                        graph.edge_len[s_edge] - schools.position_m])
    w = np.maximum(w, 1e-9)  # a zero weight would read as "no edge"
    lo, hi = np.minimum(rows, cols), np.maximum(rows, cols)
    order = np.lexsort((w, hi, lo))
    lo, hi, w = lo[order], hi[order], w[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])  # parallel edges: keep the shortest
    size = r + len(s_edge)
    return csr_matrix((w[first], (lo[first], hi[first])), shape=(size, size))


def school_to_child_distances(
    graph: WalkingGraph,
    schools: Snapped,
    children: Snapped,
    cap_m: float = np.inf,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """Walking metres (children × schools); `inf` where farther than `cap_m` or unreachable."""
    matrix = routing_matrix(graph, schools)
    r = graph.routing_nodes
    n_s = len(schools.edge)
    cu = graph.edge_u[children.edge]
    cv = graph.edge_v[children.edge]
    to_u = children.position_m
    to_v = graph.edge_len[children.edge] - children.position_m
    out = np.empty((len(children.edge), n_s))
    chunk = max(1, int(CHUNK_BYTES // (8 * matrix.shape[0])))
    for lo in range(0, n_s, chunk):
        hi = min(n_s, lo + chunk)
        dist = dijkstra(matrix, directed=False, indices=np.arange(r + lo, r + hi),
                        limit=cap_m)
        block = np.minimum(dist[:, cu] + to_u, dist[:, cv] + to_v).T
        same = children.edge[:, None] == schools.edge[None, lo:hi]
        along = np.abs(children.position_m[:, None] - schools.position_m[None, lo:hi])
        block = np.where(same, np.minimum(block, along), block)
        out[:, lo:hi] = block
        if progress is not None:
            progress(hi, n_s)
    out += children.access_m[:, None] + schools.access_m[None, :]
    if np.isfinite(cap_m):
        out[out > cap_m] = np.inf
    return out
