"""Swedish working days and the deadlines counted in them (pure: dates in, dates out).

A working day is Monday–Friday that is not a public holiday nor Midsummer, Christmas or New
Year's Eve — the days on which the law's time limits do not end (lag (1930:173) om beräkning
av lagstadgad tid). Deadlines in hours run on the clock, day and night."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: Units a deadline is counted in.
HOURS, WORKING_DAYS = "hours", "working_days"


def swedish_holidays(years: range) -> Container[date]:
    """Public holidays and the eves that are days off in practice, for `years`."""
    return holidays.country_holidays("SE", years=years, categories=("public", "de_facto"))


def swedish_date(at: datetime) -> date:
    """The date in Sweden at the instant `at` (aware): the day a time limit counts from."""
    return at.astimezone(STOCKHOLM).date()


def is_working_day(day: date, days_off: Container[date]) -> bool:
    """Monday–Friday, not a public holiday, not Midsummer, Christmas or New Year's Eve."""
    if day.weekday() >= 5 or day in days_off:
        return False
    if (day.month, day.day) in ((12, 24), (12, 31)):
        return False
    return not (day.month == 6 and day.weekday() == 4 and 19 <= day.day <= 25)


def add_working_days(start: date, days: int, days_off: Container[date]) -> date:
    """The date `days` working days after `start` (the day itself not counted)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_working_day(current, days_off):
            left -= 1
    return current


def working_days_between(start: date, end: date, days_off: Container[date]) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later): how
    long something that began on `start` took, counted as the law counts its time limits."""
    return sum(1 for k in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=k), days_off))


def deadline_at(start: datetime, amount: int, unit: str,
                days_off: Container[date] | None = None) -> datetime:
    """When something started at `start` (aware) is due: `amount` hours later on the clock, or
    at the end (midnight, Swedish time) of the `amount`-th working day after the day it began."""
    if unit == HOURS:
        return start + timedelta(hours=amount)
    if unit != WORKING_DAYS:
        raise ValueError(f"unknown deadline unit {unit!r}")
    local = start.astimezone(STOCKHOLM).date()
    days_off = days_off if days_off is not None else swedish_holidays(
        range(local.year, local.year + 2 + amount // 200))
    due = add_working_days(local, amount, days_off)
    return datetime.combine(due + timedelta(days=1), time(0), STOCKHOLM).astimezone(start.tzinfo)
