"""The school evaluator's early warning: indicators of a school against declared thresholds,
a score, and the reasons for it — so a school that needs support is seen before the
inspectorate sees it.

Pure: indicator codes, thresholds and weights declared here (shown with every score), values
in, a score and its reasons out. Values come from Skolverket's school-unit statistics (read
with `skolverket_number`) and from the system's own records (deviations per 100 pupils,
overdue matters)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Indicator:
    """An indicator: which way is worse, where the line is, and how much a breach weighs."""

    code: str
    worse_when: str  # "below" or "above" the threshold
    threshold: float
    weight: int = 1


#: The indicators and their declared thresholds (percentages, ratios or counts).
INDICATORS: dict[str, Indicator] = {i.code: i for i in (
    Indicator("certified_teachers", "below", 70.0),           # % with teacher certification
    Indicator("passed_all_subjects", "below", 75.0),          # % passing every subject
    Indicator("eligible_upper_secondary", "below", 80.0),     # % eligible (year 9)
    Indicator("pupils_per_teacher", "above", 15.0),
    Indicator("absence", "above", 10.0),                      # % of lessons missed
    Indicator("staff_turnover", "above", 25.0),               # % of staff leaving a year
    Indicator("feels_safe", "below", 80.0, weight=2),         # % feeling safe (pupil survey)
    Indicator("deviations_per_100", "above", 10.0),           # the system's own, a year
    Indicator("degrading_per_100", "above", 3.0, weight=2),
    Indicator("overdue_matters", "above", 3.0),
)}
#: A score at or above this flags the school: it goes up the chain and may get an adviser.
FLAG_AT = 3


@dataclass(frozen=True)
class Reason:
    """One breached indicator: its value and the line it crossed."""

    code: str
    value: float
    threshold: float
    weight: int


@dataclass(frozen=True)
class Assessment:
    """A school's score, the reasons for it, the indicators without data, and the flag."""

    score: int
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]

    @property
    def flagged(self) -> bool:
        """Whether the score reaches the declared flag."""
        return self.score >= FLAG_AT


def assess(values: Mapping[str, float | None]) -> Assessment:
    """Score a school's indicator values (a missing or unknown value is listed, not scored)."""
    reasons, missing = [], []
    for code, ind in INDICATORS.items():
        value = values.get(code)
        if value is None:
            missing.append(code)
            continue
        breached = value < ind.threshold if ind.worse_when == "below" else value > ind.threshold
        if breached:
            reasons.append(Reason(code, float(value), ind.threshold, ind.weight))
    reasons.sort(key=lambda r: (-r.weight, r.code))
    return Assessment(sum(r.weight for r in reasons), tuple(reasons), tuple(missing))


_APPROX = re.compile(r"^(?:cirka|ca\.?)\s+", re.IGNORECASE)


def skolverket_number(text: str | None) -> float | None:
    """A value as Skolverket's statistics write it: "46,9" → 46.9, "cirka 210" → 210; None
    for the marks of a value not shown ("..", "*", "-", "") or anything else unreadable."""
    if text is None:
        return None
    cleaned = _APPROX.sub("", str(text).strip()).replace("\u00a0", "").replace(" ", "")
    if cleaned in ("", "..", "*", "-", "–", "."):
        return None
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        return None
