"""The forecast simulates the engine, not a copy of it: placing a whole cohort in the engine's
lottery order, the simulator's within-school ranking, matching and fallback give every child
exactly the engine's school (hypothesis, random instances, every mechanism and chain)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import geo_instance
from huvudman.forecast.simulation import Simulator
from huvudman.placement import Child, RuleConfig, place
from huvudman.placement.mechanisms.registry import MECHANISM_NAMES

CHAINS = (
    ("special_reasons", "sibling", "proximity", "distance", "lottery"),
    ("special_reasons", "protected", "only_school_near_home", "sibling", "proximity",
     "distance", "lottery"),
    ("distance", "lottery"),
    ("lottery",),
)


@st.composite
def cohorts(draw):
    n_schools = draw(st.integers(2, 6))
    schools = [(f"S{j}", draw(st.floats(0, 3000)), draw(st.floats(0, 3000)),
                draw(st.integers(0, 4))) for j in range(n_schools)]
    ids = [s[0] for s in schools]
    children = []
    for i in range(draw(st.integers(2, 24))):
        choices = draw(st.permutations(ids))[:draw(st.integers(0, n_schools))]
        children.append(Child(
            f"c{i:02d}", draw(st.floats(0, 3000)), draw(st.floats(0, 3000)), tuple(choices),
            siblings=tuple(draw(st.lists(st.sampled_from(ids), max_size=1, unique=True))),
            special_reasons=tuple(s for s in choices[:1] if draw(st.booleans())
                                  and draw(st.booleans())),
            protected=draw(st.booleans()) and draw(st.booleans())))
    return schools, children


@settings(max_examples=150, deadline=None)
@given(cohorts(), st.sampled_from(MECHANISM_NAMES), st.sampled_from(CHAINS),
       st.integers(0, 10**6))
def test_the_simulator_places_like_the_engine(cohort, mechanism, chain, seed) -> None:
    schools, children = cohort
    instance, distances = geo_instance(schools, children)
    config = RuleConfig(chain=chain, mechanism=mechanism, fallback="nearest")
    result = place(instance, config, distances, seed)
    simulator = Simulator(instance, config, distances, families=1)
    lottery = np.argsort(np.argsort(result.priorities.lottery_child, kind="stable"),
                         kind="stable")
    drawn = simulator.place(np.arange(instance.n_children), lottery)
    engine_school = result.outcomes.school
    matched = result.outcomes.application >= 0
    for i in range(instance.n_children):
        mine = int(drawn.placed[i])
        got = int(drawn.school[mine]) if mine >= 0 else -1
        assert got == (int(engine_school[i]) if matched[i] else -1), (i, mechanism, chain)
    family = instance.n_children - 1
    if drawn.placed[-1] < 0:  # the family's child left without a listed school: the fallback
        assert simulator.fallback_school(drawn) == int(engine_school[family])
