"""Sides of a river found on the street network: by its centre line or by its water area."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from huvudman.datafiles.inputs import read_instance
from huvudman.placement.config import BarrierRule
from huvudman.services.streets.barrier_sides import barrier_sides
from huvudman.services.streets.distance_sources import open_network
from streets.test_river import lat_lon, write_town


@pytest.mark.parametrize("tag", ["waterway=river", "natural=water"])
def test_network_sides_split_at_the_river(tmp_path: Path, tag: str) -> None:
    write_town(tmp_path)
    instance = read_instance(tmp_path / "schools.csv", tmp_path / "children.csv")
    network = open_network(tmp_path / "town.osm")
    sides = barrier_sides(instance, BarrierRule(osm=(tag,)), tmp_path / "town.osm", network)
    assert sides is not None
    child = dict(zip(instance.child_ids, sides.child.tolist(), strict=True))
    school = {s.school_id: int(v) for s, v in zip(instance.schools, sides.school, strict=True)}
    north, south = school["N"], school["S"]
    assert north != south
    assert school["X"] == school["F"] == south
    assert child["A"] == child["C"] == child["D"] == north and child["B"] == south


def test_straight_line_sides_use_lines_only(tmp_path: Path) -> None:
    write_town(tmp_path)
    instance = read_instance(tmp_path / "schools.csv", tmp_path / "children.csv")
    line = BarrierRule(lines=((lat_lon(-3000, 0), lat_lon(3000, 0)),))
    sides = barrier_sides(instance, line, None)
    assert sides is not None
    assert sides.child[0] != sides.school[1]  # A (north) and S (south)
    assert np.array_equal(sides.child[[0, 2, 3]], [sides.child[0]] * 3)
    assert barrier_sides(instance, BarrierRule(osm=("natural=water",)), None) is None
