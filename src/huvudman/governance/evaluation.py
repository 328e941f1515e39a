"""The school evaluator's plan and visits: a plan per school and term with the areas the
evaluation looks at, and a protocol per visit by area — what was seen, what works, what needs
developing, and a judgement on a declared four-step scale.

Pure: terms, areas and judgements as codes; the use cases store them and the words live in the
catalogs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from huvudman.governance.inspections import AREAS

#: A term: autumn (HT) or spring (VT) of a year, "HT2026".
_TERM = re.compile(r"^(HT|VT)(20\d\d)$")
#: The judgement of an area at a visit, weakest first.
JUDGEMENTS = ("deficient", "needs_development", "good", "very_good")


def parse_term(text: str) -> str | None:
    """A term typed as HT2026 or vt 2027 (None when it is not one)."""
    term = text.replace(" ", "").upper()
    return term if _TERM.match(term) else None


def term_of(day: date) -> str:
    """The term a day falls in (spring: January–June; autumn: July–December)."""
    return f"{'VT' if day.month <= 6 else 'HT'}{day.year}"


def term_bounds(term: str) -> tuple[date, date]:
    """The first and last day of a term."""
    kind, year = term[:2], int(term[2:])
    return (date(year, 1, 1), date(year, 6, 30)) if kind == "VT" else (
        date(year, 7, 1), date(year, 12, 31))


def valid_areas(areas: Sequence[str]) -> bool:
    """Whether every area named is one the inspectorate reviews (and at least one is)."""
    return bool(areas) and all(a in AREAS for a in areas)


def weakest(judgements: Sequence[str]) -> str | None:
    """The weakest judgement of a visit's areas (None when none was judged)."""
    known = [j for j in judgements if j in JUDGEMENTS]
    return min(known, key=JUDGEMENTS.index) if known else None
