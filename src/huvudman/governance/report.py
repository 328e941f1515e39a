"""The monthly governance report's arithmetic: the month's bounds in Swedish time, the twelve
months a trend covers, counts per month, and open matters by age.

Pure: instants and dates in, numbers out; the use case gathers the rows and the words live in
the catalogs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time

from huvudman.workdays import STOCKHOLM

#: How old open matters are, in days since reported: up to a week, a month, a quarter, more.
AGE_BUCKETS = ("week", "month", "quarter", "older")
_AGE_LIMITS = (7, 30, 90)
#: Months a trend shows, the report's own the last.
TREND_MONTHS = 12
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")

Month = tuple[int, int]


def parse_month(text: str) -> Month | None:
    """A month typed as 2026-11 (None when it is not one)."""
    found = _MONTH.match(text.strip())
    if not found:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    return (year, month) if 2000 <= year <= 2100 and 1 <= month <= 12 else None


def last_full_month(now: datetime) -> Month:
    """The month before the one `now` falls in (Swedish time): what a report covers."""
    today = now.astimezone(STOCKHOLM).date()
    return (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)


def shift(month: Month, by: int) -> Month:
    """The month `by` months after `month` (before, if negative)."""
    index = month[0] * 12 + month[1] - 1 + by
    return index // 12, index % 12 + 1


def bounds(month: Month) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's first (Swedish midnights, aware)."""
    start = datetime.combine(date(month[0], month[1], 1), time(0), STOCKHOLM)
    nxt = shift(month, 1)
    return start, datetime.combine(date(nxt[0], nxt[1], 1), time(0), STOCKHOLM)


def trend(month: Month, months: int = TREND_MONTHS) -> list[Month]:
    """The `months` months ending with `month`, oldest first."""
    return [shift(month, k) for k in range(-months + 1, 1)]


def per_month(instants: Iterable[datetime], months: list[Month]) -> list[int]:
    """How many of `instants` fall in each of `months` (Swedish time)."""
    index = {m: k for k, m in enumerate(months)}
    counts = [0] * len(months)
    for at in instants:
        local = at.astimezone(STOCKHOLM)
        k = index.get((local.year, local.month))
        if k is not None:
            counts[k] += 1
    return counts


def age_bucket(reported_at: datetime, at: datetime) -> str:
    """The age bucket of a matter reported at `reported_at`, seen at `at`."""
    days = (at - reported_at).total_seconds() / 86_400
    for limit, bucket in zip(_AGE_LIMITS, AGE_BUCKETS, strict=False):
        if days < limit:
            return bucket
    return AGE_BUCKETS[-1]


def by_age(reported: Iterable[datetime], at: datetime) -> dict[str, int]:
    """Open matters counted by age bucket at `at`."""
    counts = dict.fromkeys(AGE_BUCKETS, 0)
    for when in reported:
        counts[age_bucket(when, at)] += 1
    return counts
