"""`huvudman outlook`: shortages per school, children at risk, what more places would do."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from helpers import hv


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def town(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("outlook")
    assert hv("generate", "--out", out, "--children", "1500", "--schools", "15", "--seed", "21",
              "--no-streets").returncode == 0
    return out


def outlook(town: Path, out: Path, *extra) -> subprocess.CompletedProcess[str]:
    return hv("outlook", "--schools", town / "schools.csv", "--children", town / "children.csv",
              "--out-dir", out, "--simulations", 120, "--seed", 4, *extra)


def test_shortages_and_children_at_risk(town: Path, tmp_path: Path) -> None:
    proc = outlook(town, tmp_path)
    assert proc.returncode == 0, proc.stderr
    schools = rows(tmp_path / "outlook.csv")
    assert len(schools) == 15
    for s in schools:
        assert float(s["expected_admitted"]) <= int(s["capacity"]) + 1e-9
        assert 0 <= float(s["oversubscribed_share"]) <= 1
    assert any(float(s["expected_refused"]) > 0 for s in schools)
    risk = [float(r["no_listed_school_share"]) for r in rows(tmp_path / "at_risk.csv")]
    assert risk and risk == sorted(risk, reverse=True) and 0 < risk[-1] <= risk[0] <= 1


def test_more_places_where_refusals_are_leaves_fewer_children_without_a_listed_school(
        town: Path, tmp_path: Path) -> None:
    assert outlook(town, tmp_path / "base").returncode == 0
    worst = max(rows(tmp_path / "base" / "outlook.csv"),
                key=lambda s: float(s["expected_refused"]))
    proc = outlook(town, tmp_path / "more", "--add-places", f"{worst['school_id']}=60",
                   "--open-school", "99099999;Nya skolan;57.70;11.97;80")
    assert proc.returncode == 0, proc.stderr
    said = proc.stderr.replace("\n", " ")
    now, then = map(float, re.search(r"per cohort: ([\d.]+) now → ([\d.]+) with", said).groups())
    assert then < now
    changed = {r["school_id"]: r for r in rows(tmp_path / "more" / "whatif_outlook.csv")}
    assert int(changed[worst["school_id"]]["capacity"]) == int(worst["capacity"]) + 60
    assert changed["99099999"]["name"] == "Nya skolan"


@pytest.mark.parametrize(("extra", "message"), [
    (("--add-places", "NOPE=5"), "unknown school id 'NOPE'"),
    (("--open-school", "X;only a name"), "ID;NAME;LAT;LON;PLACES"),
])
def test_bad_what_if_exits_2(town: Path, tmp_path: Path, extra, message) -> None:
    proc = outlook(town, tmp_path, *extra)
    assert proc.returncode == 2 and message in proc.stderr.replace("\n", " ")
    assert not (tmp_path / "outlook.csv").exists()
