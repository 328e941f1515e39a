"""Appeals of placement decisions (pure): which way the law gives a refused child, its last
day, and the steps of an appeal. Codes and dates; `words.decisions` says them.

A guardian's choice may be refused (skollagen 10 kap. 30 § första stycket) when a place would
(1) take away another child's justified claim to a school near home, or (2) cause significant
organisational or financial difficulties. Only (2) is appealed to Skolväsendets
överklagandenämnd (skollagen 28 kap. 12 § 5) — förvaltningsbesvär, sent to the municipality
within three weeks of the day the guardian received the decision (förvaltningslagen 44 §),
which checks that it came in time, may change its decision (38–39 §§) and otherwise forwards it
within a week (45 §). A refusal under (1) is reviewed only for lawfulness (laglighetsprövning,
kommunallagen 13 kap.): the family files with the administrative court within three weeks of
the day the decision was announced on the municipality's notice board. A last day on a
Saturday, Sunday, public holiday or Midsummer, Christmas or New Year's Eve moves to the next
working day (lag (1930:173) om beräkning av lagstadgad tid)."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

from huvudman.workdays import is_working_day

#: The ways a refusal is appealed (NO_APPEAL: nothing was refused).
ADMINISTRATIVE, LEGALITY, NO_APPEAL = "administrative_appeal", "legality_review", ""
#: Rules of the chain that give a child a claim to a school near home: a refusal decided by
#: them is ground (1), reviewed only for lawfulness.
NEAR_HOME_RULES = frozenset({"only_school_near_home", "guarantee", "proximity", "distance"})

APPEAL_WEEKS = 3
FORWARD_DAYS = 7

# states of an appeal
RECEIVED, DISMISSED, CHANGED, FORWARDED, RULED = (
    "received", "dismissed", "changed", "forwarded", "ruled")
# steps staff take
DISMISS, CHANGE, FORWARD, RULE = "dismiss", "change", "forward", "rule"
# a ruling
UPHELD, OVERTURNED = "upheld", "overturned"


def route_for(refused_by: str) -> str:
    """The way to appeal for a child refused at a school whose last places were decided by the
    chain rule `refused_by` ("" when the child was refused nowhere: nothing to appeal)."""
    if not refused_by:
        return NO_APPEAL
    return LEGALITY if refused_by in NEAR_HOME_RULES else ADMINISTRATIVE


def last_day(start: date, days_off: Container[date]) -> date:
    """The last day of a three-week time limit counted from `start`, moved past days off."""
    day = start + timedelta(weeks=APPEAL_WEEKS)
    while not is_working_day(day, days_off):
        day += timedelta(days=1)
    return day


def in_time(received_on: date, start: date, days_off: Container[date]) -> bool:
    """Whether an appeal received on `received_on` met the time limit counted from `start`
    (rättidsprövning)."""
    return received_on <= last_day(start, days_off)


def forward_by(received_on: date) -> date:
    """The day by which a timely appeal the municipality does not change must be with the
    appeals board (förvaltningslagen 45 §: within a week)."""
    return received_on + timedelta(days=FORWARD_DAYS)


def steps(route: str, state: str, timely: bool) -> tuple[str, ...]:
    """The steps staff may take on an appeal now. An administrative appeal that came too late
    is dismissed; one in time is changed on reconsideration or forwarded, then ruled on. A
    legality review is the court's: the municipality answers with its statement (forward) or
    changes its decision, then records the ruling."""
    if state == RECEIVED:
        if route == ADMINISTRATIVE and not timely:
            return (DISMISS,)
        return (CHANGE, FORWARD)
    if state == FORWARDED:
        return (RULE,)
    return ()


#: How an appeal ended, for statistics ("open" while it has not).
RESULTS = ("open", DISMISSED, CHANGED, UPHELD, OVERTURNED)


def result_of(state: str, outcome: str | None) -> str:
    """Where an appeal ended: dismissed, changed on reconsideration, upheld or overturned by
    the board or court, or still open."""
    if state == RULED and outcome in (UPHELD, OVERTURNED):
        return outcome
    return state if state in (DISMISSED, CHANGED) else "open"


def change_share(before: int, now: int) -> float | None:
    """The change from one year's number of appeals to the next, as a share (-0.71: 71 %
    fewer); None without a year before."""
    return (now - before) / before if before else None


def after(state: str, step: str) -> str:
    """The state a step leads to."""
    return {DISMISS: DISMISSED, CHANGE: CHANGED, FORWARD: FORWARDED, RULE: RULED}[step]
