"""Choosing and building the distance source of a run: straight lines or walking routes."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from huvudman.datafiles.errors import InputError
from huvudman.datafiles.inputs import CHILD_COLUMNS, SCHOOL_COLUMNS, line_of
from huvudman.geo import SWEREF, project_instance
from huvudman.placement import Instance, StraightLineDistances
from huvudman.placement.distance import DistanceSource

if TYPE_CHECKING:  # the street modules load pyosmium: only walking runs pay for that
    from huvudman.streets.distances import OffNetwork, WalkingDistances
    from huvudman.streets.network import Network

SNAP_LIMIT_M = 500.0
DISTANCE_KINDS = ("walking", "straight")


def straight_distances(instance: Instance) -> StraightLineDistances:
    """Straight-line distances in SWEREF 99 TM for an instance."""
    return StraightLineDistances(*project_instance(instance, SWEREF))


def open_network(osm: Path, ferries: bool = False) -> Network:
    """Load an OSM file (once per file version), turning its problems into input errors."""
    try:
        stat = osm.stat()
    except OSError:
        raise InputError(osm, "file not found") from None
    return _load(osm.resolve(), stat.st_size, stat.st_mtime_ns, ferries)


@lru_cache(maxsize=2)
def _load(osm: Path, _size: int, _mtime: int, ferries: bool) -> Network:
    from huvudman.streets.network import load_network
    from huvudman.streets.osm_reader import OsmError

    try:
        return load_network(osm, ferries)
    except OsmError as err:
        raise InputError(osm, str(err).removeprefix(f"{osm}: ")) from None


def walking_distances(
    instance: Instance,
    network: Network,
    schools_path: Path,
    children_path: Path,
    progress: Callable[[int, int], None] | None = None,
    snap_limit_m: float = SNAP_LIMIT_M,
) -> WalkingDistances:
    """Walking distances for every child and school (cached on disk)."""
    from huvudman.streets.cache import cached, fingerprint
    from huvudman.streets.distances import OffNetwork, WalkingDistances

    child_xy, school_xy = project_instance(instance, network.crs)
    key = fingerprint(network.fingerprint, child_xy.tobytes(), school_xy.tobytes(),
                      f"snap={snap_limit_m}")

    def compute() -> np.ndarray:
        try:
            return WalkingDistances.compute(network.graph, child_xy, school_xy, snap_limit_m,
                                            progress).matrix
        except OffNetwork as err:
            raise _off_network(err, instance, schools_path, children_path,
                               snap_limit_m) from None

    matrix, _ = cached(key, compute)
    return WalkingDistances(matrix)


def _off_network(
    err: OffNetwork, instance: Instance, schools_path: Path, children_path: Path, limit_m: float
) -> InputError:
    i, metres = err.which[0], err.distances[0]
    if err.kind == "schools":
        sid = instance.schools[i].school_id
        line = line_of(schools_path, SCHOOL_COLUMNS, "school_id", sid)
        who, path = f"school {sid}", schools_path
    else:
        cid = instance.child_ids[i]
        line = line_of(children_path, CHILD_COLUMNS, "child_id", cid)
        who, path = f"child {cid}", children_path
    more = f" ({len(err.which) - 1} more like it)" if len(err.which) > 1 else ""
    return InputError(path, f"{who} is {metres:.0f} m from the nearest walkable way (the limit "
                      f"is {limit_m:.0f} m): is it outside the map?{more}", line=line,
                      column="lat")


def distance_source(
    instance: Instance,
    osm: Path | None,
    kind: str | None,
    schools_path: Path,
    children_path: Path,
    progress: Callable[[int, int], None] | None = None,
    snap_limit_m: float = SNAP_LIMIT_M,
    ferries: bool = False,
) -> DistanceSource:
    """Walking distances when an OSM file is given (unless straight is asked for)."""
    kind = kind or ("walking" if osm is not None else "straight")
    if kind not in DISTANCE_KINDS:
        raise InputError("--distance", f"must be walking or straight, not {kind!r}")
    if kind == "straight":
        return straight_distances(instance)
    if osm is None:
        raise InputError("--distance", "walking distance needs a street network: --osm FILE")
    return walking_distances(instance, open_network(osm, ferries), schools_path, children_path,
                             progress, snap_limit_m)
