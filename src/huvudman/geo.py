"""Coordinates: WGS84 in the files, SWEREF 99 TM (EPSG:3006) metres in every computation."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Transformer

#: The area where SWEREF 99 TM is defined (Sweden), as (south, west, north, east) in degrees.
SWEREF_BOUNDS = (54.96, 10.03, 69.07, 24.17)


SWEREF = "EPSG:3006"


@lru_cache(maxsize=8)
def _transformer(crs: str, inverse: bool) -> Transformer:
    if inverse:
        return Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def local_crs(lat: float, lon: float) -> str:
    """SWEREF 99 TM inside Sweden; elsewhere the UTM zone of the point (for foreign test data)."""
    if in_sweref_area(lat, lon):
        return SWEREF
    zone = int((lon + 180) // 6) + 1
    return f"EPSG:{32600 + zone if lat >= 0 else 32700 + zone}"


def project(lat: np.ndarray, lon: np.ndarray, crs: str = SWEREF) -> np.ndarray:
    """Project WGS84 latitude/longitude to metres (x = easting, y = northing) in `crs`."""
    x, y = _transformer(crs, False).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.column_stack([x, y])


def project_instance(instance, crs: str = SWEREF) -> tuple[np.ndarray, np.ndarray]:
    """Homes and schools of a placement instance in metres: (child_xy, school_xy)."""
    lat = np.array([s.lat for s in instance.schools], dtype=np.float64)
    lon = np.array([s.lon for s in instance.schools], dtype=np.float64)
    return (project(instance.child_lat, instance.child_lon, crs), project(lat, lon, crs))


def to_wgs84(xy: np.ndarray, crs: str = SWEREF) -> tuple[np.ndarray, np.ndarray]:
    """Back from projected metres to (lat, lon) degrees."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    lon, lat = _transformer(crs, True).transform(xy[:, 0], xy[:, 1])
    return np.asarray(lat), np.asarray(lon)


def in_sweref_area(lat: float, lon: float) -> bool:
    """True when a point lies where SWEREF 99 TM is valid."""
    south, west, north, east = SWEREF_BOUNDS
    return south <= lat <= north and west <= lon <= east
