"""The monthly report's arithmetic: months in Swedish time, trends, ages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from huvudman.governance import report


def test_months_are_swedish_and_wrap_the_year() -> None:
    assert report.parse_month("2026-11") == (2026, 11)
    for bad in ("2026-13", "26-11", "2026-1", "", "x" * 50, "1999-12"):
        assert report.parse_month(bad) is None
    assert report.last_full_month(datetime(2027, 1, 5, tzinfo=UTC)) == (2026, 12)
    # 23:30 UTC on 31 October is already 1 November in Sweden (CET)
    assert report.last_full_month(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)) == (2026, 10)
    assert report.trend((2026, 2), 4) == [(2025, 11), (2025, 12), (2026, 1), (2026, 2)]
    start, end = report.bounds((2026, 3))
    assert start.isoformat() == "2026-03-01T00:00:00+01:00"
    assert end.isoformat() == "2026-04-01T00:00:00+02:00"  # summer time began on the 29th


def test_counts_per_month_and_by_age() -> None:
    months = report.trend((2026, 11), 3)
    at = [datetime(2026, 9, 30, 22, 30, tzinfo=UTC),  # 1 October in Sweden
          datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC)]
    assert report.per_month(at, months) == [0, 1, 1]
    now = datetime(2026, 12, 1, tzinfo=UTC)
    ages = report.by_age([now - timedelta(days=d) for d in (1, 6.9, 7, 45, 200)], now)
    assert ages == {"week": 2, "month": 1, "quarter": 1, "older": 1}


@given(st.integers(-500, 500), st.integers(2001, 2099), st.integers(1, 12))
def test_shifting_months_is_arithmetic(by: int, year: int, month: int) -> None:
    there = report.shift((year, month), by)
    assert report.shift(there, -by) == (year, month)
    assert 1 <= there[1] <= 12
