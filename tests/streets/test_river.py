"""A river, one bridge, two schools: the school nearest in a straight line is the far one on foot.

The street network is written as OSM XML and read back through the real reader; the placement
uses the plain distance rule so that distance alone decides.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from huvudman.geo import to_wgs84
from huvudman.streets.osm_xml import osm_xml

ORIGIN = np.array([320_000.0, 6_400_000.0])  # SWEREF 99 TM, west Sweden


def lat_lon(x: float, y: float) -> tuple[float, float]:
    lat, lon = to_wgs84(ORIGIN + np.array([x, y]))
    return float(lat[0]), float(lon[0])


def write_town(folder: Path) -> None:
    """North bank road y=+100, south bank road y=-100, one footbridge at x=1500."""
    nodes, ways = [], []
    xs = list(range(-2000, 2001, 100))
    for row, y in ((1, 100), (2, -100)):
        ids = []
        for i, x in enumerate(xs):
            nid = row * 1000 + i
            nodes.append((nid, *lat_lon(x, y)))
            ids.append(nid)
        ways.append((row, ids, {"highway": "residential", "name": f"Bank road {row}"}))
    bridge_n, bridge_s = 1000 + xs.index(1500), 2000 + xs.index(1500)
    ways.append((3, [bridge_n, bridge_s], {"highway": "footway", "bridge": "yes"}))
    # a motorway across the river: no pedestrian may use it
    nodes += [(9001, *lat_lon(0, 100)), (9002, *lat_lon(0, -100))]
    ways.append((4, [9001, 9002], {"highway": "motorway"}))
    river = [(9100 + i, *lat_lon(x, 0)) for i, x in enumerate(range(-2500, 2501, 500))]
    nodes += river
    ways.append((5, [n for n, _, _ in river], {"waterway": "river", "name": "Älven"}))
    # the same river mapped as a water area between the banks
    shore = [(9200 + i, *lat_lon(x, y)) for i, (x, y) in
             enumerate([(-2500, -60), (2500, -60), (2500, 60), (-2500, 60)])]
    nodes += shore
    ways.append((6, [n for n, _, _ in shore] + [9200], {"natural": "water"}))
    (folder / "town.osm").write_text(osm_xml(nodes, ways), encoding="utf-8")
    schools = [("N", -1200, 150), ("S", 0, -150), ("X", 300, -150), ("F", 100, -200)]
    with (folder / "schools.csv").open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["school_id", "name", "lat", "lon", "capacity"])
        for sid, x, y in schools:
            w.writerow([sid, f"School {sid}", *lat_lon(x, y), 0 if sid == "X" else
                        3 if sid in "NF" else 1])
    kids = [("A", 0, 150, "S;N"), ("B", 1400, -120, "S;N"), ("C", 100, 130, ""),
            ("D", 200, 130, "X")]
    with (folder / "children.csv").open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["child_id", "lat", "lon", "choices", "siblings", "special_reasons",
                    "protected"])
        for cid, x, y, choices in kids:
            w.writerow([cid, *lat_lon(x, y), choices, "", "", "false"])
    (folder / "rules.toml").write_text('[rules]\nchain = ["distance", "lottery"]\n')
    (folder / "barrier.toml").write_text('[rules]\nchain = ["distance", "lottery"]\n'
                                         '[rules.barriers]\nosm = ["waterway=river"]\n')


def run(*args) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "huvudman", *map(str, args)],
                          capture_output=True, text=True, env={"COLUMNS": "200",
                                                               "HUVUDMAN_CACHE": "/tmp/hvc"})


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture()
def town(tmp_path: Path) -> Path:
    write_town(tmp_path)
    return tmp_path


def test_walking_distance_goes_round_by_the_bridge(town: Path) -> None:
    proc = run("distances", "--osm", town / "town.osm", "--schools", town / "schools.csv",
               "--children", town / "children.csv", "--out", town / "d.csv")
    assert proc.returncode == 0, proc.stderr
    d = {(r["child_id"], r["school_id"]): r for r in rows(town / "d.csv")}
    # A lives 300 m from S as the crow flies, but walks 1,500 m to the bridge and 1,500 m back
    assert float(d["A", "S"]["straight_m"]) == pytest.approx(300, abs=1)
    assert float(d["A", "S"]["walking_m"]) == pytest.approx(50 + 1500 + 200 + 1500 + 50, abs=1)
    assert float(d["A", "N"]["walking_m"]) == pytest.approx(50 + 1200 + 50, abs=1)
    assert float(d["B", "S"]["walking_m"]) == pytest.approx(20 + 1400 + 50, abs=1)


def test_walking_places_the_child_on_its_own_side(town: Path) -> None:
    common = ["--schools", town / "schools.csv", "--children", town / "children.csv",
              "--rules", town / "rules.toml", "--seed", "1"]
    proc = run("place", *common, "--osm", town / "town.osm", "--out", town / "walk.csv")
    assert proc.returncode == 0, proc.stderr
    walk = {r["child_id"]: r["school_id"] for r in rows(town / "walk.csv")}
    assert walk["A"] == "N" and walk["B"] == "S"
    proc = run("place", *common, "--out", town / "straight.csv")
    straight = {r["child_id"]: r["school_id"] for r in rows(town / "straight.csv")}
    assert straight["A"] == "S" and straight["B"] == "N"  # the error of 2020: A across the river


def test_fallback_stays_on_the_own_side_of_the_river(town: Path) -> None:
    """C chose nothing and lives by the river: the nearest free school in a straight line is F,
    across the water. With the barrier rule C stays north (N), even measuring straight; D chose
    X across the river (X is full), so D's family asked to cross and D may go to F."""
    common = ["--schools", town / "schools.csv", "--children", town / "children.csv",
              "--osm", town / "town.osm", "--distance", "straight", "--seed", "1"]
    proc = run("place", *common, "--rules", town / "rules.toml", "--out", town / "free.csv")
    assert proc.returncode == 0, proc.stderr
    free = {r["child_id"]: r["school_id"] for r in rows(town / "free.csv")}
    assert free["C"] == "F" and free["D"] == "F"
    proc = run("place", *common, "--rules", town / "barrier.toml", "--out", town / "b.csv",
               "--run-dir", town / "run")
    assert proc.returncode == 0, proc.stderr
    kept = {r["child_id"]: r["school_id"] for r in rows(town / "b.csv")}
    assert kept["C"] == "N" and kept["D"] == "F"
    assert "fallback_nearest ok" in proc.stderr


def test_point_off_the_map_is_an_input_error(town: Path) -> None:
    text = (town / "children.csv").read_text()
    lat, lon = lat_lon(0, 5000)
    lines = text.splitlines()
    lines[2] = f"B,{lat},{lon},S;N,,,false"
    (town / "children.csv").write_text("\n".join(lines) + "\n")
    proc = run("place", "--schools", town / "schools.csv", "--children", town / "children.csv",
               "--osm", town / "town.osm", "--out", town / "p.csv")
    assert proc.returncode == 2
    assert "line 3" in proc.stderr and "child B is" in proc.stderr
    assert "from the nearest walkable way" in proc.stderr
    assert not (town / "p.csv").exists()


@pytest.mark.parametrize("content, message", [
    (b"<osm version='0.6'><node id='1' lat='57.7' lon='11.9'/>", "not a readable OSM file"),
    (b"\x00\x01garbage", "not a readable OSM file"),
    (b"<?xml version='1.0'?><osm version='0.6'><node id='1' lat='57.7' lon='11.9'/></osm>",
     "no walkable ways"),
])
def test_bad_osm_files(town: Path, content: bytes, message: str) -> None:
    bad = town / "bad.osm"
    bad.write_bytes(content)
    proc = run("place", "--schools", town / "schools.csv", "--children", town / "children.csv",
               "--osm", bad, "--out", town / "p.csv")
    assert proc.returncode == 2, proc.stderr
    assert str(bad) in proc.stderr and message in proc.stderr
    assert not (town / "p.csv").exists()


def test_walking_needs_a_map(town: Path) -> None:
    proc = run("place", "--schools", town / "schools.csv", "--children", town / "children.csv",
               "--distance", "walking", "--out", town / "p.csv")
    assert proc.returncode == 2 and "--osm" in proc.stderr


def test_straight_vs_walking_report_names_who_is_wronged(town: Path) -> None:
    proc = run("straight-vs-walking", "--osm", town / "town.osm", "--schools",
               town / "schools.csv", "--children", town / "children.csv", "--rules",
               town / "barrier.toml", "--seed", "1", "--out-dir", town / "report")
    assert proc.returncode == 0, proc.stderr
    report = {r["child_id"]: r for r in rows(town / "report" / "straight-vs-walking.csv")}
    assert report["B"]["verdict"] == "wronged"  # refused at S, its own side, for A
    assert report["B"]["school_straight"] == "N" and report["B"]["school_walking"] == "S"
    assert float(report["A"]["walking_m_straight"]) == pytest.approx(3300, abs=1)
    assert report["C"]["across_barrier_straight"] == "true"  # sent over the river, unasked
    assert report["C"]["school_walking"] == "N"
    png = (town / "report" / "straight-vs-walking.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
    assert "placed across a barrier" in proc.stderr


def test_truncated_pbf(town: Path) -> None:
    real = Path(__file__).resolve().parents[3] / "shared" / "data" / (
        "stockholm_sodermalm_valhalla.osm.pbf")
    if not real.exists():
        pytest.skip(f"real OSM extract not found: {real}")
    cut = town / "cut.osm.pbf"
    cut.write_bytes(real.read_bytes()[:30_000])
    proc = run("distances", "--osm", cut, "--schools", town / "schools.csv", "--children",
               town / "children.csv", "--out", town / "d.csv")
    assert proc.returncode == 2 and "not a readable OSM file" in proc.stderr
    assert not (town / "d.csv").exists()
