"""The address points of an OpenStreetMap extract: every node and every way (a building's
outline: its centre) that carries `addr:street` and `addr:housenumber`."""

from __future__ import annotations

from pathlib import Path

import osmium

from huvudman.addresses.index import Point
from huvudman.addresses.normalize import number_and_letter, postcode, street_key
from huvudman.streets.osm_reader import OsmError


class _Addresses(osmium.SimpleHandler):
    def __init__(self) -> None:
        super().__init__()
        self.points: list[Point] = []
        self.unreadable = 0

    def _add(self, tags, lat: float, lon: float) -> None:
        street = tags.get("addr:street")
        number, letter = number_and_letter(tags.get("addr:housenumber", ""))
        if not street or number is None:
            self.unreadable += 1
            return
        self.points.append(Point(street, street_key(street), number, letter,
                                 postcode(tags.get("addr:postcode", "")), lat, lon))

    def node(self, n) -> None:
        if "addr:street" in n.tags and n.location.valid():
            self._add(n.tags, n.location.lat, n.location.lon)

    def way(self, w) -> None:
        if "addr:street" not in w.tags:
            return
        spots = [(n.location.lat, n.location.lon) for n in w.nodes if n.location.valid()]
        if spots:
            self._add(w.tags, sum(p[0] for p in spots) / len(spots),
                      sum(p[1] for p in spots) / len(spots))


def read_addresses(path: Path) -> tuple[list[Point], int]:
    """The file's address points, and how many address objects could not be read (no street
    or no house number)."""
    path = Path(path)
    if not path.is_file():
        raise OsmError(f"{path}: file not found")
    handler = _Addresses()
    try:
        handler.apply_file(str(path), locations=True)
    except (RuntimeError, ValueError) as err:
        raise OsmError(f"{path}: not a readable OpenStreetMap file ({err})") from None
    return handler.points, handler.unreadable
