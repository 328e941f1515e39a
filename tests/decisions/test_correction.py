"""Correction under a declared policy (pure core): under "no one loses" nobody's decision gets
worse, every wronged child gets the better place, and the extra places are counted; a full
re-run names those who lose."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from huvudman.decisions.correction import (
    FULL_RERUN,
    NO_ONE_LOSES,
    Placed,
    better,
    correct,
)


def _placed(schools, ranks, metres) -> Placed:
    return Placed(np.array(schools), np.array(ranks), np.array(metres, dtype=float))


def test_a_wronged_child_gets_the_place_it_should_have_had_and_the_school_an_extra_one():
    # child 0 was refused its first choice (school 0) by a wrongly measured distance;
    # child 1 got that seat and keeps it
    published = _placed([1, 0], [2, 1], [900, 300])
    corrected = _placed([0, 1], [1, 2], [400, 700])
    fixed = correct(published, corrected, np.array([1, 1]), NO_ONE_LOSES)
    assert fixed.school.tolist() == [0, 0]
    assert fixed.moved.tolist() == [0] and fixed.worse_off.tolist() == []
    assert fixed.extra_places.tolist() == [1, 0]


def test_a_full_rerun_moves_both_and_names_who_loses():
    published = _placed([1, 0], [2, 1], [900, 300])
    corrected = _placed([0, 1], [1, 2], [400, 700])
    fixed = correct(published, corrected, np.array([1, 1]), FULL_RERUN)
    assert fixed.school.tolist() == [0, 1]
    assert fixed.moved.tolist() == [0, 1] and fixed.worse_off.tolist() == [1]
    assert fixed.extra_places.tolist() == [0, 0]


def test_a_fallback_child_sent_too_far_gets_the_nearer_school():
    published = _placed([2], [0], [2500])
    corrected = _placed([1], [0], [800])
    assert better(published, corrected).tolist() == [True]
    assert correct(published, corrected, np.array([5, 5, 5]), NO_ONE_LOSES).moved.tolist() == [0]


@st.composite
def cases(draw):
    n = draw(st.integers(1, 12))
    m = draw(st.integers(1, 5))

    def placed():
        school = draw(st.lists(st.integers(-1, m - 1), min_size=n, max_size=n))
        rank = [0 if s < 0 else draw(st.integers(0, 4)) for s in school]
        metres = draw(st.lists(st.floats(0, 5000), min_size=n, max_size=n))
        return _placed(school, rank, metres)

    capacities = np.array(draw(st.lists(st.integers(0, 4), min_size=m, max_size=m)))
    return placed(), placed(), capacities


@given(cases())
def test_no_one_loses_and_every_wronged_child_is_put_right(case) -> None:
    published, corrected, capacities = case
    fixed = correct(published, corrected, capacities, NO_ONE_LOSES)
    gains = better(published, corrected)
    assert (fixed.school[gains] == corrected.school[gains]).all()
    assert (fixed.school[~gains] == published.school[~gains]).all()
    final = Placed(fixed.school, np.where(gains, corrected.rank, published.rank),
                   np.where(gains, corrected.distance_m, published.distance_m))
    assert not better(final, published).any()  # nobody's decision gets worse
    assert fixed.extra_places.sum() <= len(fixed.moved)
    assert set(fixed.moved.tolist()) <= set(np.flatnonzero(gains).tolist())


@given(cases())
def test_the_same_inputs_correct_nothing(case) -> None:
    published, _corrected, capacities = case
    for policy in (NO_ONE_LOSES, FULL_RERUN):
        fixed = correct(published, published, capacities, policy)
        assert len(fixed.moved) == 0 and len(fixed.worse_off) == 0
        assert fixed.extra_places.sum() == 0


@given(cases())
def test_a_full_rerun_is_the_corrected_placement_and_its_losers_moved(case) -> None:
    published, corrected, capacities = case
    fixed = correct(published, corrected, capacities, FULL_RERUN)
    assert (fixed.school == corrected.school).all()
    assert set(fixed.worse_off.tolist()) <= set(fixed.moved.tolist())


def test_why_a_child_moves() -> None:
    from huvudman.decisions.correction import (
        HIGHER_CHOICE,
        LISTED_NOT_FALLBACK,
        NEARER,
        PLACED_NOW,
        WORSE_OFF,
        reason_of,
    )
    assert reason_of(True, 3, 1, False) == HIGHER_CHOICE
    assert reason_of(True, 0, 2, False) == LISTED_NOT_FALLBACK
    assert reason_of(True, 0, 0, False) == NEARER
    assert reason_of(False, 0, 0, False) == PLACED_NOW
    assert reason_of(True, 1, 3, True) == WORSE_OFF
