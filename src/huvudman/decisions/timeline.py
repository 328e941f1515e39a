"""A round as a family lives it (pure): choices open → the choice deadline → the decision →
the last day to appeal → the first school day, each step past, now or to come. Dates and
codes; `words.decisions` says them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STEPS = ("choices_open", "deadline", "decision", "appeal_last_day", "school_starts")


@dataclass(frozen=True)
class RoundDates:
    """The dates a municipality sets for one round (the deadline as a Swedish day)."""

    choices_open: date
    deadline: date
    decision: date  # when the decisions are planned to be published
    school_starts: date

    def __post_init__(self) -> None:
        order = (self.choices_open, self.deadline, self.decision, self.school_starts)
        if list(order) != sorted(order):
            raise ValueError("the round's dates must come in order: choices open, deadline, "
                             "decision, first school day")


@dataclass(frozen=True)
class Step:
    """One step: its code, its day (None: not known yet), and whether it is past."""

    code: str
    day: date | None
    past: bool
    planned: bool  # a day the municipality plans, not one that has happened


def timeline(dates: RoundDates, today: date, decided_on: date | None = None,
             appeal_last_day: date | None = None) -> list[Step]:
    """The family's steps in order. `decided_on` is the day its decision was published (else
    the planned day is shown); the appeal's last day is known only once the decision is
    received (`appeal_last_day`), and is None when there is nothing to appeal."""
    decision = decided_on or dates.decision
    days = {"choices_open": (dates.choices_open, False), "deadline": (dates.deadline, False),
            "decision": (decision, decided_on is None),
            "appeal_last_day": (appeal_last_day, False),
            "school_starts": (dates.school_starts, False)}
    steps = []
    for code in STEPS:
        day, planned = days[code]
        past = day is not None and day < today
        if code == "decision":
            past = decided_on is not None
        steps.append(Step(code, day, past, planned))
    return steps


def current(steps: list[Step]) -> str | None:
    """The code of the first step not yet past (where the family is now)."""
    return next((s.code for s in steps if not s.past), None)
