"""The way to appeal and its last day (pure core), with dates across weekends and holidays."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huvudman.decisions.appeals import (
    ADMINISTRATIVE,
    CHANGE,
    CHANGED,
    DISMISS,
    DISMISSED,
    FORWARD,
    FORWARDED,
    LEGALITY,
    NO_APPEAL,
    RECEIVED,
    RULE,
    RULED,
    after,
    forward_by,
    in_time,
    last_day,
    route_for,
    steps,
)
from huvudman.workdays import is_working_day, swedish_holidays

OFF = swedish_holidays(range(2026, 2030))


def test_a_refusal_decided_by_a_claim_near_home_is_reviewed_for_lawfulness_only() -> None:
    for rule in ("proximity", "guarantee", "only_school_near_home", "distance"):
        assert route_for(rule) == LEGALITY
    for rule in ("sibling", "lottery", "special_reasons", "explicit"):
        assert route_for(rule) == ADMINISTRATIVE
    assert route_for("") == NO_APPEAL


def test_three_weeks_from_an_ordinary_day() -> None:
    assert last_day(date(2027, 3, 15), OFF) == date(2027, 4, 5)  # Monday → Monday


def test_a_last_day_on_a_weekend_moves_to_monday() -> None:
    assert last_day(date(2027, 3, 13), OFF) == date(2027, 4, 5)  # Sat 3 April → Mon 5 April


def test_a_last_day_on_easter_moves_past_the_holidays() -> None:
    # 2027: Good Friday 26 March, Easter Monday 29 March
    assert last_day(date(2027, 3, 5), OFF) == date(2027, 3, 30)


def test_a_last_day_on_midsummer_eve_and_christmas_moves_on() -> None:
    assert last_day(date(2027, 6, 4), OFF) == date(2027, 6, 28)  # Midsummer Eve, Day, Sunday
    assert last_day(date(2027, 12, 3), OFF) == date(2027, 12, 27)  # Christmas Eve → Monday


def test_an_appeal_on_the_last_day_is_in_time_the_next_day_is_not() -> None:
    start = date(2027, 3, 15)
    assert in_time(date(2027, 4, 5), start, OFF)
    assert not in_time(date(2027, 4, 6), start, OFF)


def test_forwarded_within_a_week() -> None:
    assert forward_by(date(2027, 4, 1)) == date(2027, 4, 8)


def test_the_steps_of_an_administrative_appeal() -> None:
    assert steps(ADMINISTRATIVE, RECEIVED, timely=False) == (DISMISS,)
    assert steps(ADMINISTRATIVE, RECEIVED, timely=True) == (CHANGE, FORWARD)
    assert after(DISMISS, DISMISS) == DISMISSED and steps(ADMINISTRATIVE, DISMISSED, False) == ()
    assert after(RECEIVED, CHANGE) == CHANGED and steps(ADMINISTRATIVE, CHANGED, True) == ()
    assert after(RECEIVED, FORWARD) == FORWARDED
    assert steps(ADMINISTRATIVE, FORWARDED, True) == (RULE,)
    assert after(FORWARDED, RULE) == RULED and steps(ADMINISTRATIVE, RULED, True) == ()


def test_a_legality_review_is_never_dismissed_by_the_municipality() -> None:
    assert steps(LEGALITY, RECEIVED, timely=False) == (CHANGE, FORWARD)


@given(st.dates(date(2026, 1, 1), date(2029, 6, 1)))
def test_the_last_day_is_a_working_day_at_least_three_weeks_on_and_the_first_such(start):
    day = last_day(start, OFF)
    assert is_working_day(day, OFF)
    assert day >= start + timedelta(weeks=3)
    assert all(not is_working_day(start + timedelta(weeks=3) + timedelta(days=k), OFF)
               for k in range((day - start - timedelta(weeks=3)).days))


def test_where_an_appeal_ended() -> None:
    from huvudman.decisions.appeals import (
        OVERTURNED,
        UPHELD,
        result_of,
    )
    assert result_of(RECEIVED, None) == "open" and result_of(FORWARDED, None) == "open"
    assert result_of(DISMISSED, None) == DISMISSED and result_of(CHANGED, None) == CHANGED
    assert result_of(RULED, UPHELD) == UPHELD and result_of(RULED, OVERTURNED) == OVERTURNED


def test_the_change_from_year_to_year() -> None:
    from huvudman.decisions.appeals import change_share
    assert change_share(900, 261) == -0.71  # the city after 2020: 71 % fewer appeals
    assert change_share(0, 5) is None
