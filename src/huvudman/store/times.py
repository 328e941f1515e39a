"""Times as the database gives them back: stored in UTC, but SQLite drops the zone."""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(at: datetime) -> datetime:
    """A stored time with its UTC zone (SQLite returns it without one)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
