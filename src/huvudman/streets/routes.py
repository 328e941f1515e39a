"""Route geometry on demand: the walk itself, as a line, for letters and maps."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.sparse.csgraph import dijkstra

from huvudman.streets.graph import WalkingGraph
from huvudman.streets.routing import routing_matrix
from huvudman.streets.snapping import Snapped


class Router:
    """Walking routes from one origin (a school) to any number of destinations (homes)."""

    def __init__(self, graph: WalkingGraph, origin: Snapped) -> None:
        if len(origin.edge) != 1:
            raise ValueError("a router starts from exactly one point")
        self.graph = graph
        self.origin = origin
        matrix = routing_matrix(graph, origin)
        self.source = graph.routing_nodes
        self.dist, self.pred = dijkstra(matrix, directed=False, indices=self.source,
                                        return_predecessors=True)
        self._edge_of_pair = _shortest_edge_between(graph)

    def route(self, destination: Snapped, i: int = 0) -> tuple[np.ndarray, float]:
        """The walk to destination `i`: a polyline (x, y metres) along the streets from where
        the origin meets them to where the destination does, and the walking distance in metres
        (which also counts the two walks between street and door)."""
        g = self.graph
        e_d, p_d = int(destination.edge[i]), float(destination.position_m[i])
        e_o, p_o = int(self.origin.edge[0]), float(self.origin.position_m[0])
        u, v, length = int(g.edge_u[e_d]), int(g.edge_v[e_d]), float(g.edge_len[e_d])
        via_u, via_v = self.dist[u] + p_d, self.dist[v] + (length - p_d)
        direct = abs(p_d - p_o) if e_d == e_o else np.inf
        best = min(via_u, via_v, direct)
        if not np.isfinite(best):
            raise ValueError("no walking route between these points")
        if best == direct:
            line = _along(g, e_o, p_o, p_d)
        else:
            end_node = u if via_u <= via_v else v
            nodes = self._nodes_to(end_node)  # routing nodes from the first after the origin
            first = nodes[0]
            pieces = [_along(g, e_o, p_o, 0.0 if first == g.edge_u[e_o] else
                             float(g.edge_len[e_o]))]
            for a, b in itertools.pairwise(nodes):
                e = self._edge_of_pair[min(a, b), max(a, b)]
                start = 0.0 if g.edge_u[e] == a else float(g.edge_len[e])
                pieces.append(_along(g, e, start, float(g.edge_len[e]) - start))
            pieces.append(_along(g, e_d, 0.0 if end_node == u else length, p_d))
            line = np.vstack(pieces)
        path = np.vstack([self.origin.xy[0][None, :], line, destination.xy[i][None, :]])
        total = float(best + self.origin.access_m[0] + destination.access_m[i])
        return path, total

    def _nodes_to(self, node: int) -> list[int]:
        nodes = []
        while node != self.source:
            nodes.append(node)
            node = int(self.pred[node])
        return nodes[::-1]


def _shortest_edge_between(g: WalkingGraph) -> dict[tuple[int, int], int]:
    best: dict[tuple[int, int], int] = {}
    for e, (a, b, w) in enumerate(zip(g.edge_u.tolist(), g.edge_v.tolist(),
                                      g.edge_len.tolist(), strict=True)):
        key = (min(a, b), max(a, b))
        if key not in best or g.edge_len[best[key]] > w:
            best[key] = e
    return best


def edge_polyline(g: WalkingGraph, edge: int) -> tuple[np.ndarray, np.ndarray]:
    """The points of a routing edge from its first node to its last, and their positions."""
    segs = np.flatnonzero(g.seg_edge == edge)
    segs = segs[np.argsort(g.seg_offset[segs])]
    fwd = g.seg_forward[segs]
    start = np.where(fwd, g.seg_u[segs], g.seg_v[segs])
    end = np.where(fwd, g.seg_v[segs], g.seg_u[segs])
    nodes = np.concatenate([start[:1], end])
    pos = np.concatenate([[0.0], g.seg_offset[segs] + g.seg_len[segs]])
    return g.xy[nodes], pos


def _along(g: WalkingGraph, edge: int, a: float, b: float) -> np.ndarray:
    """The part of an edge between positions a and b (in that order of walking)."""
    xy, pos = edge_polyline(g, edge)
    lo, hi = min(a, b), max(a, b)
    inside = (pos > lo) & (pos < hi)
    x = np.interp([lo, *pos[inside], hi], pos, xy[:, 0])
    y = np.interp([lo, *pos[inside], hi], pos, xy[:, 1])
    line = np.column_stack([x, y])
    return line if a <= b else line[::-1]
