"""Deferred acceptance against the PyPI package `matching` on hundreds of random instances."""

from __future__ import annotations

import random

import pytest

from helpers import assignment, run_explicit

matching_games = pytest.importorskip("matching.games")


def _random_instance(rng: random.Random):
    n = rng.randint(1, 40)
    m = rng.randint(1, 8)
    schools = [f"s{j}" for j in range(m)]
    children = [f"c{i}" for i in range(n)]
    capacity = {s: rng.randint(1, 6) for s in schools}
    prefs = {c: rng.sample(schools, rng.randint(1, m)) for c in children}
    priority = {s: rng.sample(children, n) for s in schools}
    return prefs, priority, capacity


def _matching_solution(prefs, priority, capacity):
    applicants = {s: [c for c in priority[s] if s in prefs[c]] for s in priority}
    game = matching_games.HospitalResident.create_from_dictionaries(
        prefs, {s: a for s, a in applicants.items()}, capacity, clean=True
    )
    solution = game.solve(optimal="resident")
    out = {c: None for c in prefs}
    for hospital, residents in solution.items():
        for r in residents:
            out[r.name] = hospital.name
    return out


@pytest.mark.filterwarnings("ignore")
def test_identical_child_optimal_matchings() -> None:
    rng = random.Random(20201)
    for _ in range(300):
        prefs, priority, capacity = _random_instance(rng)
        ours = assignment(run_explicit(prefs, priority, capacity))
        theirs = _matching_solution(prefs, priority, capacity)
        assert ours == theirs
