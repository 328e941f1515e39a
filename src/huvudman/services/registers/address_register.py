"""The municipality's address register: the address points of its OpenStreetMap extract (the
same file its walks are measured on), read once per process, to find homes given as
addresses."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from huvudman.addresses.index import AddressIndex
from huvudman.addresses.osm import read_addresses
from huvudman.datafiles.register import Geocoder


@lru_cache(maxsize=2)
def _index(path: str, _stamp: float) -> AddressIndex:
    points, _unreadable = read_addresses(Path(path))
    return AddressIndex(points)


def address_index(osm: Path) -> AddressIndex:
    """The address points of the extract (read again when the file changes)."""
    return _index(str(osm), Path(osm).stat().st_mtime)


def geocoder(osm: Path | None) -> Geocoder | None:
    """What finds a home from its address in the extract (None without one)."""
    if osm is None or not Path(osm).is_file():
        return None
    return address_index(Path(osm)).match
