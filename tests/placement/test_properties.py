"""Properties of the mechanisms on many small random instances (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import assignment, run_explicit
from huvudman.placement.mechanisms.registry import MECHANISM_NAMES
from huvudman.runs.record import run_files
from placement.strategies import instances

MECHANISMS = list(MECHANISM_NAMES)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_deferred_acceptance_is_stable(inst) -> None:
    prefs, priority, capacity = inst
    result = run_explicit(prefs, priority, capacity)
    failed = [c.name for c in result.audit.checks if not c.passed]
    assert failed == [], result.audit.violations


@settings(max_examples=200, deadline=None)
@given(instances(), st.sampled_from(MECHANISMS), st.sampled_from(["nearest", "none"]))
def test_no_school_over_capacity_and_everyone_accounted(inst, mechanism, fallback) -> None:
    prefs, priority, capacity = inst
    result = run_explicit(prefs, priority, capacity, mechanism=mechanism, fallback=fallback)
    for name in ("capacity", "accounted", "choice_ranks", "no_waste", "fallback_nearest"):
        assert result.audit.check(name).passed, (name, result.audit.violations)
    placed = assignment(result)
    for s, cap in capacity.items():
        assert sum(1 for v in placed.values() if v == s) <= cap
    for child, school in placed.items():
        if school is None:
            assert fallback == "none" or sum(capacity.values()) <= sum(
                1 for v in placed.values() if v is not None), child


@settings(max_examples=100, deadline=None)
@given(instances(), st.sampled_from(MECHANISMS), st.integers(0, 10**9))
def test_same_seed_same_result(inst, mechanism, seed) -> None:
    prefs, priority, capacity = inst
    a = run_explicit(prefs, priority, capacity, mechanism=mechanism, fallback="nearest", seed=seed)
    b = run_explicit(prefs, priority, capacity, mechanism=mechanism, fallback="nearest", seed=seed)
    assert run_files(a, {}) == run_files(b, {})


def _misreports(schools: list[str], limit: int = 3):
    for k in range(0, min(limit, len(schools)) + 1):
        yield from itertools.permutations(schools, k)


def _value(true_list: list[str], school: str | None) -> int:
    return true_list.index(school) if school in true_list else len(true_list)


@settings(max_examples=120, deadline=None)
@given(instances(max_children=5, max_schools=3))
def test_truthful_ranking_never_hurts_under_deferred_acceptance(inst) -> None:
    prefs, priority, capacity = inst
    schools = list(capacity)
    truthful = assignment(run_explicit(prefs, priority, capacity))
    for child, true_list in prefs.items():
        honest = _value(true_list, truthful[child])
        for lie in _misreports(schools):
            report = {**prefs, child: list(lie)}
            got = assignment(run_explicit(report, priority, capacity))[child]
            assert _value(true_list, got) >= honest, (child, lie)


@settings(max_examples=150, deadline=None)
@given(instances(max_children=6, max_schools=3, min_capacity=1))
def test_top_trading_cycles_is_pareto_efficient(inst) -> None:
    """No other assignment of the same seats makes a child better off and nobody worse off."""
    prefs, priority, capacity = inst
    result = assignment(run_explicit(prefs, priority, capacity, mechanism="top-trading-cycles"))
    children = list(prefs)
    seats = [s for s, c in capacity.items() for _ in range(c)]
    options = {c: [*prefs[c], None] for c in children}
    base = {c: _value(prefs[c], result[c]) for c in children}
    for combo in itertools.product(*(options[c] for c in children)):
        used = [s for s in combo if s is not None]
        if any(used.count(s) > seats.count(s) for s in set(used)):
            continue
        vals = {c: _value(prefs[c], s) for c, s in zip(children, combo, strict=True)}
        if all(vals[c] <= base[c] for c in children):
            assert all(vals[c] == base[c] for c in children), (combo, result)


def test_every_offered_mechanism_has_its_words_and_its_promises() -> None:
    from huvudman.placement.mechanisms.registry import REGISTRY, mechanism
    from huvudman.portal.routes.round_rules import MECHANISM_WORDS
    from huvudman.words.forecast import ADVICE

    assert set(MECHANISM_WORDS) == set(REGISTRY) == set(ADVICE)
    assert mechanism("deferred-acceptance").stable and mechanism("deferred-acceptance").recommended
    assert mechanism("immediate-acceptance").not_promised == {"no_justified_envy"}
    assert not mechanism("deferred-acceptance").not_promised


def _ttc_by_definition(prefs: dict[str, list[str]], priority: dict[str, list[str]],
                       capacity: dict[str, int]) -> dict[str, str | None]:
    """Top trading cycles straight from Abdulkadiroğlu & Sönmez (2003), one cycle at a time:
    each remaining child points to its best listed school with a seat left (none: it leaves),
    each school with a seat to its highest-priority remaining child; a cycle trades."""
    seats = dict(capacity)
    left = set(prefs)
    got: dict[str, str | None] = {c: None for c in prefs}
    while left:
        wants = {c: next((s for s in prefs[c] if seats[s] > 0), None) for c in left}
        gone = {c for c, s in wants.items() if s is None}
        if gone:
            left -= gone
            continue
        points = {s: next(c for c in priority[s] if c in left) for s in seats if seats[s] > 0}
        c = min(left)
        seen: list[str] = []
        while c not in seen:
            seen.append(c)
            c = points[wants[c]]
        for member in seen[seen.index(c):]:
            got[member] = wants[member]
            seats[wants[member]] -= 1
            left.discard(member)
    return got


@settings(max_examples=300, deadline=None)
@given(instances(max_children=7, max_schools=4, min_capacity=0))
def test_top_trading_cycles_is_the_mechanism_of_the_literature(inst) -> None:
    """On truncated lists and any capacities, the engine's top trading cycles places every
    child as the definition does."""
    prefs, priority, capacity = inst
    got = assignment(run_explicit(prefs, priority, capacity, mechanism="top-trading-cycles"))
    assert got == _ttc_by_definition(prefs, priority, capacity)
