"""Special support measures: a school's measure decided within delegation and followed up with
evidence; a pupil's case from signal to decision, its times in Swedish working days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huvudman.governance import support
from huvudman.governance.deviations import Refused
from huvudman.workdays import add_working_days, swedish_holidays, working_days_between

DAYS_OFF = swedish_holidays(range(2026, 2029))


def test_the_delegation_decides_who_decides() -> None:
    assert support.deciding_role(0) == "head_of_schools"
    assert support.deciding_role(250_000) == "head_of_schools"
    assert support.deciding_role(250_001) == "education_director"
    assert support.deciding_role(5_000_000) == "municipal_director"
    assert support.may_decide("education_director", 100_000)  # a level above may always
    assert not support.may_decide("head_of_schools", 300_000)
    assert not support.may_decide("principal", 0)  # the principal proposes, never decides
    assert not support.may_decide("school_evaluator", 0)
    with pytest.raises(Refused, match="bad_cost"):
        support.deciding_role(-1)


def test_a_measure_from_proposal_to_effect() -> None:
    start, end = date(2027, 2, 1), date(2027, 6, 15)
    with pytest.raises(Refused, match="above_delegation"):
        support.decide_measure(support.PROPOSED, "head_of_schools", 900_000, True, start, end)
    with pytest.raises(Refused, match="bad_timeline"):
        support.decide_measure(support.PROPOSED, "education_director", 900_000, True, end,
                               start)
    decided = support.decide_measure(support.PROPOSED, "education_director", 900_000, True,
                                     start, end)
    assert decided == support.DECIDED
    with pytest.raises(Refused, match="not_now"):
        support.decide_measure(decided, "education_director", 900_000, True, start, end)
    assert support.follow_up_late(decided, end, end + timedelta(days=1))
    assert not support.follow_up_late(decided, end, end)
    with pytest.raises(Refused, match="evidence_first"):
        support.follow_up_measure(decided, "improved", evidence=False)
    with pytest.raises(Refused, match="unknown_effect"):
        support.follow_up_measure(decided, "magic", evidence=True)
    assert support.follow_up_measure(decided, "improved", True) == support.FOLLOWED_UP
    assert support.decide_measure(support.PROPOSED, "municipal_director", 10, False) == \
        support.DECLINED  # declining needs no timeline
    with pytest.raises(Refused, match="not_now"):
        support.follow_up_measure(support.DECLINED, "improved", True)


def test_a_pupils_case_from_signal_to_follow_up() -> None:
    state = support.start_investigation(support.SIGNALLED)
    with pytest.raises(Refused, match="not_now"):
        support.start_investigation(state)
    assert support.decide_programme(state, programme=False) == support.NO_PROGRAMME
    programme = support.decide_programme(state, programme=True)
    with pytest.raises(Refused, match="evidence_first"):
        support.follow_up_programme(programme, evidence=False)
    assert support.follow_up_programme(programme, evidence=True) == support.CLOSED
    with pytest.raises(Refused, match="not_now"):
        support.follow_up_programme(support.NO_PROGRAMME, evidence=True)


def test_times_are_working_days_across_christmas() -> None:
    signal = date(2026, 12, 21)  # Monday before Christmas
    # 22, 23 working; 24, 25, 26, 27 off; 28, 29, 30 working; 31 and 1 Jan off; 2, 3 weekend
    assert working_days_between(signal, date(2027, 1, 4), DAYS_OFF) == 6
    assert support.investigation_due(signal, DAYS_OFF) == date(2026, 12, 30)
    cases = [
        support.PupilTiming(signal, date(2027, 1, 4), date(2027, 1, 20)),  # 6 and 17: late once
        support.PupilTiming(date(2027, 1, 11), date(2027, 1, 12), None),  # open, decision due
        support.PupilTiming(date(2027, 1, 18)),  # nothing yet; its 5 days not passed
    ]
    result = support.times(cases, date(2027, 1, 22), DAYS_OFF)
    assert result.cases == 3
    assert result.median_to_investigation == 3.5  # 6 and 1
    assert result.median_to_decision == 17
    assert (result.late_investigations, result.late_decisions) == (1, 0)
    later = support.times(cases, date(2027, 2, 16), DAYS_OFF)  # the 20th day was the 15th
    assert (later.late_investigations, later.late_decisions) == (2, 2)  # still open → late


@given(st.dates(date(2026, 1, 1), date(2028, 6, 1)), st.integers(0, 60))
def test_counting_days_is_adding_them_backwards(start: date, days: int) -> None:
    assert working_days_between(start, add_working_days(start, days, DAYS_OFF), DAYS_OFF) == days


@given(st.lists(st.tuples(st.dates(date(2027, 1, 1), date(2027, 6, 1)),
                          st.integers(0, 40), st.integers(0, 60), st.booleans(),
                          st.booleans()), max_size=30),
       st.dates(date(2027, 1, 1), date(2027, 9, 1)))
def test_times_count_each_case_once(rows, today: date) -> None:
    cases = [support.PupilTiming(s, s + timedelta(days=a) if inv else None,
                                 s + timedelta(days=a + b) if inv and dec else None)
             for s, a, b, inv, dec in rows]
    result = support.times(cases, today, DAYS_OFF)
    assert result.cases == len(cases)
    assert 0 <= result.late_investigations <= len(cases)
    assert 0 <= result.late_decisions <= len(cases)
    if result.median_to_decision is not None:
        assert result.median_to_investigation is not None
