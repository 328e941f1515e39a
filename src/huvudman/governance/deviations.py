"""Deviations (avvikelser): what happened, who owns it, by when — and that nothing is lost.

A pure core: categories with their owner chain, deadlines and legal basis; a case's states and
the events that move it; escalation of what is overdue or severe one level up the chain of
command. Every function returns a new case or a refusal code; the use cases store the events
and the words live in the catalogs.

The invariant the rest relies on — nothing gets lost: a case is either closed with evidence of
its effect, or open on exactly one owner's board (a level of its chain)."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date, datetime

from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.workdays import HOURS, WORKING_DAYS, deadline_at

#: The chain of command of a school, from the school up (rektor → skolchef →
#: förvaltningschef → kommundirektör).
SCHOOL_CHAIN = ("principal", "head_of_schools", "education_director", "municipal_director")
PLACEMENT_CHAIN = ("placement_officer", "education_director", "municipal_director")
DATA_CHAIN = ("education_director", "municipal_director")

#: Severity: 1 minor, 2 serious, 3 severe (escalated at once), 4 critical (escalated twice).
SEVERITIES = (1, 2, 3, 4)
SEVERE = 3

#: States, in the order a case normally passes them.
REPORTED, INVESTIGATING, ACTING, FOLLOWING_UP, CLOSED = (
    "reported", "investigating", "acting", "following_up", "closed")
STATES = (REPORTED, INVESTIGATING, ACTING, FOLLOWING_UP, CLOSED)


@dataclass(frozen=True)
class Deadline:
    """A time limit: `amount` hours on the clock, or working days."""

    amount: int
    unit: str = WORKING_DAYS


@dataclass(frozen=True)
class Category:
    """A kind of deviation: who owns it first and above, how fast it must move, its law.

    `respond` is the time to start investigating; `resolve` the time from then to actions in
    place; `external` an authority that must be told within `external_within` (a code the
    catalogs name); `sensitive` cases are read only by those entitled."""

    code: str
    chain: tuple[str, ...]
    respond: Deadline
    resolve: Deadline
    legal: str = ""
    sensitive: bool = False
    external: str = ""
    external_within: Deadline | None = None


#: The built-in categories, the law's first (a municipality may add its own).
CATEGORIES: dict[str, Category] = {c.code: c for c in (
    # skollagen 6 kap. 10 §: staff tell the principal, the principal the organizer; investigated
    # promptly and measures taken
    Category("degrading_treatment", SCHOOL_CHAIN, Deadline(1), Deadline(10),
             "SL 6:10", sensitive=True, external="organizer", external_within=Deadline(1)),
    # skollagen 4 kap. 8 §: the organizer's written routines for complaints
    Category("complaint", SCHOOL_CHAIN, Deadline(2), Deadline(10), "SL 4:8"),
    # socialtjänstlagen: staff must report concern for a child to social services at once
    Category("concern_for_child", SCHOOL_CHAIN, Deadline(4, HOURS), Deadline(5),
             "SoL 14:1", sensitive=True, external="social_services",
             external_within=Deadline(24, HOURS)),
    # GDPR art. 33: a personal-data breach to the authority within 72 hours
    Category("data_breach", DATA_CHAIN, Deadline(24, HOURS), Deadline(10), "GDPR 33",
             external="data_protection_authority", external_within=Deadline(72, HOURS)),
    # arbetsmiljöförordningen 2 §: a serious incident to the authority without delay
    Category("work_environment_incident", SCHOOL_CHAIN, Deadline(24, HOURS), Deadline(10),
             "AMF 2", external="work_environment_authority", external_within=Deadline(24, HOURS)),
    Category("safety_incident", SCHOOL_CHAIN, Deadline(1), Deadline(10)),
    Category("teaching_not_delivered", SCHOOL_CHAIN, Deadline(5), Deadline(20), "SL 10:1"),
    Category("support_not_given", SCHOOL_CHAIN, Deadline(5), Deadline(20), "SL 3:5"),
    Category("placement_error", PLACEMENT_CHAIN, Deadline(2), Deadline(10), "SL 9:15"),
)}
#: The law's and the system's own kinds, as shipped (`use_categories` starts from them).
BUILT_IN: dict[str, Category] = dict(CATEGORIES)


def use_categories(categories: dict[str, Category]) -> None:
    """Put a municipality's configured kinds in force (`governance.categories.configure`): the
    one table every rule here reads, changed in place when the portal or a command starts. A
    kind with cases can never disappear: every built-in kind stays."""
    missing = set(BUILT_IN) - set(categories)
    if missing:
        raise ValueError(f"built-in kinds of deviation cannot be removed: {sorted(missing)}")
    CATEGORIES.clear()
    CATEGORIES.update(categories)


#: Time an escalated case's new owner has before it escalates again.
ESCALATED_RESPOND = Deadline(1)


@dataclass(frozen=True)
class Case:
    """A deviation as its events have left it."""

    category: str
    severity: int
    state: str
    level: int  # the owner: CATEGORIES[category].chain[level]
    reported_at: datetime
    due_at: datetime
    escalations: int = 0
    cause: bool = False
    actions: int = 0
    evidence: bool = False
    at_school: bool = True  # a case of no school never sits with a school's own staff

    @property
    def owner(self) -> str | None:
        """The role whose board the case is on; None once closed."""
        return None if self.state == CLOSED else CATEGORIES[self.category].chain[self.level]


class Refused(ValueError):
    """An event a case in its state does not take; `code` says why (the catalogs' key)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def report(category: str, severity: int, at: datetime,
           days_off: Container[date] | None = None, at_school: bool = True) -> Case:
    """A new case on its category's first owner's board — one level higher for each severity
    step from severe up (a severe matter is the level above's at once). A case that concerns
    no school starts above the school's own staff (no principal could see it)."""
    if category not in CATEGORIES:
        raise Refused("unknown_category")
    if severity not in SEVERITIES:
        raise Refused("unknown_severity")
    kind = CATEGORIES[category]
    level = min(max(severity - SEVERE + 1, 0), len(kind.chain) - 1)
    if not at_school:
        level = max(level, _first_above_schools(kind.chain))
    due = deadline_at(at, kind.respond.amount, kind.respond.unit, days_off)
    return Case(category, severity, REPORTED, level, at, due, escalations=level,
                at_school=at_school)


def start(case: Case, at: datetime, days_off: Container[date] | None = None) -> Case:
    """The owner starts investigating; actions are due within the category's time."""
    _expect(case, REPORTED)
    resolve = CATEGORIES[case.category].resolve
    return replace(case, state=INVESTIGATING,
                   due_at=deadline_at(at, resolve.amount, resolve.unit, days_off))


def record_cause(case: Case) -> Case:
    """The investigation found a cause."""
    _expect(case, INVESTIGATING)
    return replace(case, cause=True)


def act(case: Case) -> Case:
    """An action decided (a cause must be known first); more may follow."""
    if case.state not in (INVESTIGATING, ACTING):
        raise Refused("not_now")
    if not case.cause:
        raise Refused("cause_first")
    return replace(case, state=ACTING, actions=case.actions + 1)


def follow_up(case: Case, at: datetime, days_off: Container[date] | None = None) -> Case:
    """The actions are in place; their effect is to be followed up within the resolve time."""
    _expect(case, ACTING)
    resolve = CATEGORIES[case.category].resolve
    return replace(case, state=FOLLOWING_UP,
                   due_at=deadline_at(at, resolve.amount, resolve.unit, days_off))


def close(case: Case, evidence: bool) -> Case:
    """Closed — only with evidence of the effect (the reporter is then told the outcome)."""
    _expect(case, FOLLOWING_UP)
    if not evidence:
        raise Refused("evidence_first")
    return replace(case, state=CLOSED, evidence=True)


def reopen(case: Case, at: datetime, days_off: Container[date] | None = None) -> Case:
    """New information: a closed case is investigated again by the owner it had."""
    _expect(case, CLOSED)
    resolve = CATEGORIES[case.category].resolve
    return replace(case, state=INVESTIGATING, evidence=False,
                   due_at=deadline_at(at, resolve.amount, resolve.unit, days_off))


def escalate(case: Case, at: datetime, days_off: Container[date] | None = None) -> Case:
    """One level up the chain; the new owner has a working day before it goes further. At
    the top of the chain there is no one above: the case stays there, overdue, and shows so."""
    if case.state == CLOSED:
        raise Refused("closed")
    if case.level >= top_level(case.category):
        raise Refused("at_top")
    return replace(case, level=case.level + 1, escalations=case.escalations + 1,
                   due_at=escalated_due(at, days_off))


def top_level(category: str) -> int:
    """The highest level of a kind's chain of command."""
    return len(CATEGORIES[category].chain) - 1


def level_above(category: str, level: int) -> int:
    """The level an escalation moves a case of `category` at `level` to."""
    return min(level + 1, top_level(category))


def escalates(case: Case, now: datetime) -> bool:
    """What a sweep escalates: open, past its deadline, and someone above its owner."""
    return overdue(case, now) and case.level < top_level(case.category)


def escalated_due(at: datetime, days_off: Container[date] | None = None) -> datetime:
    """When a case escalated at `at` is due with its new owner (the same for every case, so
    a sweep sets it for all at once)."""
    return deadline_at(at, ESCALATED_RESPOND.amount, ESCALATED_RESPOND.unit, days_off)


def overdue(case: Case, now: datetime) -> bool:
    """Open and past its deadline: the sweep escalates it."""
    return case.state != CLOSED and case.due_at <= now


def accounted_for(case: Case) -> bool:
    """The invariant: closed with evidence, or open on exactly one owner's board (one who can
    see it: a case of no school is never with a school's own staff)."""
    chain = CATEGORIES[case.category].chain
    if case.state == CLOSED:
        return case.evidence and case.owner is None
    return (case.state in STATES and 0 <= case.level < len(chain) and case.owner in chain
            and (case.at_school or case.owner not in SCHOOL_BOUND))


def _first_above_schools(chain: tuple[str, ...]) -> int:
    return next(i for i, role in enumerate(chain) if role not in SCHOOL_BOUND)


def _expect(case: Case, state: str) -> None:
    if case.state != state:
        raise Refused("not_now")
