"""Hypothesis strategies: small school-choice instances with strict priorities."""

from __future__ import annotations

from hypothesis import strategies as st


@st.composite
def instances(draw, max_children: int = 7, max_schools: int = 4, min_capacity: int = 0):
    """(prefs, priority, capacity): random ranked lists and strict priorities over applicants."""
    n = draw(st.integers(1, max_children))
    m = draw(st.integers(1, max_schools))
    schools = [f"s{j}" for j in range(m)]
    children = [f"c{i}" for i in range(n)]
    capacity = {s: draw(st.integers(min_capacity, 3)) for s in schools}
    prefs = {}
    for c in children:
        k = draw(st.integers(0, m))
        prefs[c] = draw(st.permutations(schools))[:k]
    priority = {s: draw(st.permutations(children)) for s in schools}
    return prefs, priority, capacity
