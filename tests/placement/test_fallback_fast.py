"""The fallback as deferred acceptance with one priority order gives exactly what serving the
children one by one in lottery order gives (hypothesis: crowded and roomy, few and many
schools, children at the same spot as a school)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from huvudman.placement import StraightLineDistances
from huvudman.placement.fallback import nearest_free_school, one_by_one


@st.composite
def crowds(draw):
    n_schools = draw(st.integers(1, 40))
    n = draw(st.integers(1, 120))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    school_xy = rng.uniform(0, 5000, (n_schools, 2))
    child_xy = rng.uniform(0, 5000, (n, 2))
    capacity = rng.integers(0, draw(st.integers(1, 8)), n_schools).tolist()
    load = [int(rng.integers(0, c + 1)) for c in capacity]
    children = sorted(rng.choice(n, draw(st.integers(1, n)), replace=False).tolist())
    lottery = rng.permutation(n).astype(np.uint64)
    return StraightLineDistances(child_xy, school_xy), capacity, load, children, lottery


@settings(max_examples=300, deadline=None)
@given(crowds())
def test_fast_fallback_is_serving_one_by_one(crowd) -> None:
    distances, capacity, load, children, lottery = crowd
    slow_load, fast_load = list(load), list(load)
    slow = one_by_one(children, lottery, distances, capacity, slow_load)
    fast = nearest_free_school(children, lottery, distances, capacity, fast_load)
    assert fast == slow
    assert fast_load == slow_load and all(x <= c for x, c in zip(fast_load, capacity,
                                                                   strict=True))
