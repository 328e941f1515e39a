"""Walking distances equal networkx's shortest paths on the same, unsimplified graph."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from huvudman.streets.network import load_network
from huvudman.streets.routing import school_to_child_distances
from huvudman.streets.snapping import SegmentIndex

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FILES = ["stockholm_sodermalm_valhalla.osm.pbf", "stockholm_norrmalm_routeapp.osm"]


def _reference(graph, schools, children) -> np.ndarray:
    """networkx on the segment graph, with every snapped point spliced into its segment."""
    g = nx.Graph()
    for u, v, length in zip(graph.seg_u.tolist(), graph.seg_v.tolist(), graph.seg_len.tolist(),
                            strict=True):
        if not g.has_edge(u, v) or g[u][v]["weight"] > length:
            g.add_edge(u, v, weight=length)
    points: dict[int, list[tuple[float, object]]] = {}
    for kind, snap in (("s", schools), ("c", children)):
        for i, (seg, xy) in enumerate(zip(snap.segment.tolist(), snap.xy, strict=True)):
            a = graph.xy[graph.seg_u[seg]]
            t = float(np.hypot(*(xy - a))) if graph.seg_len[seg] else 0.0
            points.setdefault(seg, []).append((t, (kind, i)))
    for seg, items in points.items():
        u, v, length = int(graph.seg_u[seg]), int(graph.seg_v[seg]), float(graph.seg_len[seg])
        chain = [(0.0, u), *sorted(items, key=lambda x: x[0]), (length, v)]
        for (t0, n0), (t1, n1) in itertools.pairwise(chain):
            w = max(t1 - t0, 0.0)
            if not g.has_edge(n0, n1) or g[n0][n1]["weight"] > w:
                g.add_edge(n0, n1, weight=w)
    out = np.full((len(children.edge), len(schools.edge)), np.inf)
    for j in range(len(schools.edge)):
        lengths = nx.single_source_dijkstra_path_length(g, ("s", j), weight="weight")
        for i in range(len(children.edge)):
            d = lengths.get(("c", i))
            if d is not None:
                out[i, j] = d + children.access_m[i] + schools.access_m[j]
    return out


@pytest.mark.parametrize("name", FILES)
def test_walking_distances_equal_networkx_to_the_millimetre(name: str) -> None:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"real OSM extract not found: {path}")
    net = load_network(path)
    graph = net.graph
    rng = np.random.default_rng(3)
    lo, hi = graph.xy.min(axis=0), graph.xy.max(axis=0)
    index = SegmentIndex(graph)
    schools = index.snap(rng.uniform(lo, hi, (6, 2)))
    children = index.snap(rng.uniform(lo, hi, (60, 2)))
    ours = school_to_child_distances(graph, schools, children)
    ref = _reference(graph, schools, children)
    assert np.isfinite(ours).all()
    np.testing.assert_allclose(ours, ref, rtol=0, atol=1e-3)


def test_snapping_finds_the_nearest_point_not_the_nearest_node() -> None:
    path = DATA / FILES[0]
    if not path.exists():
        pytest.skip(f"real OSM extract not found: {path}")
    graph = load_network(path).graph
    index = SegmentIndex(graph)
    rng = np.random.default_rng(8)
    pts = rng.uniform(graph.xy.min(axis=0), graph.xy.max(axis=0), (200, 2))
    snapped = index.snap(pts)
    a, b = graph.xy[graph.seg_u], graph.xy[graph.seg_v]
    for p, d in zip(pts, snapped.access_m, strict=True):
        ab = b - a
        t = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab),
                                                                    1e-12), 0, 1)
        brute = np.hypot(*(p - (a + ab * t[:, None])).T).min()
        assert d == pytest.approx(brute, abs=1e-6)
