"""Special support measures, at two scales.

A school that needs more: a measure is proposed from a trigger (the early warning, a deviation,
an inspection finding, an adviser's view), decided by the level whose delegation covers its cost,
carried out on a timeline with its resources, and its effect followed up with evidence.

A pupil who may not reach the requirements (skollagen 3 kap. 7–9 §§): a signal from staff, the
principal informed, an investigation (utredning) started promptly, a decision to draw up an
action programme (åtgärdsprogram) or not — both appealable — and the programme followed up. The
working days from signal to investigation and to decision are measured per school, because slow
investigations are among the deficiencies inspections most often find.

Pure: states, refusals as codes, the delegation table, the times; the use cases store it and
the words live in the catalogs."""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median

from huvudman.governance.deviations import SCHOOL_CHAIN, Refused
from huvudman.workdays import add_working_days, working_days_between

# ---- a school's measure -------------------------------------------------------------------

#: What can set a measure off.
TRIGGERS = ("early_warning", "deviation", "inspection_finding", "adviser", "other")
PROPOSED, DECIDED, DECLINED, FOLLOWED_UP = "proposed", "decided", "declined", "followed_up"
MEASURE_STATES = (PROPOSED, DECIDED, DECLINED, FOLLOWED_UP)
#: The effect a follow-up finds.
EFFECTS = ("improved", "partly_improved", "unchanged", "worse")
#: Who may propose a measure for a school.
PROPOSERS = ("principal", "head_of_schools", "education_director", "school_evaluator",
             "adviser")
#: The delegation: the level that decides a measure costing up to the amount (SEK), lowest
#: first; the last has no ceiling. A level above may always decide in its place.
DELEGATION: tuple[tuple[int | None, str], ...] = (
    (250_000, "head_of_schools"), (2_000_000, "education_director"),
    (None, "municipal_director"))


def deciding_role(cost: int) -> str:
    """The lowest level whose delegation covers a measure of `cost` kronor."""
    if cost < 0:
        raise Refused("bad_cost")
    return next(role for ceiling, role in DELEGATION if ceiling is None or cost <= ceiling)


def may_decide(role: str, cost: int) -> bool:
    """Whether `role` is at or above the level that decides a measure of `cost`."""
    if role not in SCHOOL_CHAIN:
        return False
    return SCHOOL_CHAIN.index(role) >= SCHOOL_CHAIN.index(deciding_role(cost))


def decide_measure(state: str, role: str, cost: int, approve: bool,
                   starts_on: date | None = None, ends_on: date | None = None) -> str:
    """The decision on a proposed measure. Approving needs the delegation for its cost and a
    timeline (start before end); declining needs only the delegation."""
    if state != PROPOSED:
        raise Refused("not_now")
    if not may_decide(role, cost):
        raise Refused("above_delegation")
    if not approve:
        return DECLINED
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        raise Refused("bad_timeline")
    return DECIDED


def follow_up_measure(state: str, effect: str, evidence: bool) -> str:
    """The effect of a decided measure, followed up with evidence; the measure is then done."""
    if state != DECIDED:
        raise Refused("not_now")
    if effect not in EFFECTS:
        raise Refused("unknown_effect")
    if not evidence:
        raise Refused("evidence_first")
    return FOLLOWED_UP


def follow_up_late(state: str, ends_on: date | None, today: date) -> bool:
    """A decided measure whose timeline has run out without its effect followed up."""
    return state == DECIDED and ends_on is not None and ends_on < today


# ---- a pupil's case -----------------------------------------------------------------------

SIGNALLED, INVESTIGATING, PROGRAMME, NO_PROGRAMME, CLOSED = (
    "signalled", "investigating", "programme", "no_programme", "closed")
PUPIL_STATES = (SIGNALLED, INVESTIGATING, PROGRAMME, NO_PROGRAMME, CLOSED)
#: States in which nothing more is to be done (a decision not to draw up a programme ends
#: the case; it can be appealed).
PUPIL_DONE = (NO_PROGRAMME, CLOSED)
#: The declared targets, in working days from the signal ("skyndsamt" in the law).
INVESTIGATE_WITHIN = 5
DECIDE_WITHIN = 20


def start_investigation(state: str) -> str:
    """The principal has the pupil's needs investigated."""
    if state != SIGNALLED:
        raise Refused("not_now")
    return INVESTIGATING


def decide_programme(state: str, programme: bool) -> str:
    """The principal's decision: an action programme, or none (both appealable)."""
    if state != INVESTIGATING:
        raise Refused("not_now")
    return PROGRAMME if programme else NO_PROGRAMME


def follow_up_programme(state: str, evidence: bool) -> str:
    """The programme evaluated; the case closes with what was found."""
    if state != PROGRAMME:
        raise Refused("not_now")
    if not evidence:
        raise Refused("evidence_first")
    return CLOSED


@dataclass(frozen=True)
class PupilTiming:
    """When a pupil's case was signalled, investigated and decided (None: not yet)."""

    signalled_on: date
    investigation_on: date | None = None
    decided_on: date | None = None


@dataclass(frozen=True)
class Times:
    """A school's times from signal, in working days (None: no case has got that far)."""

    cases: int
    median_to_investigation: float | None
    median_to_decision: float | None
    late_investigations: int  # started after the target, or not started and past it
    late_decisions: int

    @property
    def late(self) -> int:
        """Cases late on either count (each counted once per count)."""
        return self.late_investigations + self.late_decisions


def investigation_due(signalled_on: date, days_off: Container[date]) -> date:
    """The last day to start the investigation of a pupil signalled on `signalled_on`."""
    return add_working_days(signalled_on, INVESTIGATE_WITHIN, days_off)


def decision_due(signalled_on: date, days_off: Container[date]) -> date:
    """The last day to decide on an action programme for a pupil signalled then."""
    return add_working_days(signalled_on, DECIDE_WITHIN, days_off)


def times(cases: Sequence[PupilTiming], today: date, days_off: Container[date]) -> Times:
    """Medians of the working days from signal to investigation and to decision (of the cases
    that got there), and how many were — or still open, already are — later than the targets."""
    to_investigation = [working_days_between(c.signalled_on, c.investigation_on, days_off)
                        for c in cases if c.investigation_on is not None]
    to_decision = [working_days_between(c.signalled_on, c.decided_on, days_off)
                   for c in cases if c.decided_on is not None]
    late_inv = sum(1 for c in cases if _late(c.signalled_on, c.investigation_on, today,
                                             INVESTIGATE_WITHIN, days_off))
    late_dec = sum(1 for c in cases if _late(c.signalled_on, c.decided_on, today,
                                             DECIDE_WITHIN, days_off))
    return Times(len(cases), median(to_investigation) if to_investigation else None,
                 median(to_decision) if to_decision else None, late_inv, late_dec)


def _late(start: date, done: date | None, today: date, target: int,
          days_off: Container[date]) -> bool:
    return working_days_between(start, done if done is not None else today, days_off) > target
