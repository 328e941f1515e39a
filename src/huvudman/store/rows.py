"""Plain rows for reads over a whole round (thousands of children): no ORM objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import Session


def grouped(session: Session, query: Select) -> dict[Any, list]:
    """The rows of `query` gathered by their first column; each entry is the rest of the row:
    one value, or a tuple of them."""
    out: dict[Any, list] = {}
    for key, *rest in session.execute(query):
        out.setdefault(key, []).append(rest[0] if len(rest) == 1 else tuple(rest))
    return out
