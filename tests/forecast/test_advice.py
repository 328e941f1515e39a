"""The advice beside a family's list: own chances in bands, the school it is sure of, where
"none of these" leads, and the schools that lower the risk — checked against the slow exact
computations they stand in for."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import hv
from huvudman.datafiles.inputs import read_instance
from huvudman.datafiles.rules import load_rules
from huvudman.forecast.advice import advise
from huvudman.forecast.bands import BANDS, band
from huvudman.forecast.certain import CertainSchools, certain_school
from huvudman.forecast.instant import InstantChances
from huvudman.geo import project_instance
from huvudman.placement.distance import StraightLineDistances
from huvudman.placement.model import Instance
from huvudman.services.streets.distance_sources import straight_distances


@pytest.fixture(scope="module")
def years(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("years")
    for year in (0, 1):
        proc = hv("generate", "--out", out / str(year), "--children", "1500", "--schools", "15",
                  "--seed", "4", "--year", year, "--no-streets", "--difficulty", "hard")
        assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def cohort(years: Path) -> Instance:
    return read_instance(years / "0" / "schools.csv", years / "0" / "children.csv")


@pytest.fixture(scope="module")
def families(years: Path, cohort: Instance):
    later = read_instance(years / "0" / "schools.csv", years / "1" / "children.csv").children
    return [c._replace(child_id=f"f{k}") for k, c in enumerate(later[:200]) if c.choices]


@pytest.fixture(scope="module")
def instant(cohort: Instance) -> InstantChances:
    return InstantChances(cohort, load_rules(None), straight_distances(cohort), simulations=200)


@pytest.fixture(scope="module")
def certain(cohort: Instance) -> CertainSchools:
    return CertainSchools(cohort, load_rules(None), straight_distances(cohort))


def _home(cohort: Instance, family) -> StraightLineDistances:
    return StraightLineDistances(*project_instance(Instance.build(cohort.schools, [family])))


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_a_higher_chance_never_reads_as_a_weaker_band(a: float, b: float) -> None:
    order = [code for code, _lowest in BANDS]
    low, high = sorted((a, b))
    assert order.index(band(high)) <= order.index(band(low))


def test_each_band_starts_where_its_table_says() -> None:
    for code, lowest in BANDS:
        assert band(lowest) == code
    assert band(0.0) == "unlikely" and band(1.0) == "very_likely"
    with pytest.raises(ValueError):
        band(1.5)


def test_the_sure_school_is_the_one_certain_school_finds(cohort, families, certain) -> None:
    """Precomputed standings give exactly what placing the family inside the cohort gives."""
    config = load_rules(None)
    found = 0
    for family in families[:60]:
        full = cohort.with_child(family)
        slow = certain_school(full, config, straight_distances(full),
                              [full.school_index[s] for s in family.choices])
        fast = certain.first(Instance.build(cohort.schools, [family]), _home(cohort, family))
        assert (slow and (slow.school, slow.choice_rank, slow.could_outrank)) == \
            (fast and (fast.school, fast.choice_rank, fast.could_outrank)), family.child_id
        found += fast is not None
    assert 0 < found < 60  # both outcomes were tried


def test_own_chances_hold_the_list_together(cohort, families, instant, certain) -> None:
    for family in families[:40]:
        advice = advise(instant, certain, family, _home(cohort, family))
        first = advice.schools[0]
        assert first.own == pytest.approx(first.ends_here)  # nothing above the first
        for school in advice.schools:
            assert school.ends_here <= school.own + 1e-12  # the list only takes away
            assert school.band == band(round(school.own, 2))
        assert advice.any_listed == pytest.approx(sum(s.ends_here for s in advice.schools))
        if advice.certain is not None:  # sure against last year's children, exactly
            assert advice.certain.could_outrank < advice.certain.capacity


def test_adding_a_school_last_leaves_the_chances_above_as_they_were(cohort, families, instant,
                                                                    certain) -> None:
    family = next(f for f in families if len(f.choices) >= 2)
    home = _home(cohort, family)
    before = advise(instant, certain, family, home)
    extra = next(s.school_id for s in cohort.schools if s.school_id not in family.choices)
    after = advise(instant, certain, family._replace(choices=(*family.choices, extra)), home)
    for a, b in zip(before.schools, after.schools, strict=False):
        assert (a.school, a.own, a.ends_here) == (b.school, b.own, b.ends_here)


def test_a_risky_list_names_schools_that_lower_the_risk(cohort, families, instant,
                                                       certain) -> None:
    risky = []
    for family in families:
        first = family._replace(choices=family.choices[:1])
        advice = advise(instant, certain, first, _home(cohort, first))
        if advice.warn:
            risky.append((first, advice))
    assert risky, "the hard cohort has families at risk"
    for family, advice in risky[:10]:
        assert advice.suggestions
        listed = {cohort.school_index[s] for s in family.choices}
        for added in advice.suggestions:
            assert added.school not in listed
            assert added.risk_after < advice.risk
            longer = family._replace(choices=(*family.choices,
                                              cohort.schools[added.school].school_id))
            redo = advise(instant, certain, longer, _home(cohort, longer))
            assert redo.risk == pytest.approx(added.risk_after)
        risks = [a.risk_after for a in advice.suggestions]
        assert risks == sorted(risks)


def test_none_of_these_leads_to_a_school_with_a_place_left(cohort, families, instant,
                                                         certain) -> None:
    left = instant.cutoffs.left
    assert left is not None and left.shape == instant.cutoffs.full.shape
    assert (left <= np.asarray(cohort.capacities)).all() and (left >= 0).all()
    family = families[0]
    advice = advise(instant, certain, family, _home(cohort, family))
    assert advice.fallback >= 0
    assert advice.fallback_metres == pytest.approx(
        _home(cohort, family).row(0)[advice.fallback])
    # the fallback is the nearest school with a place left in most simulations
    free = left[:, advice.fallback] > 0
    assert free.mean() > 0.5
    for other in families[:40]:  # where "none of these" leads is never one of these
        found = advise(instant, certain, other, _home(cohort, other))
        assert found.fallback not in {s.school for s in found.schools}
