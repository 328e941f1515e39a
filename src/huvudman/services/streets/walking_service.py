"""Walking distances and route maps from a family's home, for the portal: the municipality's
street map is read once when the portal starts; each home's distances to every school are
worked out once (one search from the home) and kept."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import numpy as np

from huvudman.geo import project
from huvudman.letters.route_map import MapLabels, map_window, places_svg, route_svg
from huvudman.services.streets.distance_sources import open_network
from huvudman.streets.distances import OffNetwork, snap_within
from huvudman.streets.osm_reader import attribution
from huvudman.streets.routes import EdgeShapes, Router, StreetWindow
from huvudman.streets.snapping import SegmentIndex, Snapped

SNAP_LIMIT_M = 500.0
HOMES_KEPT = 20_000


@dataclass(frozen=True)
class Walk:
    """A walk from home to school as a map draws it (the letters' `RouteDrawing`)."""

    route: np.ndarray  # (x, y) metres from school to home
    streets: np.ndarray  # (k, 2, 2) street segments within the window
    window: tuple[float, float, float, float]
    length_m: float
    attribution: str


class WalkingService:
    """Walks from homes to schools on one street map."""

    def __init__(self, osm: Path) -> None:
        self.network = open_network(Path(osm))
        graph = self.network.graph
        self._index = SegmentIndex(graph)
        self._shapes = EdgeShapes(graph)
        self._streets = StreetWindow(graph)
        self.attribution = attribution(Path(osm))
        self._schools: tuple[tuple[str, float, float], ...] = ()
        self._school_at: Snapped | None = None
        self._homes: OrderedDict[tuple, dict[str, float]] = OrderedDict()
        self._lock = Lock()

    def _snap(self, lat: Sequence[float], lon: Sequence[float], kind: str) -> Snapped:
        xy = project(np.asarray(lat, float), np.asarray(lon, float), self.network.crs)
        return snap_within(self._index, xy, SNAP_LIMIT_M, kind)

    def off_map(self, lat: Sequence[float], lon: Sequence[float]) -> list[tuple[int, float]]:
        """(position, metres) of every point farther than the snap limit from a walkable way
        of the street map: homes a run could not measure a walk from."""
        if not len(lat):
            return []
        xy = project(np.asarray(lat, float), np.asarray(lon, float), self.network.crs)
        access = self._index.snap(xy).access_m
        far = np.flatnonzero(access > SNAP_LIMIT_M)
        return [(int(i), float(access[i])) for i in far]

    def _schools_snapped(self, schools: Sequence[tuple[str, float, float]]) -> Snapped:
        key = tuple(schools)
        if key != self._schools or self._school_at is None:
            xy = project(np.array([s[1] for s in key]), np.array([s[2] for s in key]),
                         self.network.crs)
            self._school_at = self._index.snap(xy)  # every school is shown, however far
            self._schools = key
        return self._school_at

    def _router(self, lat: float, lon: float) -> Router | None:
        try:
            home = self._snap([lat], [lon], "home")
        except OffNetwork:
            return None
        return Router(self.network.graph, home, self._shapes)

    def distances(self, lat: float, lon: float, schools: Sequence[tuple[str, float, float]]
                  ) -> dict[str, float] | None:
        """Walking metres from a home to each school (id, lat, lon); None when the home lies
        too far from any walkable way."""
        key = (round(lat, 6), round(lon, 6), tuple(schools))
        with self._lock:
            if key in self._homes:
                self._homes.move_to_end(key)
                return self._homes[key]
            at = self._schools_snapped(schools)
        router = self._router(lat, lon)
        if router is None:
            return None
        metres = router.lengths(at)
        found = {sid: float(m) for (sid, _, _), m in zip(schools, metres.tolist(), strict=True)
                 if np.isfinite(m)}
        with self._lock:
            self._homes[key] = found
            while len(self._homes) > HOMES_KEPT:
                self._homes.popitem(last=False)
        return found

    def walk(self, lat: float, lon: float, school: tuple[str, float, float]) -> Walk | None:
        """The walk from a home to one school, with the streets around it, as the maps draw
        it (None when the home or the school is off the street map)."""
        router = self._router(lat, lon)
        if router is None:
            return None
        target = self._index.snap(project(np.array([school[1]]), np.array([school[2]]),
                                          self.network.crs))
        try:
            line, length = router.route(target, 0)
        except ValueError:
            return None
        line = line[::-1]  # drawn from the school to the home, as in the letters
        window = map_window(line)
        return Walk(line, self._streets.within(window), window, float(length),
                    self.attribution)

    def route_map(self, lat: float, lon: float, school: tuple[str, float, float],
                  labels: MapLabels) -> tuple[str, float] | None:
        """A map of the walk from a home to one school (SVG) and its length in metres."""
        walk = self.walk(lat, lon, school)
        if walk is None:
            return None
        return route_svg(walk.route, walk.streets, labels, walk.window), walk.length_m

    def places_map(self, lat: float, lon: float, places: Sequence[tuple[float, float]],
                   title: str, description: str, home_label: str) -> str:
        """A map of a home and numbered places around it (lat, lon each), over the streets."""
        home = project(np.array([lat]), np.array([lon]), self.network.crs)[0]
        at = project(np.array([p[0] for p in places]), np.array([p[1] for p in places]),
                     self.network.crs)
        window = map_window(np.vstack([home.reshape(1, 2), at]), margin=0.08)
        return places_svg(home, at, self._streets.within(window), title, description,
                          home_label)
