"""Streets benchmark: walking distances on a whole country's network, against networkx.

Prints, from one run on the Andorra extract in ../shared/data: the time to read the OSM file and
build the walking graph, its size, and the time for walking distances from 10,000 homes to 150
schools placed on the network — against networkx's single-source Dijkstra per school on the
same unsimplified graph (what a user writes by hand), with the largest difference between the
two and the peak memory of huvudman's part.

Run:  .venv/bin/python bench/streets_bench.py [--peer-schools N]
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import networkx as nx
import numpy as np

from huvudman.streets.network import load_network
from huvudman.streets.osm_reader import read_walkable_ways
from huvudman.streets.routing import school_to_child_distances
from huvudman.streets.snapping import SegmentIndex

ANDORRA = Path(__file__).resolve().parents[2] / "shared" / "data" / (
    "andorra_2021-06-22_worldkg.osm.pbf")


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--osm", type=Path, default=ANDORRA)
    parser.add_argument("--homes", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=150)
    parser.add_argument("--peer-schools", type=int, default=150,
                        help="schools to time networkx on (fewer: the rest is extrapolated)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    net = load_network(args.osm)
    build_s = time.perf_counter() - t0
    g = net.graph
    r = g.report
    print(f"{args.osm.name}: read and built in {build_s:.2f} s — {r.kept_nodes:,} nodes and "
          f"{r.kept_segments:,} segments kept of {r.nodes:,} / {r.segments:,} "
          f"({r.components - 1} smaller parts dropped); {r.routing_nodes:,} routing nodes and "
          f"{r.routing_edges:,} routing edges after merging chains")

    rng = np.random.default_rng(2024)
    home_nodes = rng.choice(len(g.xy), args.homes)
    school_nodes = rng.choice(len(g.xy), args.schools, replace=False)
    t0 = time.perf_counter()
    index = SegmentIndex(g)
    homes = index.snap(g.xy[home_nodes])
    schools = index.snap(g.xy[school_nodes])
    snap_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    ours = school_to_child_distances(g, schools, homes)
    route_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total_s = build_s + snap_s + route_s
    print(f"huvudman: {args.homes:,} homes × {args.schools} schools — snap {snap_s:.2f} s, "
          f"distances {route_s:.2f} s; with the build {total_s:.2f} s in all; "
          f"peak memory {peak_mb:.0f} MB")

    t0 = time.perf_counter()
    read_walkable_ways(args.osm)  # the by-hand route reads the same file with the same reader
    peer_read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = nx.Graph()
    for u, v, w in zip(g.seg_u.tolist(), g.seg_v.tolist(), g.seg_len.tolist(), strict=True):
        if not graph.has_edge(u, v) or graph[u][v]["weight"] > w:
            graph.add_edge(u, v, weight=w)
    peer_build_s = time.perf_counter() - t0
    peer = min(args.peer_schools, args.schools)
    theirs = np.full((args.homes, peer), np.inf)
    home_list = home_nodes.tolist()
    t0 = time.perf_counter()
    for j in range(peer):
        lengths = nx.single_source_dijkstra_path_length(graph, int(school_nodes[j]),
                                                        weight="weight")
        theirs[:, j] = [lengths.get(h, np.inf) for h in home_list]
    peer_s = time.perf_counter() - t0
    per_school = peer_s / peer
    full_s = per_school * args.schools
    label = "measured" if peer == args.schools else f"extrapolated from {peer} schools"
    diff = np.abs(ours[:, :peer] - theirs)
    finite = np.isfinite(theirs)
    same_reach = bool((np.isfinite(ours[:, :peer]) == finite).all())
    print(f"networkx single-source Dijkstra: {per_school:.2f} s per school, {full_s:.1f} s for "
          f"{args.schools} ({label})")
    peer_all_s = peer_read_s + peer_build_s + full_s
    print(f"networkx in all (same reader {peer_read_s:.2f} s, building its graph "
          f"{peer_build_s:.2f} s, searches): {peer_all_s:.1f} s")
    print(f"ratio networkx / huvudman: {full_s / route_s:,.0f}x on the searches, "
          f"{full_s / (snap_s + route_s):,.0f}x searches with snapping, "
          f"{peer_all_s / total_s:,.0f}x in all (read, build, snap, search)")
    print(f"largest difference: {diff[finite].max():.6f} m over {finite.sum():,} pairs; "
          f"same pairs reachable: {same_reach}")


if __name__ == "__main__":
    main()
