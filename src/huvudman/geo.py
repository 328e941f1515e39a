"""Coordinates: WGS84 in the files, SWEREF 99 TM (EPSG:3006) metres in every computation."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Transformer

#: The area where SWEREF 99 TM is defined (Sweden), as (south, west, north, east) in degrees.
SWEREF_BOUNDS = (54.96, 10.03, 69.07, 24.17)


@lru_cache(maxsize=2)
def _transformer(inverse: bool) -> Transformer:
    if inverse:
        return Transformer.from_crs("EPSG:3006", "EPSG:4326", always_xy=True)
    return Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)


def to_sweref(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Project WGS84 latitude/longitude to SWEREF 99 TM (x = easting, y = northing), metres."""
    x, y = _transformer(False).transform(np.asarray(lon, float), np.asarray(lat, float))
    return np.column_stack([x, y])


def to_wgs84(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Back from SWEREF 99 TM metres to (lat, lon) degrees."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    lon, lat = _transformer(True).transform(xy[:, 0], xy[:, 1])
    return np.asarray(lat), np.asarray(lon)


def in_sweref_area(lat: float, lon: float) -> bool:
    """True when a point lies where SWEREF 99 TM is valid."""
    south, west, north, east = SWEREF_BOUNDS
    return south <= lat <= north and west <= lon <= east
