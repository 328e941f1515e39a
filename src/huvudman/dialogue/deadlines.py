"""Answer deadlines counted in Swedish working days."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta


def is_working_day(day: date, holidays: Container[date]) -> bool:
    """Monday–Friday, not a public holiday, not Midsummer, Christmas or New Year's Eve."""
    if day.weekday() >= 5 or day in holidays:
        return False
    if (day.month, day.day) in ((12, 24), (12, 31)):
        return False
    return not (day.month == 6 and day.weekday() == 4 and 19 <= day.day <= 25)


def add_working_days(start: date, days: int, holidays: Container[date]) -> date:
    """The date `days` working days after `start` (the day itself not counted)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current, holidays):
            left -= 1
    return current
