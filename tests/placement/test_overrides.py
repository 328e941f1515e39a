"""A run audited again after staff moved children by hand: each override that breaks a rule
shows as a finding, and one that changes nothing finds nothing."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from helpers import assignment, run_explicit
from huvudman.placement.overrides import OVERRIDE, audit_with_overrides, overridden_outcomes
from huvudman.words.audit import finding
from placement.strategies import instances

PREFS = {"a": ["X", "Y"], "b": ["X", "Y"], "c": ["Y"], "d": []}
PRIORITY = {"X": ["a", "b", "c", "d"], "Y": ["c", "b", "a", "d"]}
SEATS = {"X": 1, "Y": 1, "Z": 2}


def _moved(**moves: str):
    result = run_explicit(PREFS, PRIORITY, SEATS, fallback="nearest")
    inst = result.instance
    index = {inst.child_index[c]: inst.school_index[s] for c, s in moves.items()}
    return result, index


def test_the_run_as_placed_is_its_own_audit() -> None:
    result, moves = _moved()
    assert assignment(result) == {"a": "X", "b": "Z", "c": "Y", "d": "Z"}
    assert audit_with_overrides(result, moves) is result.audit and result.audit.passed


def test_a_child_put_into_a_full_school_breaks_capacity_and_takes_a_seat_from_an_applicant():
    result, moves = _moved(d="X")
    audit = audit_with_overrides(result, moves)
    assert not audit.check("capacity").passed
    assert not audit.check("no_justified_envy").passed
    words = [finding(v, "en") for v in audit.violations]
    assert any("X has 2 children for 1 places" in w for w in words)
    assert any(v.kind == "place_to_non_applicant" and v.child_id == "b" and v.other == "d"
               for v in audit.violations)
    # the override itself is accounted for (a decision with a reason), not an unexplained place
    assert audit.check("accounted").passed and audit.check("choice_ranks").passed


def test_moving_a_child_out_leaves_a_seat_empty_that_an_applicant_was_refused():
    result, moves = _moved(a="Z")
    audit = audit_with_overrides(result, moves)
    assert [(v.check, v.child_id, v.school_id) for v in audit.violations] == [
        ("capacity", "", "Z"), ("no_waste", "a", "X"), ("no_waste", "b", "X")]
    # Z's two seats held b and d already; a and b both listed X, now empty


def test_the_overridden_child_keeps_its_rank_on_its_own_list_and_is_measured_again() -> None:
    result, moves = _moved(b="Y")
    out = overridden_outcomes(result, moves)
    b = result.instance.child_index["b"]
    assert (out.rule[b], out.reason[b], int(out.choice_rank[b])) == (OVERRIDE, OVERRIDE, 2)
    assert out.distance_m[b] == result.distances.pairs(np.array([b]), np.array([moves[b]]))[0]
    assert out.rule[result.instance.child_index["a"]] == result.outcomes.rule[
        result.instance.child_index["a"]]  # nobody else changes
    assert not audit_with_overrides(result, moves).check("capacity").passed


@given(instances(), st.sampled_from(["nearest", "none"]), st.data())
def test_an_override_to_where_the_child_already_is_finds_nothing_new(case, fallback,
                                                                       data) -> None:
    prefs, priority, capacity = case
    result = run_explicit(prefs, priority, capacity, fallback=fallback)
    placed = np.flatnonzero(result.outcomes.school >= 0).tolist()
    if not placed:
        return
    chosen = data.draw(st.lists(st.sampled_from(placed), unique=True, min_size=1))
    moves = {c: int(result.outcomes.school[c]) for c in chosen}
    again = audit_with_overrides(result, moves)
    before = {c.name: c.violations for c in result.audit.checks}
    after = {c.name: c.violations for c in again.checks}
    assert after["capacity"] == before["capacity"] == 0
    assert after["no_justified_envy"] == before["no_justified_envy"]
    assert after["no_waste"] == before["no_waste"]
    assert after["fallback_nearest"] <= before["fallback_nearest"]


@given(instances(), st.data())
def test_capacity_findings_are_exactly_the_schools_the_moves_overfill(case, data) -> None:
    prefs, priority, capacity = case
    result = run_explicit(prefs, priority, capacity, fallback="none")
    n, m = len(result.instance.children), len(result.instance.schools)
    moves = data.draw(st.dictionaries(st.integers(0, n - 1), st.integers(0, m - 1)))
    school = result.outcomes.school.copy()
    for c, s in moves.items():
        school[c] = s
    load = np.bincount(school[school >= 0], minlength=m)
    over = {result.instance.schools[s].school_id
            for s in np.flatnonzero(load > np.asarray(result.instance.capacities)).tolist()}
    audit = audit_with_overrides(result, moves)
    assert {v.school_id for v in audit.violations if v.check == "capacity"} == over
