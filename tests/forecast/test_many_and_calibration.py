"""Chances for many families from simulated cutoffs, and calibration across two years."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from helpers import hv
from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.rules import load_rules
from huvudman.forecast import Simulator, summarise
from huvudman.forecast.calibration import brier_score, reliability
from huvudman.forecast.many import family_lists, family_outcomes, simulate_cutoffs
from huvudman.services.streets.distance_sources import straight_distances


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("years")
    for year in (0, 1):
        proc = hv("generate", "--out", out / str(year), "--children", "2000", "--schools", "20",
                  "--seed", "8", "--year", year, "--no-streets")
        assert proc.returncode == 0, proc.stderr
    return out


def test_a_later_year_keeps_the_schools_and_draws_new_children(years: Path) -> None:
    assert (years / "0" / "schools.csv").read_bytes() == (years / "1" / "schools.csv").read_bytes()
    first = (years / "0" / "children.csv").read_text().splitlines()
    later = (years / "1" / "children.csv").read_text().splitlines()
    assert len(first) == len(later) and first[1] != later[1]
    assert later[1].startswith("y1b000001,")


def test_cutoffs_give_the_chances_the_exact_simulation_gives(years: Path) -> None:
    """For families in a large cohort the cutoff method agrees with simulating each family
    inside the cohort, within the Monte Carlo error."""
    cohort = read_instance(years / "0" / "schools.csv", years / "0" / "children.csv")
    later = read_instance(years / "0" / "schools.csv", years / "1" / "children.csv").children
    asked = [c._replace(child_id=f"f{k}") for k, c in enumerate(later[:40]) if c.choices][:6]
    config = load_rules(None)
    many = cohort.with_children(asked)
    sim = Simulator(many, config, straight_distances(many), families=len(asked))
    got = family_outcomes(simulate_cutoffs(sim, 600, 3), *family_lists(sim))
    for k, family in enumerate(asked):
        one = cohort.with_child(family)
        exact = summarise(Simulator(one, config, straight_distances(one)).run(600, 4),
                          [one.school_index[s] for s in family.choices])
        for j, chance in enumerate(exact.listed):
            approx = float(np.mean(got[:, k] == j))
            assert abs(approx - chance.probability) < 0.08, (family.child_id, j, approx,
                                                             chance.probability)


def test_brier_and_reliability() -> None:
    p = np.array([0.0, 0.1, 0.9, 1.0, 0.5])
    y = np.array([0, 0, 1, 1, 1])
    assert brier_score(p, y) == pytest.approx((0.01 + 0.01 + 0.25) / 5)
    rel = reliability(p, y, bins=2)
    assert rel.count.tolist() == [2, 3]
    assert rel.observed.tolist() == [0.0, 1.0]


def test_calibrate_command_writes_table_and_plot(years: Path, tmp_path: Path) -> None:
    proc = hv("calibrate", "--schools", years / "0" / "schools.csv", "--last-year",
              years / "0" / "children.csv", "--this-year", years / "1" / "children.csv",
              "--out-dir", tmp_path, "--sample", 300, "--simulations", 150, "--seed", 2)
    assert proc.returncode == 0, proc.stderr
    with (tmp_path / "calibration.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["child_id"] for r in rows} <= {line.split(",")[0] for line in
                                             (years / "1" / "children.csv").read_text()
                                             .splitlines()}
    p = np.array([float(r["forecast"]) for r in rows])
    y = np.array([r["happened"] == "1" for r in rows])
    forecast_brier = brier_score(p, y)
    assert forecast_brier < brier_score(np.full(len(y), y.mean()), y) / 2  # real skill
    assert (tmp_path / "reliability.png").read_bytes()[:4] == b"\x89PNG"
    assert f"{forecast_brier:.4f}" in proc.stderr


def test_instant_chances_agree_with_simulating_the_family(years: Path) -> None:
    from huvudman.forecast.instant import InstantChances
    from huvudman.geo import project_instance
    from huvudman.placement.distance import StraightLineDistances

    cohort = read_instance(years / "0" / "schools.csv", years / "0" / "children.csv")
    later = read_instance(years / "0" / "schools.csv", years / "1" / "children.csv").children
    config = load_rules(None)
    instant = InstantChances(cohort, config, straight_distances(cohort), simulations=600)
    from huvudman.placement import Instance

    for family in [c for c in later[:60] if len(c.choices) >= 2][:5]:
        alone = Instance.build(cohort.schools, [family])
        answer = instant.chances(family, StraightLineDistances(*project_instance(alone)))
        one = cohort.with_child(family)
        exact = summarise(Simulator(one, config, straight_distances(one)).run(600, 4),
                          [one.school_index[s] for s in family.choices])
        for fast, slow in zip(answer.listed, exact.listed, strict=True):
            assert fast.school == slow.school
            assert abs(fast.probability - slow.probability) < 0.08, (family.child_id,
                                                                     fast.probability,
                                                                     slow.probability)


def test_family_outcomes_in_chunks_equal_one_simulation_at_a_time(monkeypatch) -> None:
    """The vectorised cutoff check draws the families' lottery numbers in the same order as a
    loop over simulations would, however the simulations are chunked."""
    import huvudman.forecast.many as many

    rng = np.random.default_rng(0)
    sims, m, families, width = 60, 12, 90, 4
    cut = many.SimulatedCutoffs(rng.random((sims, m)) < 0.5, rng.integers(0, 5, (sims, m)),
                                rng.random((sims, m)), 7)
    schools = rng.integers(-1, m, (families, width))
    pre = rng.integers(0, 5, (families, width))
    draws = np.random.default_rng([7, 2**31])
    expected = np.full((sims, families), -1)
    listed, s = schools >= 0, np.where(schools >= 0, schools, 0)
    for i in range(sims):
        u = draws.random(families)[:, None]
        ok = listed & (~cut.full[i][s] | (pre < cut.pre[i][s])
                       | ((pre == cut.pre[i][s]) & (u < cut.lottery[i][s])))
        expected[i] = np.where(ok.any(axis=1), np.argmax(ok, axis=1), -1)
    for cells in (1, 1000, 10**9):
        monkeypatch.setattr(many, "_CELLS", cells)
        assert np.array_equal(many.family_outcomes(cut, schools, pre), expected)
