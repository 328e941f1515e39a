"""The telephone survey's rules: states from attempts, reserves called in order for families
declined or lost, callers given even shares, answers counted on their scales."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huvudman.dialogue.survey import (
    GONE,
    MAX_ATTEMPTS,
    QUESTIONS,
    STATES,
    Member,
    assign,
    call_state,
    tally,
    to_call,
    valid_answers,
)


def test_states_from_attempts() -> None:
    assert call_state([]) == "pending"
    assert call_state([], has_number=False) == "lost"
    assert call_state(["no_answer"]) == "trying"
    assert call_state(["no_answer"] * MAX_ATTEMPTS) == "lost"
    assert call_state(["no_answer", "call_back", "busy"]) == "trying"  # a call-back is no miss
    assert call_state(["no_answer", "busy", "answered"]) == "reached"
    assert call_state(["declined"]) == "declined"
    assert call_state(["wrong_number"]) == "lost"


def test_a_lost_family_releases_the_next_reserve_of_its_stratum() -> None:
    a, b = ("north", "sv", "first_choice"), ("south", "sv", "fallback")
    members = [Member("a1", a, 0, False, "lost"), Member("a2", a, 1, False, "reached"),
               Member("a3", a, 2, True, "lost"), Member("a4", a, 3, True, "pending"),
               Member("a5", a, 4, True, "pending"),
               Member("b1", b, 0, False, "pending"), Member("b2", b, 1, True, "pending")]
    # a1 lost → a3 (the first reserve) is called; lost too → a4; b's reserve stays unused
    assert to_call(members) == {"a1", "a2", "a3", "a4", "b1"}


members_st = st.lists(
    st.tuples(st.sampled_from(["x", "y", "z"]), st.booleans(), st.sampled_from(STATES)),
    max_size=40)


@given(members_st)
def test_reserves_replace_exactly_the_families_lost(raw) -> None:
    positions: dict[str, int] = {}
    members = []
    for i, (stratum, reserve, state) in enumerate(raw):
        members.append(Member(i, (stratum,), positions.get(stratum, 0), reserve, state))
        positions[stratum] = positions.get(stratum, 0) + 1
    called = to_call(members)
    for stratum in {m.stratum for m in members}:
        group = [m for m in members if m.stratum == stratum]
        sample = [m for m in group if not m.reserve]
        alive = [m for m in group if m.state not in GONE]
        called_alive = [m for m in alive if m.key in called]
        assert {m.key for m in sample} <= called
        assert len(called_alive) == min(len(sample),
                                        sum(m.state not in GONE for m in sample)
                                        + sum(m.state not in GONE for m in group if m.reserve))
        # reserves are called in their drawn order
        reserves = sorted((m for m in group if m.reserve), key=lambda m: m.position)
        flags = [m.key in called for m in reserves]
        assert flags == sorted(flags, reverse=True)


@given(st.integers(0, 200), st.integers(1, 9))
def test_callers_get_even_shares(families: int, callers: int) -> None:
    given_to = assign(list(range(families)), [f"c{i}" for i in range(callers)])
    counts = [list(given_to.values()).count(f"c{i}") for i in range(callers)]
    assert sum(counts) == families and max(counts) - min(counts) <= 1


def test_no_callers_is_refused() -> None:
    with pytest.raises(ValueError):
        assign([1, 2], [])


def test_answers_are_counted_on_their_scales() -> None:
    answers = [valid_answers({"understood_rules": "4", "information_in_time": "partly"}),
               valid_answers({"understood_rules": " 4 ", "treated_well": "5"}), {}]
    counts = tally(answers)
    assert counts["understood_rules"] == {"1": 0, "2": 0, "3": 0, "4": 2, "5": 0}
    assert counts["information_in_time"] == {"yes": 0, "partly": 1, "no": 0}
    assert counts["treated_well"]["5"] == 1 and set(counts) == {q.code for q in QUESTIONS}
    with pytest.raises(ValueError, match="letter_clear"):
        valid_answers({"letter_clear": "7"})
