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

    def __init__(self, graph: WalkingGraph, origin: Snapped,
                 shapes: EdgeShapes | None = None) -> None:
        """`shapes` may be shared by all routers on one graph (it is built once per graph)."""
        if len(origin.edge) != 1:
            raise ValueError("a router starts from exactly one point")
        self.graph = graph
        self.origin = origin
        matrix = routing_matrix(graph, origin)
        self.source = graph.routing_nodes
        self.dist, self.pred = dijkstra(matrix, directed=False, indices=self.source,
                                        return_predecessors=True)
        self.shapes = shapes or EdgeShapes(graph)

    def route(self, destination: Snapped, i: int = 0) -> tuple[np.ndarray, float]:
        """The walk to destination `i`: a polyline (x, y metres) along the streets from where
        the origin meets them to where the destination does, and the walking distance in metres
        (which also counts the two walks between street and door)."""
        g = self.graph
        e_d, p_d = int(destination.edge[i]), float(destination.position_m[i])
        e_o, p_o = int(self.origin.edge[0]), float(self.origin.position_m[0])
        u, v, length = int(g.edge_u[e_d]), int(g.edge_v[e_d]), float(g.edge_len[e_d])
        via_u, via_v, direct = (float(way[0]) for way in self._ways(
            destination.edge[i:i + 1], destination.position_m[i:i + 1]))
        best = min(via_u, via_v, direct)
        if not np.isfinite(best):
            raise ValueError("no walking route between these points")
        if best == direct:
            line = self.shapes.along(e_o, p_o, p_d)
        else:
            end_node = u if via_u <= via_v else v
            nodes = self._nodes_to(end_node)  # routing nodes from the first after the origin
            first = nodes[0]
            along = self.shapes.along
            pieces = [along(e_o, p_o, 0.0 if first == g.edge_u[e_o] else
                            float(g.edge_len[e_o]))]
            for a, b in itertools.pairwise(nodes):
                e = self.shapes.edge_between[min(a, b), max(a, b)]
                start = 0.0 if g.edge_u[e] == a else float(g.edge_len[e])
                pieces.append(along(e, start, float(g.edge_len[e]) - start))
            pieces.append(along(e_d, 0.0 if end_node == u else length, p_d))
            line = np.vstack(pieces)
        path = np.vstack([self.origin.xy[0][None, :], line, destination.xy[i][None, :]])
        total = float(best + self.origin.access_m[0] + destination.access_m[i])
        return path, total

    def lengths(self, destinations: Snapped) -> np.ndarray:
        """The walking distance to every destination at once (inf where none), as `route`
        measures it, without drawing the walks."""
        via_u, via_v, direct = self._ways(destinations.edge, destinations.position_m)
        best = np.minimum(np.minimum(via_u, via_v), direct)
        return best + self.origin.access_m[0] + destinations.access_m

    def _ways(self, edge: np.ndarray, position: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Metres along the streets from the origin to points at `position` on routing edges
        `edge`: through each end node of their edge, and straight along the origin's own edge
        (inf for points on any other edge)."""
        g = self.graph
        e_o, p_o = int(self.origin.edge[0]), float(self.origin.position_m[0])
        via_u = self.dist[g.edge_u[edge]] + position
        via_v = self.dist[g.edge_v[edge]] + (g.edge_len[edge] - position)
        direct = np.where(edge == e_o, np.abs(position - p_o), np.inf)
        return via_u, via_v, direct

    def _nodes_to(self, node: int) -> list[int]:
        nodes = []
        while node != self.source:
            nodes.append(node)
            node = int(self.pred[node])
        return nodes[::-1]


class EdgeShapes:
    """The drawn shape of every routing edge, indexed once per graph: which edge joins two
    routing nodes (the shortest, when several do) and the segments along each edge."""

    def __init__(self, graph: WalkingGraph) -> None:
        g = self.graph = graph
        a, b = np.minimum(g.edge_u, g.edge_v), np.maximum(g.edge_u, g.edge_v)
        order = np.lexsort((g.edge_len, b, a))
        first = np.ones(len(order), dtype=bool)
        first[1:] = (a[order][1:] != a[order][:-1]) | (b[order][1:] != b[order][:-1])
        best = order[first]
        self.edge_between: dict[tuple[int, int], int] = dict(
            zip(zip(a[best].tolist(), b[best].tolist(), strict=True), best.tolist(), strict=True))
        self._segs = np.lexsort((g.seg_offset, g.seg_edge))
        self._start = np.searchsorted(g.seg_edge[self._segs], np.arange(len(g.edge_u) + 1))

    def polyline(self, edge: int) -> tuple[np.ndarray, np.ndarray]:
        """The points of a routing edge from its first node to its last, and their positions."""
        g = self.graph
        segs = self._segs[self._start[edge]:self._start[edge + 1]]
        fwd = g.seg_forward[segs]
        start = np.where(fwd, g.seg_u[segs], g.seg_v[segs])
        end = np.where(fwd, g.seg_v[segs], g.seg_u[segs])
        nodes = np.concatenate([start[:1], end])
        pos = np.concatenate([[0.0], g.seg_offset[segs] + g.seg_len[segs]])
        return g.xy[nodes], pos

    def along(self, edge: int, a: float, b: float) -> np.ndarray:
        """The part of an edge between positions a and b (in that order of walking)."""
        xy, pos = self.polyline(edge)
        lo, hi = min(a, b), max(a, b)
        inside = (pos > lo) & (pos < hi)
        x = np.interp([lo, *pos[inside], hi], pos, xy[:, 0])
        y = np.interp([lo, *pos[inside], hi], pos, xy[:, 1])
        line = np.column_stack([x, y])
        return line if a <= b else line[::-1]


class StreetWindow:
    """The street segments of a graph sorted by x, so the streets inside a map's window are
    found without scanning them all."""

    def __init__(self, graph: WalkingGraph) -> None:
        segments = np.stack([graph.xy[graph.seg_u], graph.xy[graph.seg_v]], axis=1)
        order = np.argsort(segments[:, :, 0].min(axis=1))
        self.segments = segments[order]
        self.min_x = self.segments[:, :, 0].min(axis=1)
        self.longest = float(np.ptp(segments[:, :, 0], axis=1).max()) if len(segments) else 0.0

    def within(self, window: tuple[float, float, float, float]) -> np.ndarray:
        """Segments (k, 2, 2) that reach into the window (x0, y0, x1, y1)."""
        x0, y0, x1, y1 = window
        lo = np.searchsorted(self.min_x, x0 - self.longest)
        hi = np.searchsorted(self.min_x, x1, side="right")
        s = self.segments[lo:hi]
        keep = ((s[:, :, 0].max(axis=1) >= x0) & (s[:, :, 1].max(axis=1) >= y0)
                & (s[:, :, 1].min(axis=1) <= y1))
        return s[keep]
