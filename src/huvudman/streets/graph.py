"""The walking network: OSM ways → nodes and segments in metres → routing edges.

Built in three steps: every pair of consecutive way nodes is a *segment*; only the largest
connected part of the network is kept (what was dropped is reported); chains of segments
through nodes where nothing branches are merged into one routing *edge*, which shrinks the
graph the searches run on several times over while every point on every segment stays
reachable at its exact position along its edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


@dataclass(frozen=True)
class BuildReport:
    """What the build kept and dropped."""

    ways: int
    nodes: int
    segments: int
    kept_nodes: int
    kept_segments: int
    components: int
    routing_nodes: int
    routing_edges: int

    @property
    def dropped_nodes(self) -> int:
        """Nodes outside the largest connected part."""
        return self.nodes - self.kept_nodes


@dataclass(frozen=True)
class WalkingGraph:
    """Segments (for snapping and geometry) and routing edges (for searching), in metres.

    Segment i runs from node `seg_u[i]` to `seg_v[i]`, `seg_len[i]` long; it lies on routing
    edge `seg_edge[i]`, starting `seg_offset[i]` metres along it, in the edge's direction when
    `seg_forward[i]`. Routing edge j joins routing nodes `edge_u[j]` and `edge_v[j]`.
    """

    xy: np.ndarray  # (nodes, 2) projected positions of all kept nodes
    osm_ids: np.ndarray  # OSM node id of each kept node
    seg_u: np.ndarray
    seg_v: np.ndarray
    seg_len: np.ndarray
    seg_edge: np.ndarray
    seg_offset: np.ndarray
    seg_forward: np.ndarray
    edge_u: np.ndarray  # routing node index (0..routing_nodes-1)
    edge_v: np.ndarray
    edge_len: np.ndarray
    routing_node_of: np.ndarray  # kept node → routing node index, -1 inside a chain
    report: BuildReport

    @property
    def routing_nodes(self) -> int:
        """Number of nodes the searches run on."""
        return self.report.routing_nodes


def build_graph(
    node_ids: np.ndarray, xy: np.ndarray, way_offsets: np.ndarray
) -> WalkingGraph:
    """Build the walking graph from way node lists (OSM ids and projected positions)."""
    uniq, first, inverse = np.unique(node_ids, return_index=True, return_inverse=True)
    node_xy = xy[first]
    starts, ends = way_offsets[:-1], way_offsets[1:]
    pos = np.arange(len(node_ids) - 1)
    same_way = np.ones(len(pos), dtype=bool)
    same_way[ends[:-1] - 1] = False  # last node of a way does not link to the next way
    a = inverse[pos[same_way]]
    b = inverse[pos[same_way] + 1]
    keep = a != b
    a, b = a[keep], b[keep]
    n_nodes = len(uniq)
    adjacency = coo_matrix((np.ones(len(a)), (a, b)), shape=(n_nodes, n_nodes))
    n_comp, label = connected_components(adjacency, directed=False)
    sizes = np.bincount(label[np.unique(np.concatenate([a, b]))], minlength=n_comp)
    main = int(np.argmax(sizes))
    in_main = label == main
    seg_keep = in_main[a]
    new_index = np.full(n_nodes, -1, dtype=np.int64)
    kept = np.flatnonzero(in_main & np.isin(np.arange(n_nodes), np.concatenate([a, b])))
    new_index[kept] = np.arange(len(kept))
    seg_u = new_index[a[seg_keep]]
    seg_v = new_index[b[seg_keep]]
    kxy = node_xy[kept]
    seg_len = np.hypot(*(kxy[seg_u] - kxy[seg_v]).T)
    contracted = _contract(len(kept), seg_u, seg_v, seg_len)
    report = BuildReport(
        ways=len(starts), nodes=n_nodes, segments=len(a), kept_nodes=len(kept),
        kept_segments=len(seg_u), components=int(n_comp),
        routing_nodes=int(contracted[5].max() + 1) if len(seg_u) else 0,
        routing_edges=len(contracted[0]),
    )
    edge_u, edge_v, edge_len, seg_edge, seg_offset_fwd, routing_of = contracted
    return WalkingGraph(
        xy=kxy, osm_ids=uniq[kept], seg_u=seg_u, seg_v=seg_v, seg_len=seg_len,
        seg_edge=seg_edge, seg_offset=seg_offset_fwd[0], seg_forward=seg_offset_fwd[1],
        edge_u=edge_u, edge_v=edge_v, edge_len=edge_len, routing_node_of=routing_of,
        report=report,
    )


def _contract(
    n: int, seg_u: np.ndarray, seg_v: np.ndarray, seg_len: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray],
           np.ndarray]:
    """Merge chains through nodes of degree two into single routing edges."""
    degree = np.bincount(np.concatenate([seg_u, seg_v]), minlength=n)
    # incident segments of each node, as (segment, other end) lists
    ends = np.concatenate([seg_u, seg_v])
    segs = np.concatenate([np.arange(len(seg_u)), np.arange(len(seg_u))])
    others = np.concatenate([seg_v, seg_u])
    order = np.argsort(ends, kind="stable")
    starts = np.searchsorted(ends[order], np.arange(n + 1))
    inc_seg = segs[order].tolist()
    inc_other = others[order].tolist()
    start_l = starts.tolist()
    pinned = degree != 2
    if not pinned.any() and n:
        pinned[0] = True  # the whole network is one loop
    pinned_l = pinned.tolist()
    seg_u_l, seg_len_l = seg_u.tolist(), seg_len.tolist()
    seg_edge = [-1] * len(seg_u)
    seg_offset = [0.0] * len(seg_u)
    seg_forward = [True] * len(seg_u)
    edge_u: list[int] = []
    edge_v: list[int] = []
    edge_len: list[float] = []
    for node in np.flatnonzero(pinned).tolist():
        for k in range(start_l[node], start_l[node + 1]):
            s = inc_seg[k]
            if seg_edge[s] >= 0:
                continue
            e = len(edge_u)
            here, nxt, length = node, inc_other[k], 0.0
            while True:
                seg_edge[s] = e
                seg_offset[s] = length
                seg_forward[s] = seg_u_l[s] == here
                length += seg_len_l[s]
                if pinned_l[nxt]:
                    break
                a, b = start_l[nxt], start_l[nxt] + 1
                s = inc_seg[b] if inc_seg[a] == s else inc_seg[a]
                here, nxt = nxt, (inc_other[b] if inc_seg[a] != s else inc_other[a])
                if seg_edge[s] >= 0:  # a loop back into this chain
                    break
            edge_u.append(node)
            edge_v.append(nxt)
            edge_len.append(length)
    routing_of = np.full(n, -1, dtype=np.int64)
    routing_of[pinned] = np.arange(int(pinned.sum()))
    eu = routing_of[np.asarray(edge_u, dtype=np.int64)]
    ev = routing_of[np.asarray(edge_v, dtype=np.int64)]
    return (eu, ev, np.asarray(edge_len), np.asarray(seg_edge, dtype=np.int64),
            (np.asarray(seg_offset), np.asarray(seg_forward, dtype=bool)), routing_of)
