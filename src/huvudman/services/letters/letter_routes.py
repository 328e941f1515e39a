"""Walking routes for the letters of a run: the run's own input files, checked by their hashes,
routed on the same street network the run measured with."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import read_instance
from huvudman.geo import project_instance
from huvudman.letters.route_map import map_window
from huvudman.services.streets.distance_sources import open_network

INPUT_NAMES = ("schools", "children", "osm")


@dataclass(frozen=True)
class LetterRoute:
    """One child's walk to the school received, and the streets its map shows."""

    route: np.ndarray  # (x, y) metres from school to home
    streets: np.ndarray  # (k, 2, 2) street segments within the map's window
    window: tuple[float, float, float, float]
    length_m: float
    attribution: str  # the credit the street data needs on a map ("" for generated streets)


def run_inputs(run: Mapping, inputs_dir: Path) -> dict[str, Path]:
    """The run's input files in `inputs_dir`, each checked against the hash the run recorded."""
    recorded = run.get("inputs", {}).get("files", {})
    paths: dict[str, Path] = {}
    for key in INPUT_NAMES:
        entry = recorded.get(key)
        if entry is None:
            raise InputError(inputs_dir, f"the run names no {key} file, so no routes can be drawn")
        path = Path(inputs_dir) / entry["name"]
        if not path.is_file():
            raise InputError(path, f"not found: the run's {key} file ({entry['name']}) must be "
                             "in the folder given with --inputs")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            raise InputError(path, f"is not the {key} file this run placed with (its sha256 "
                             f"is {digest[:12]}…, the run recorded {entry['sha256'][:12]}…)")
        paths[key] = path
    return paths


def letter_routes(
    run: Mapping,
    placements: Mapping[str, str],
    inputs_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> dict[str, LetterRoute]:
    """Routes from each child's home to the school received, for every child whose letter may
    show one (not protected, placed, walking run), keyed by child id."""
    from huvudman.streets.distances import snap_within
    from huvudman.streets.osm_reader import attribution
    from huvudman.streets.routes import EdgeShapes, Router, StreetWindow
    from huvudman.streets.snapping import SegmentIndex, Snapped

    paths = run_inputs(run, inputs_dir)
    instance = read_instance(paths["schools"], paths["children"])
    walking = run.get("walking", {})
    network = open_network(paths["osm"], bool(walking.get("ferries", False)))
    graph = network.graph
    child_xy, school_xy = project_instance(instance, network.crs)
    limit = float(walking.get("snap_limit_m", 500.0))
    index = SegmentIndex(graph)
    school_at = snap_within(index, school_xy, limit, "schools")
    school_of = {s.school_id: i for i, s in enumerate(instance.schools)}
    by_school: dict[int, list[int]] = defaultdict(list)
    for c, cid in enumerate(instance.child_ids):
        s = school_of.get(placements.get(cid, ""), -1)
        if s >= 0 and not instance.protected[c]:
            by_school[s].append(c)
    wanted = sorted(c for kids in by_school.values() for c in kids)
    homes = snap_within(index, child_xy[wanted], limit, "children")
    row_of = {c: i for i, c in enumerate(wanted)}
    streets = StreetWindow(graph)
    credit = attribution(paths["osm"])
    shapes = EdgeShapes(graph)
    routes: dict[str, LetterRoute] = {}
    for s, kids in sorted(by_school.items()):
        one = Snapped(*(np.asarray(field)[s:s + 1] for field in (
            school_at.segment, school_at.edge, school_at.position_m, school_at.access_m,
            school_at.xy)))
        router = Router(graph, one, shapes)
        for c in kids:
            line, length = router.route(homes, row_of[c])
            window = map_window(line)
            routes[instance.child_ids[c]] = LetterRoute(line, streets.within(window), window,
                                                        length, credit)
            if progress:
                progress(1)
    return routes
