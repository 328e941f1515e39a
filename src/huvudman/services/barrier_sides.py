"""Which side of the municipality's barriers each home and school lies on."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from huvudman.datafiles.errors import InputError
from huvudman.geo import local_crs, project
from huvudman.placement import Instance
from huvudman.placement.barriers import Sides
from huvudman.placement.config import BarrierRule


def barrier_sides(instance: Instance, rule: BarrierRule, osm: Path | None) -> Sides | None:
    """Side labels from the configured barrier lines and the OSM ways named by tag.

    None when no barrier applies (none declared, or only OSM ones and no map given).
    """
    from huvudman.streets.barriers import reference_point, side_labels
    from huvudman.streets.osm_reader import OsmError, read_lines

    latlon = [(np.array([p[0] for p in line]), np.array([p[1] for p in line]))
              for line in rule.lines]
    if rule.osm and osm is not None:
        try:
            latlon += read_lines(osm, list(rule.osm))
        except OsmError as err:
            raise InputError(osm, str(err).removeprefix(f"{osm}: ")) from None
    if not latlon:
        return None
    crs = local_crs(float(np.median(instance.child_lat)), float(np.median(instance.child_lon)))
    lines = [project(lat, lon, crs) for lat, lon in latlon]
    child_xy = project(instance.child_lat, instance.child_lon, crs)
    school_xy = project(np.array([s.lat for s in instance.schools]),
                        np.array([s.lon for s in instance.schools]), crs)
    ref = reference_point(child_xy, school_xy, *lines)
    return Sides(child=side_labels(child_xy, lines, ref),
                 school=side_labels(school_xy, lines, ref))
