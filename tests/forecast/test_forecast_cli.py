"""`huvudman forecast` as a family's officer runs it: chances.csv, words, bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers import hv


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("town")
    assert hv("generate", "--out", out, "--children", "1500", "--schools", "15", "--seed", "4",
              "--no-streets").returncode == 0
    return out


def first_child(town: Path) -> dict[str, str]:
    with (town / "children.csv").open(encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh) if r["choices"].count(";") >= 2)


def forecast(town: Path, out: Path, *extra, lat=None, lon=None, choices=None):
    child = first_child(town)
    return hv("forecast", "--schools", town / "schools.csv", "--children",
              town / "children.csv", "--lat", lat or child["lat"], "--lon", lon or child["lon"],
              "--choices", choices if choices is not None else child["choices"],
              "--simulations", 300, "--seed", 9, "--out", out, *extra)


def test_chances_csv_follows_the_contract_and_adds_up(town: Path, tmp_path: Path) -> None:
    proc = forecast(town, tmp_path / "chances.csv")
    assert proc.returncode == 0, proc.stderr
    with (tmp_path / "chances.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["school_id", "probability", "low", "high"]
    listed = first_child(town)["choices"].split(";")
    assert [r["school_id"] for r in rows[:len(listed)]] == listed
    assert abs(sum(float(r["probability"]) for r in rows) - 1) < 1e-3
    for r in rows:
        assert float(r["low"]) <= float(r["probability"]) <= float(r["high"])
    said = proc.stderr.replace("\n", " ")
    assert "Chances from 300 simulated placements" in said
    assert "Rank the schools in the order you really prefer them" in said
    assert "Not modelled" in said


def test_same_seed_same_file_whatever_the_workers(town: Path, tmp_path: Path) -> None:
    assert forecast(town, tmp_path / "a.csv", "--workers", "1").returncode == 0
    assert forecast(town, tmp_path / "b.csv", "--workers", "2").returncode == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_another_mechanism_changes_the_advice(town: Path, tmp_path: Path) -> None:
    rules = tmp_path / "boston.toml"
    rules.write_text('[mechanism]\nname = "immediate-acceptance"\n')
    proc = forecast(town, tmp_path / "c.csv", "--rules", rules)
    assert proc.returncode == 0, proc.stderr
    said = proc.stderr.replace("\n", " ")
    assert "immediate acceptance" in said and "No school on your list is certain" in said


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"choices": "99000001;NOPE"}, "unknown school id 'NOPE'"),
        ({"choices": ""}, "list at least one school"),
        ({"lat": "40.0", "lon": "3.0"}, "outside the map"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(town: Path, tmp_path: Path, kwargs,
                                              message) -> None:
    proc = forecast(town, tmp_path / "x.csv", **kwargs)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr.replace("\n", " ")
    assert not (tmp_path / "x.csv").exists()


def test_a_local_ray_cluster_gives_the_same_numbers(town: Path, tmp_path: Path) -> None:
    """The same simulations as Ray tasks on a local cluster the command starts and stops."""
    proc = forecast(town, tmp_path / "ray.csv", "--backend", "ray", "--workers", "2")
    assert proc.returncode == 0, proc.stderr
    assert forecast(town, tmp_path / "local.csv").returncode == 0
    assert (tmp_path / "ray.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


def test_a_home_off_the_street_map_exits_2(tmp_path: Path) -> None:
    assert hv("generate", "--out", tmp_path, "--children", "300", "--schools", "5",
              "--seed", "2").returncode == 0
    school = (tmp_path / "schools.csv").read_text().splitlines()[1].split(",")[0]
    proc = hv("forecast", "--schools", tmp_path / "schools.csv", "--children",
              tmp_path / "children.csv", "--lat", "59.0", "--lon", "15.0", "--choices", school,
              "--osm", tmp_path / "streets.osm", "--simulations", 20, "--out", tmp_path / "c.csv",
              env={"HUVUDMAN_CACHE": str(tmp_path / "cache")})
    assert proc.returncode == 2
    said = proc.stderr.replace("\n", " ")
    assert "--lat/--lon: the home (59.0, 15.0) is" in said and "outside the map" in said
    assert not (tmp_path / "c.csv").exists()
