"""Routes drawn from our own street data are as long as the distances we compute."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from huvudman.streets.network import load_network
from huvudman.streets.routes import Router
from huvudman.streets.routing import school_to_child_distances
from huvudman.streets.snapping import SegmentIndex

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


@pytest.mark.parametrize("name", ["stockholm_norrmalm_routeapp.osm.pbf",
                                  "stockholm_sodermalm_valhalla.osm.pbf"])
def test_route_length_equals_walking_distance(name: str) -> None:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"real OSM extract not found: {path}")
    graph = load_network(path).graph
    index = SegmentIndex(graph)
    rng = np.random.default_rng(11)
    lo, hi = graph.xy.min(axis=0), graph.xy.max(axis=0)
    school = index.snap(rng.uniform(lo, hi, (1, 2)))
    homes = index.snap(rng.uniform(lo, hi, (25, 2)))
    expected = school_to_child_distances(graph, school, homes)[:, 0]
    router = Router(graph, school)
    assert np.allclose(router.lengths(homes), expected, atol=1e-6)
    for i in range(25):
        line, total = router.route(homes, i)
        drawn = float(np.hypot(*np.diff(line, axis=0).T).sum())
        assert total == pytest.approx(expected[i], abs=1e-6)
        # the line runs along the streets; the distance adds the walks from street to door
        street_part = expected[i] - school.access_m[0] - homes.access_m[i]
        assert drawn == pytest.approx(street_part, abs=1e-3)
        assert np.allclose(line[0], school.xy[0]) and np.allclose(line[-1], homes.xy[i])
