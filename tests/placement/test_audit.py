"""The audit catches each kind of violation when a placement is tampered with."""

from __future__ import annotations

from dataclasses import replace

from helpers import run_explicit
from huvudman.placement.audit import audit_placement
from huvudman.placement.outcome import Outcomes
from huvudman.words.audit import finding

PREFS = {"a": ["X", "Y"], "b": ["X", "Y"], "c": ["Y"], "d": []}
PRIORITY = {"X": ["a", "b", "c", "d"], "Y": ["c", "b", "a", "d"]}
SEATS = {"X": 1, "Y": 1, "Z": 2}


def _tampered(changes: dict[str, tuple[str | None, int, str]]):
    result = run_explicit(PREFS, PRIORITY, SEATS, fallback="nearest")
    inst = result.instance
    outcomes = list(result.outcomes)
    for cid, (school, rank, rule) in changes.items():
        c = inst.child_index[cid]
        s = inst.school_index[school] if school else -1
        outcomes[c] = replace(outcomes[c], school=s, choice_rank=rank, rule=rule,
                              application=-1 if rank == 0 else outcomes[c].application)
    dist = _distances(inst)
    return audit_placement(inst, result.priorities, Outcomes.from_records(outcomes), dist,
                           "deferred-acceptance")


def _distances(inst):
    import numpy as np

    from huvudman.placement import StraightLineDistances
    school_xy = np.array([[0, 0], [100, 0], [200, 0]], dtype=float)
    return StraightLineDistances(np.zeros((len(inst.children), 2)), school_xy)


def test_untouched_run_passes() -> None:
    result = run_explicit(PREFS, PRIORITY, SEATS, fallback="nearest")
    assert result.audit.passed
    assert {c.name for c in result.audit.checks} == {
        "capacity", "accounted", "choice_ranks", "no_justified_envy", "no_waste",
        "fallback_nearest"}


def test_detects_school_over_capacity() -> None:
    audit = _tampered({"b": ("X", 1, "proximity")})
    assert not audit.check("capacity").passed
    assert any("X has 2 children for 1 places" in finding(v, "en") for v in audit.violations)


def test_detects_justified_envy() -> None:
    # b (weaker than a at X) takes X; a is moved to Y
    audit = _tampered({"b": ("X", 1, "explicit"), "a": ("Z", 0, "fallback")})
    envy = audit.check("no_justified_envy")
    assert not envy.passed
    assert any("child a ranked X as choice 1 and was refused, but child b" in finding(v, "en")
               for v in audit.violations)


def test_detects_waste_and_unexplained_unplaced() -> None:
    audit = _tampered({"a": (None, 0, "")})
    assert not audit.check("no_waste").passed
    assert not audit.check("accounted").passed


def test_detects_fallback_not_nearest() -> None:
    prefs = {"a": ["X"], "b": ["X"], "d": []}
    priority = {"X": ["a", "b", "d"], "Y": ["a", "b", "d"], "Z": ["a", "b", "d"]}
    result = run_explicit(prefs, priority, {"X": 1, "Y": 2, "Z": 2}, fallback="nearest")
    inst = result.instance
    dist = _distances(inst)
    # with every child at one spot the distances are X 0 m, Y 100 m, Z 200 m
    outcomes = list(result.outcomes)
    y, z = inst.school_index["Y"], inst.school_index["Z"]
    for cid, school in (("b", y), ("d", y)):
        c = inst.child_index[cid]
        outcomes[c] = replace(outcomes[c], school=school, rule="fallback", choice_rank=0)
    records = Outcomes.from_records(outcomes)
    assert audit_placement(inst, result.priorities, records, dist, "x").passed
    d = inst.child_index["d"]
    outcomes[d] = replace(outcomes[d], school=z)
    audit = audit_placement(inst, result.priorities, Outcomes.from_records(outcomes), dist, "x")
    assert not audit.check("fallback_nearest").passed
    assert any("still has a free place" in finding(v, "en") for v in audit.violations)


def test_detects_wrong_choice_rank() -> None:
    audit = _tampered({"c": ("Y", 2, "proximity")})
    assert not audit.check("choice_ranks").passed
