"""Patterns across deviations for the level that owns them: the same pupil again, the same
place, the same time of day, the same member of staff named, a rising rate at a school.

The search is `governance.patterns` (vectorised); this module reads the columns it needs over
the longest window — pupils and staff only as pseudonyms — scopes the flags (a principal: their
own school and the flags that are theirs; the levels above: every school), keeps them for a few
minutes, and audits the read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.governance.deviations import SCHOOL_CHAIN
from huvudman.governance.patterns import PLACES, Thresholds, find_patterns
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.services.registers.schools import school_names
from huvudman.store import audit_log
from huvudman.store.models import Deviation, User
from huvudman.store.times import as_utc

LIMITS = Thresholds()


@dataclass(frozen=True)
class Pattern:
    """A flag as a board shows it: its kind, the school, what repeats (a place code, an hour,
    or nothing for a person: never who), and how many cases."""

    kind: str
    school: str
    place: str
    hour: int | None
    cases: int


#: Patterns are looked for again at most this often (seconds): they are trends, not alarms,
#: and a board loads in a moment even with a hundred thousand cases.
REFRESH_SECONDS = 300
_found: dict[tuple, tuple[list, dict]] = {}


def patterns_for(session: Session, viewer: User, now: datetime) -> list[Pattern]:
    """The patterns the viewer's level owns or oversees; the read is audited."""
    if viewer.role not in SCHOOL_CHAIN:
        return []
    own = viewer.school_id if viewer.role in SCHOOL_BOUND else None
    key = (str(session.get_bind().url), own, int(now.timestamp()) // REFRESH_SECONDS)
    if key not in _found:
        if len(_found) > 32:
            _found.clear()
        _found[key] = _search(session, own, now)
    flags, schools = _found[key]
    mine = SCHOOL_CHAIN.index(viewer.role)
    names = school_names(session)
    out = [Pattern(flag.kind, names.get(schools[flag.school], schools[flag.school]),
                   PLACES[flag.subject] if flag.kind == "same_place" else "",
                   flag.subject if flag.kind == "same_hour" else None, flag.cases)
           for flag in flags if SCHOOL_CHAIN.index(flag.flagged_to) <= mine]
    audit_log.record(session, viewer.email, "read_patterns", "deviations",
                     f"{len(out)} pattern(s)", at=now)
    return out


def _search(session: Session, school_id: str | None, now: datetime) -> tuple[list, list]:
    """The flags over the cases of the longest window (one school's, or every school's), and
    the school of each school code."""
    longest = max(LIMITS.pupil_days, LIMITS.place_days, LIMITS.hour_days, LIMITS.staff_days,
                  2 * LIMITS.rate_days)
    query = (select(Deviation.school_id, Deviation.occurred_at, Deviation.reported_at,
                    Deviation.pupil_key, Deviation.staff_key, Deviation.place)
             .where(Deviation.school_id.is_not(None),
                    Deviation.reported_at >= now - timedelta(days=longest))
             .order_by(Deviation.reported_at))
    if school_id is not None:
        query = query.where(Deviation.school_id == school_id)
    rows = session.execute(query).all()
    if not rows:
        return [], []
    schools, school = _codes([r[0] for r in rows])
    at = np.array([as_utc(r[1] or r[2]).timestamp() for r in rows], dtype=np.int64)
    _, pupil = _codes([r[3] for r in rows])
    _, staff = _codes([r[4] for r in rows])
    place = np.array([PLACES.index(r[5]) if r[5] in PLACES else -1 for r in rows])
    return find_patterns(school, at, pupil, staff, place, int(now.timestamp()),
                         limits=LIMITS), schools


def _codes(values: list) -> tuple[list, np.ndarray]:
    """Dense integer codes for values (None → -1), and the value of each code."""
    known: dict = {}
    codes = np.array([-1 if v is None else known.setdefault(v, len(known)) for v in values],
                     dtype=np.int64)
    return list(known), codes
