"""The forecast: Monte Carlo against exact enumeration, reproducibility, the worst case, advice."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from huvudman.forecast import Simulator, summarise, wilson_interval
from huvudman.forecast.certain import certain_school
from huvudman.forecast.risk import suggest_schools
from huvudman.placement import Child, Instance, RuleConfig, School, StraightLineDistances

SCHOOLS = {"A": (0.0, 1), "B": (1000.0, 1), "C": (5000.0, 5)}  # x position, places
HOMES = {"x": 100.0, "y": 900.0, "z": 300.0, "family": 400.0}
CHOICES = {"x": ("A",), "y": ("B", "A"), "z": ("A", "B"), "family": ("A", "B")}
Z_SIBLING = {"z": ("B",)}  # last year z had an older sibling at B


def tiny(chain=("sibling", "lottery"), cohort=("x", "y", "z"), siblings=None,
         ) -> tuple[Instance, RuleConfig, StraightLineDistances]:
    """Last year's children in one district, then the family's child (last)."""
    siblings = Z_SIBLING if siblings is None else siblings
    schools = [School(s, s, 59.3, 18.0, cap) for s, (_, cap) in SCHOOLS.items()]
    names = [*cohort, "family"]
    kids = [Child(c, 59.3, 18.0, CHOICES[c], siblings.get(c, ()), district="D") for c in names]
    inst = Instance.build(schools, kids)
    xy = lambda xs: np.column_stack([xs, np.zeros(len(xs))])  # noqa: E731
    dist = StraightLineDistances(xy([HOMES[c] for c in names]),
                                 xy([x for x, _ in SCHOOLS.values()]))
    return inst, RuleConfig(chain=chain), dist


def exact_family_outcome() -> dict[str, Fraction]:
    """Enumerate every equally likely world: three children drawn (with replacement) from last
    year's x, y, z and every lottery order of the four; place by hand-written deferred
    acceptance (siblings first, then the lottery) and the nearest-free-school fallback in
    lottery order."""
    outcome: dict[str, Fraction] = {}
    worlds = [(draw, order) for draw in itertools.product("xyz", repeat=3)
              for order in itertools.permutations(range(4))]
    for draw, order in worlds:
        kids = [*draw, "family"]
        lottery = dict(enumerate(order))  # slot → lottery rank (lower wins)

        def key(slot: int, school: str, kids=kids, lottery=lottery) -> tuple[int, int]:
            sib = school in Z_SIBLING.get(kids[slot], ())
            return (0 if sib else 1, lottery[slot])

        held: dict[str, list[int]] = {s: [] for s in SCHOOLS}
        nxt = [0] * 4
        free = list(range(4))
        while free:
            slot = free.pop(0)
            prefs = CHOICES[kids[slot]]
            if nxt[slot] >= len(prefs):
                continue
            school = prefs[nxt[slot]]
            nxt[slot] += 1
            held[school].append(slot)
            held[school].sort(key=lambda s, sc=school: key(s, sc))
            if len(held[school]) > SCHOOLS[school][1]:
                free.append(held[school].pop())
        placed = {slot: s for s, slots in held.items() for slot in slots}
        load = {s: len(v) for s, v in held.items()}
        result = placed.get(3)
        if result is None:
            for slot in sorted((s for s in range(4) if s not in placed), key=lambda s: lottery[s]):
                near = sorted(SCHOOLS, key=lambda s: abs(SCHOOLS[s][0] - HOMES[kids[slot]]))
                school = next(s for s in near if load[s] < SCHOOLS[s][1])
                load[school] += 1
                if slot == 3:
                    result = "fallback " + school
                    break
        outcome[result] = outcome.get(result, Fraction(0)) + Fraction(1, len(worlds))
    return outcome


def test_monte_carlo_lies_within_its_interval_around_the_exact_answer() -> None:
    exact = exact_family_outcome()
    assert sum(exact.values()) == 1 and len(exact) >= 3  # A, B and the fallback all happen
    inst, config, dist = tiny()
    n = 4000
    result = Simulator(inst, config, dist).run(n, seed=11)
    chances = summarise(result, [0, 1])
    seen = {"A": chances.listed[0].hits, "B": chances.listed[1].hits}
    for c in chances.fallback:
        seen["fallback " + inst.schools[c.school].school_id] = c.hits
    assert set(seen) >= set(exact)
    for what, p in exact.items():
        low, high = wilson_interval(seen[what], n)
        assert low <= float(p) <= high, (what, float(p), seen[what] / n, low, high)


def test_same_seed_same_numbers_however_the_work_is_split() -> None:
    inst, config, dist = tiny()
    sim = Simulator(inst, config, dist)
    whole = sim.run(300, seed=5)
    again = sim.run(300, seed=5)
    parts = [sim.run(100, seed=5, first=f) for f in (0, 100, 200)]
    assert np.array_equal(whole.school, again.school)
    assert np.array_equal(whole.school, np.concatenate([p.school for p in parts]))
    assert not np.array_equal(whole.school, sim.run(300, seed=6).school)


def test_adding_a_school_last_never_lowers_a_chance_above_it() -> None:
    """Under deferred acceptance this holds in every single simulation, not only on average:
    with the same random streams, a child placed at a listed school stays there."""
    inst, config, dist = tiny()
    short = Simulator(inst, config, dist).run(500, seed=3)
    cohort = Instance.build(inst.schools, inst.children[:3])
    family = inst.children[3]
    longer = cohort.with_child(family._replace(choices=("A", "B", "C")))
    long = Simulator(longer, config, dist).run(500, seed=3)
    kept = short.choice_rank > 0
    assert kept.any() and (~kept).any()
    assert np.array_equal(short.school[kept], long.school[kept])
    assert (long.choice_rank[~kept] == 3).all()  # C has room for whoever comes


def test_the_worst_case_is_certain_where_too_few_could_outrank_the_child() -> None:
    inst, config, dist = tiny(cohort=("x", "y"), siblings={"family": ("B",)})
    # At B (one place) only the family has a sibling: nobody can outrank it there.
    sure = certain_school(inst, config, dist, [0, 1])
    assert sure is not None and inst.schools[sure.school].school_id == "B"
    assert sure.choice_rank == 2 and sure.by == "count" and sure.could_outrank == 0
    # z had a sibling at B last year: a cohort like last year's could outrank the family there.
    assert certain_school(*tiny(siblings={"family": ("B",), "z": ("B",)}), [0, 1]) is None
    # Without sibling priority x and y could outrank the family at A and at B.
    plain, config, dist = tiny(chain=("lottery",), cohort=("x", "y"))
    assert certain_school(plain, config, dist, [0, 1]) is None
    boston = RuleConfig(chain=("sibling", "lottery"), mechanism="immediate-acceptance")
    assert certain_school(inst, boston, dist, [0, 1]) is None  # no such promise without DA


def test_a_risky_list_gets_suggestions_that_lower_the_risk() -> None:
    inst, config, dist = tiny(chain=("lottery",))
    cohort = Instance.build(inst.schools, inst.children[:3])
    only_a = cohort.with_child(inst.children[3]._replace(choices=("A",)))
    risk = summarise(Simulator(only_a, config, dist).run(400, 2), [0]).none_of_listed
    assert risk > 0.2
    tips = suggest_schools(cohort, inst.children[3]._replace(choices=("A",)), config, dist,
                           400, 2)
    assert [inst.schools[t.school].school_id for t in tips] == ["C", "B"]  # C: always room
    assert tips[0].risk_after == 0.0 and tips[0].risk_before == risk
    assert all(t.risk_after <= t.risk_before for t in tips)


def test_wilson_interval() -> None:
    assert wilson_interval(0, 100)[0] == 0.0 and 0.03 < wilson_interval(0, 100)[1] < 0.04
    low, high = wilson_interval(50, 100)
    assert abs((low + high) / 2 - 0.5) < 1e-12 and 0.40 < low < 0.41
