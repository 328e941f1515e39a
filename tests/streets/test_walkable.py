"""Which ways a child may walk, and the distance cache."""

from __future__ import annotations

import numpy as np
import pytest

from huvudman.streets.cache import cached, fingerprint
from huvudman.streets.walkable import is_walkable


@pytest.mark.parametrize("tags, ferries, walkable", [
    ({"highway": "footway"}, False, True),
    ({"highway": "residential", "bridge": "yes"}, False, True),
    ({"highway": "primary", "sidewalk": "both"}, False, True),
    ({"highway": "motorway"}, False, False),
    ({"highway": "trunk", "motorroad": "yes"}, False, False),
    ({"highway": "residential", "foot": "no"}, False, False),
    ({"highway": "service", "access": "private"}, False, False),
    ({"highway": "service", "access": "private", "foot": "yes"}, False, True),
    ({"highway": "cycleway"}, False, False),
    ({"highway": "cycleway", "foot": "designated"}, False, True),
    ({"highway": "construction"}, False, False),
    ({"highway": "pedestrian", "area": "yes"}, False, False),
    ({"route": "ferry"}, False, False),
    ({"route": "ferry"}, True, True),
    ({"waterway": "river"}, False, False),
])
def test_walkable_ways(tags, ferries, walkable) -> None:
    assert is_walkable(tags, ferries) is walkable


def test_cache_stores_and_reuses_by_fingerprint(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HUVUDMAN_CACHE", str(tmp_path))
    calls = []

    def compute() -> np.ndarray:
        calls.append(1)
        return np.arange(6.0).reshape(2, 3)

    key = fingerprint("network", np.zeros(2).tobytes())
    first, hit1 = cached(key, compute)
    second, hit2 = cached(key, compute)
    assert (hit1, hit2) == (False, True) and len(calls) == 1
    assert np.array_equal(first, second)
    other = fingerprint("network", np.ones(2).tobytes())
    assert other != key
    (tmp_path / "distances" / f"{key}.npy").write_bytes(b"broken")
    again, hit3 = cached(key, compute)
    assert not hit3 and np.array_equal(again, first) and len(calls) == 2
