"""Which side of the municipality's barriers each home and school lies on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from huvudman.datafiles.errors import InputError
from huvudman.geo import local_crs, project, project_instance
from huvudman.placement import Instance
from huvudman.placement.barriers import Sides
from huvudman.placement.config import BarrierRule

if TYPE_CHECKING:  # the street modules load pyosmium: only runs with a map pay for that
    from huvudman.streets.network import Network


def barrier_sides(
    instance: Instance, rule: BarrierRule, osm: Path | None, network: Network | None = None
) -> Sides | None:
    """Side labels from the configured barrier lines and the OSM ways and areas named by tag.

    On a walking run (`network` given) the sides are the parts of the street network once every
    street crossing a barrier is cut, so water mapped as areas counts too; otherwise they come
    from straight-line crossings of barrier lines. None when no barrier applies.
    """
    if not rule.lines and not (rule.osm and osm is not None):
        return None  # nothing to read: no street map named, no lines configured
    from huvudman.streets.barriers import reference_point, side_labels
    from huvudman.streets.osm_reader import OsmError, read_areas, read_lines

    latlon = [(np.array([p[0] for p in line]), np.array([p[1] for p in line]))
              for line in rule.lines]
    areas: list[tuple[np.ndarray, np.ndarray]] = []
    if rule.osm and osm is not None:
        try:
            latlon += read_lines(osm, list(rule.osm))
            if network is not None:
                areas = read_areas(osm, list(rule.osm))
        except OsmError as err:
            raise InputError(osm, str(err).removeprefix(f"{osm}: ")) from None
    if not latlon and not areas:
        return None
    if network is not None:
        return _network_sides(instance, network, latlon + areas)
    crs = local_crs(float(np.median(instance.child_lat)), float(np.median(instance.child_lon)))
    lines = [project(lat, lon, crs) for lat, lon in latlon]
    child_xy, school_xy = project_instance(instance, crs)
    ref = reference_point(child_xy, school_xy, *lines)
    return Sides(child=side_labels(child_xy, lines, ref),
                 school=side_labels(school_xy, lines, ref))


def _network_sides(
    instance: Instance, network: Network, barriers: list[tuple[np.ndarray, np.ndarray]]
) -> Sides:
    from huvudman.streets.sides import network_sides
    from huvudman.streets.snapping import SegmentIndex

    labels = network_sides(network.graph, [project(lat, lon, network.crs)
                                           for lat, lon in barriers])
    index = SegmentIndex(network.graph)
    child_xy, school_xy = project_instance(instance, network.crs)
    child, school = index.snap(child_xy), index.snap(school_xy)
    return Sides(child=labels[child.segment], school=labels[school.segment])
