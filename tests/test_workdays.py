"""Answer deadlines in Swedish working days."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from huvudman.workdays import add_working_days, is_working_day

SE = holidays.country_holidays("SE", years=range(2024, 2032))


def test_eves_and_holidays_are_not_working_days() -> None:
    assert not is_working_day(date(2027, 6, 25), SE)  # Midsummer Eve, a Friday
    assert not is_working_day(date(2027, 12, 24), SE)  # Christmas Eve
    assert not is_working_day(date(2027, 12, 31), SE)  # New Year's Eve
    assert not is_working_day(date(2027, 1, 6), SE)  # Epiphany
    assert not is_working_day(date(2027, 3, 26), SE)  # Good Friday
    assert is_working_day(date(2027, 6, 24), SE)
    assert add_working_days(date(2027, 12, 22), 2, SE) == date(2027, 12, 27)


@given(st.dates(date(2024, 1, 1), date(2030, 12, 31)), st.integers(0, 40))
def test_a_deadline_counts_exactly_n_working_days(start: date, n: int) -> None:
    due = add_working_days(start, n, SE)
    days = [start + timedelta(d) for d in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d, SE) for d in days) == n
    assert n == 0 or is_working_day(due, SE)
