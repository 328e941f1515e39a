"""The monthly management-team agenda, generated: what is overdue, what was escalated and what
is new since the team last met — each matter once, under the most urgent heading.

Pure: matters in, an agenda out; the use cases gather the matters (deviations, inspection
findings, support measures, pupils' investigations, flagged schools, threads between levels,
the last meeting's action items) and the words live in the catalogs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from huvudman.governance.deviations import SCHOOL_CHAIN

#: The agenda's headings, most urgent first; last, the team's own action items still open.
OVERDUE, ESCALATED, NEW, OPEN_ACTIONS = "overdue", "escalated", "new", "open_actions"
SECTIONS = (OVERDUE, ESCALATED, NEW, OPEN_ACTIONS)
#: What a team records at its meeting.
DECISION, ACTION = "decision", "action"
#: The teams that meet: each level of the chain above the teachers, with the level below.
TEAMS = SCHOOL_CHAIN


@dataclass(frozen=True)
class Matter:
    """Something a management team may need to take up."""

    kind: str  # deviation, finding, measure, pupils, flag, thread, action
    ref: str  # what it points at, e.g. "deviation:12"
    title: str
    school: str | None
    opened_at: datetime
    overdue: bool = False
    escalated_at: datetime | None = None


def section_of(matter: Matter, since: datetime | None) -> str | None:
    """The heading a matter goes under (None: not on this agenda). Overdue first; escalated
    or new only when that happened since the last meeting (everything, before the first); the
    team's open action items always, to follow them up."""
    if matter.overdue:
        return OVERDUE
    if matter.kind == "action":
        return OPEN_ACTIONS
    if matter.escalated_at is not None and (since is None or matter.escalated_at >= since):
        return ESCALATED
    if since is None or matter.opened_at >= since:
        return NEW
    return None


def agenda(matters: Iterable[Matter], since: datetime | None,
           per_section: int = 30) -> dict[str, list[Matter]]:
    """The agenda: each heading's matters (the oldest overdue first, the newest escalated and
    new first), at most `per_section` each, every matter (by its ref) once."""
    out: dict[str, list[Matter]] = {s: [] for s in SECTIONS}
    seen: set[str] = set()
    for matter in matters:
        section = section_of(matter, since)
        if section is None or matter.ref in seen:
            continue
        seen.add(matter.ref)
        out[section].append(matter)
    out[OVERDUE].sort(key=lambda m: m.opened_at)
    out[ESCALATED].sort(key=lambda m: m.escalated_at or m.opened_at, reverse=True)
    out[NEW].sort(key=lambda m: m.opened_at, reverse=True)
    out[OPEN_ACTIONS].sort(key=lambda m: m.opened_at)
    return {s: rows[:per_section] for s, rows in out.items()}


def action_overdue(due_on: date | None, done_on: date | None, today: date) -> bool:
    """A meeting's action item past its date and not done."""
    return due_on is not None and done_on is None and due_on < today


def thread_levels(role: str) -> tuple[str, ...]:
    """The levels a member of the chain can open a thread with: the one above and the one
    below (the chain's ends have only one)."""
    if role not in SCHOOL_CHAIN:
        return ()
    i = SCHOOL_CHAIN.index(role)
    return tuple(SCHOOL_CHAIN[j] for j in (i + 1, i - 1) if 0 <= j < len(SCHOOL_CHAIN))


def sees_thread(role: str, from_role: str, to_role: str) -> bool:
    """Whether a level of the chain reads a thread between two levels: the two, and every
    level above the lower of them ("one member's problem is everyone's problem")."""
    if role not in SCHOOL_CHAIN:
        return False
    lower = min(SCHOOL_CHAIN.index(from_role), SCHOOL_CHAIN.index(to_role))
    return SCHOOL_CHAIN.index(role) >= lower
