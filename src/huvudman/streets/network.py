"""Load a walking network from an OSM file: read, project, build."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from huvudman.geo import local_crs, project
from huvudman.streets.graph import WalkingGraph, build_graph
from huvudman.streets.osm_reader import read_walkable_ways


@dataclass(frozen=True)
class Network:
    """A walking graph with the projection its metres are in and a fingerprint of its source."""

    graph: WalkingGraph
    crs: str
    fingerprint: str
    source: Path


def load_network(path: Path, ferries: bool = False) -> Network:
    """Read an OSM file (PBF or XML) and build its walking graph in local metres."""
    path = Path(path)
    ways = read_walkable_ways(path, ferries)
    crs = local_crs(float(np.median(ways.lat)), float(np.median(ways.lon)))
    xy = project(ways.lat, ways.lon, crs)
    graph = build_graph(ways.node_ids, xy, ways.way_offsets)
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(f"ferries={ferries};crs={crs};v1".encode())
    return Network(graph=graph, crs=crs, fingerprint=digest.hexdigest(), source=path)
