"""Read walkable ways from an OpenStreetMap file (PBF or XML) with pyosmium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import osmium

from huvudman.streets.walkable import is_walkable


class OsmError(Exception):
    """The OSM file cannot be used; the message says why."""


@dataclass(frozen=True)
class WayData:
    """Walkable ways: node ids and WGS84 positions, ways as ranges into the node lists."""

    node_ids: np.ndarray  # int64, one per way node (repeated where ways share nodes)
    lat: np.ndarray
    lon: np.ndarray
    way_offsets: np.ndarray  # way w uses entries way_offsets[w]:way_offsets[w + 1]
    way_ids: np.ndarray
    skipped_nodes: int  # way nodes without a location in the file


#: What pyosmium raises for a damaged file: unreadable data, an illegal id, a bad coordinate.
_DAMAGED = (RuntimeError, ValueError, osmium.InvalidLocationError)


def read_walkable_ways(path: Path, ferries: bool = False) -> WayData:
    """All walkable ways of an OSM file, with their node positions."""
    path = Path(path)
    if not path.is_file():
        raise OsmError(f"{path}: file not found")
    ids: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    offsets = [0]
    way_ids: list[int] = []
    skipped = 0
    try:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations()
            .with_filter(osmium.filter.KeyFilter("highway", "route"))
        )
        for obj in processor:
            if not obj.is_way() or not is_walkable(obj.tags, ferries):
                continue
            count = 0
            for nd in obj.nodes:
                loc = nd.location
                if not loc.valid():
                    skipped += 1
                    continue
                ids.append(nd.ref)
                lats.append(loc.lat)
                lons.append(loc.lon)
                count += 1
            if count >= 2:
                offsets.append(offsets[-1] + count)
                way_ids.append(obj.id)
            else:
                del ids[len(ids) - count:], lats[len(lats) - count:], lons[len(lons) - count:]
    except _DAMAGED as err:
        raise OsmError(f"{path}: not a readable OSM file ({err})") from None
    if not way_ids:
        raise OsmError(f"{path}: no walkable ways in the file")
    return WayData(
        node_ids=np.asarray(ids, dtype=np.int64),
        lat=np.asarray(lats, dtype=np.float64),
        lon=np.asarray(lons, dtype=np.float64),
        way_offsets=np.asarray(offsets, dtype=np.int64),
        way_ids=np.asarray(way_ids, dtype=np.int64),
        skipped_nodes=skipped,
    )


def read_lines(path: Path, tags: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Ways carrying any of the `key=value` tags (e.g. `waterway=river`), as (lat, lon) arrays."""
    wanted = [tuple(t.split("=", 1)) for t in tags]
    keys = sorted({k for k, _ in wanted})
    out: list[tuple[np.ndarray, np.ndarray]] = []
    try:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations()
            .with_filter(osmium.filter.KeyFilter(*keys))
        )
        for obj in processor:
            if not obj.is_way() or not any(obj.tags.get(k) == v for k, v in wanted):
                continue
            pts = [(nd.location.lat, nd.location.lon) for nd in obj.nodes if nd.location.valid()]
            if len(pts) >= 2:
                arr = np.asarray(pts, dtype=np.float64)
                out.append((arr[:, 0], arr[:, 1]))
    except _DAMAGED as err:
        raise OsmError(f"{path}: not a readable OSM file ({err})") from None
    return out


def read_areas(path: Path, tags: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Outer and inner rings of areas (closed ways, multipolygons) carrying any of the
    `key=value` tags (e.g. `natural=water`), as (lat, lon) arrays."""
    wanted = [tuple(t.split("=", 1)) for t in tags]
    out: list[tuple[np.ndarray, np.ndarray]] = []
    try:
        for obj in osmium.FileProcessor(str(path)).with_areas():
            if not obj.is_area() or not any(obj.tags.get(k) == v for k, v in wanted):
                continue
            for outer in obj.outer_rings():
                for ring in (outer, *obj.inner_rings(outer)):
                    pts = [(nd.lat, nd.lon) for nd in ring if nd.location.valid()]
                    if len(pts) >= 3:
                        arr = np.asarray(pts, dtype=np.float64)
                        out.append((arr[:, 0], arr[:, 1]))
    except _DAMAGED as err:
        raise OsmError(f"{path}: not a readable OSM file ({err})") from None
    return out


def generator_of(path: Path) -> str:
    """The program that wrote an OSM file, from its header ("" when it does not say)."""
    try:
        reader = osmium.io.Reader(str(path), osmium.osm.osm_entity_bits.NOTHING)
    except _DAMAGED as err:
        raise OsmError(f"{path}: {err}") from None
    try:
        return reader.header().get("generator", "") or ""
    finally:
        reader.close()


def attribution(path: Path) -> str:
    """The credit a map drawn from this file must carry: OpenStreetMap data is under the ODbL;
    the streets huvudman generates for its demo need none."""
    return "" if generator_of(path).startswith("huvudman") else "© OpenStreetMap contributors"
