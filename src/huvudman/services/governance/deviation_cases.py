"""Deviations from report to closing: staff (and anonymous reporters) report, the owner on the
chain of command moves the case, the sweep escalates what is overdue, every level sees its own
board and the levels below it.

The rules (states, deadlines, escalation) are `governance.deviations`; this module stores each
event, decides who may see and do what, and audits every read of a case."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from huvudman.governance import deviations as core
from huvudman.governance.patterns import PLACES
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.services.accounts.sign_in import canonical_personnummer
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance.case_mail import tell_escalated, tell_new_case
from huvudman.services.records.receipts import new_receipt, receipt_digest, typed_digest
from huvudman.store import audit_log
from huvudman.store.database import writes
from huvudman.store.models import Deviation, DeviationEvent, School, User
from huvudman.store.times import as_utc
from huvudman.words.messages import (
    CASE_NEEDS_TEXT,
    DEVIATION_REFUSED,
    STEP_NEEDS_TEXT,
    UNKNOWN_DEVIATION_KIND,
    UNKNOWN_SCHOOL,
)

LONGEST_TITLE = 200
_CHUNK = 5_000  # ids per statement
LONGEST_TEXT = 5_000
#: Roles that follow the work up: they read cases that are not sensitive, and move none.
FOLLOW_UP = ("school_evaluator", "auditor")
#: Events an owner records, each a step of the core's state machine (or a comment).
ACTIONS = ("start", "cause", "act", "follow_up", "close", "reopen", "comment", "question")


@dataclass(frozen=True)
class Reported:
    """A new deviation and, for an anonymous reporter, the receipt code (shown once)."""

    deviation: Deviation
    receipt: str | None


@dataclass(frozen=True)
class Board:
    """What one member of staff sees: the open cases on their own board, those below them on
    the chain of command, those that went above them (each the `BOARD_ROWS` due first, with
    how many there are in all), and the cases they reported."""

    mine: list[Deviation]
    below: list[Deviation]
    above: list[Deviation]
    reported: list[Deviation]
    counts: dict[str, int]


#: Cases a board lists per group (the most urgent first); the count says how many in all.
BOARD_ROWS = 100
#: What one reported that a board lists (the newest first).
REPORTED_ROWS = 20


def case_of(row: Deviation) -> core.Case:
    """The stored row as the core's case."""
    return core.Case(row.category, row.severity, row.state, row.level,
                     as_utc(row.reported_at), as_utc(row.due_at), row.escalations,
                     row.cause_found, row.actions, row.evidence,
                     at_school=row.school_id is not None)


def owner_role(row: Deviation) -> str | None:
    """The role whose board a case is on (None once closed)."""
    return case_of(row).owner


@dataclass(frozen=True)
class Involved:
    """What a report may add for patterns: the place, the pupil and the member of staff
    involved (typed as a personnummer or a name; kept only as keyed pseudonyms)."""

    place: str = ""
    pupil: str = ""
    staff: str = ""


def report_deviation(session: Session, reporter: User | None, category: str, severity: int,
                     school_id: str, title: str, description: str, now: datetime,
                     involved: Involved | None = None, pseudonym_key: bytes = b"") -> Reported:
    """Record a deviation on its first owner's board; `reporter` None is an anonymous report
    (nothing identifying kept, a receipt code to follow it instead)."""
    title, description = title.strip()[:LONGEST_TITLE], description.strip()[:LONGEST_TEXT]
    if not title or not description:
        raise NotAllowed(CASE_NEEDS_TEXT)
    if category not in core.CATEGORIES:
        raise NotAllowed(UNKNOWN_DEVIATION_KIND)
    school = school_id.strip() or None
    if school is not None and session.get(School, school) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    try:
        case = core.report(category, severity, now, at_school=school is not None)
    except core.Refused:
        raise NotAllowed(UNKNOWN_DEVIATION_KIND) from None
    receipt = None if reporter is not None else new_receipt()
    involved = involved or Involved()
    if involved.place and involved.place not in PLACES:
        raise NotAllowed(UNKNOWN_DEVIATION_KIND)
    row = Deviation(category=category, severity=severity, school_id=school, title=title,
                    description=description, reporter_id=reporter.id if reporter else None,
                    reporter_kind=_kind(reporter), outcome="",
                    receipt_sha256=receipt_digest(receipt) if receipt else None, occurred_at=now,
                    place=involved.place or None,
                    pupil_key=pseudonym(involved.pupil, pseudonym_key),
                    staff_key=pseudonym(involved.staff, pseudonym_key))
    _store(row, case)
    session.add(row)
    session.flush()
    _event(session, row, "report", reporter, "", now)
    if severity >= core.SEVERE and case.level:  # started above its first owner: say why
        _event(session, row, "escalate", None, "severe", now)
    audit_log.record(session, reporter.email if reporter else "anonymous", "report_deviation",
                     f"deviation:{row.id}", f"{category}, severity {severity}", at=now)
    tell_new_case(session, row, now)
    return Reported(row, receipt)


def board(session: Session, viewer: User) -> Board:
    """The viewer's board: open cases they own, those below them on the chain, those
    escalated above them (a principal: their own school only), and what they reported.
    Chosen in the database — one count of open cases by kind and level, then the most urgent
    of each group — so a board stays quick with a hundred thousand open cases."""
    scope = [Deviation.state != core.CLOSED]
    if viewer.role in SCHOOL_BOUND:
        scope.append(Deviation.school_id == viewer.school_id)
    groups: dict[str, list] = {"mine": [], "below": [], "above": []}
    at_level = {code: kind.chain.index(viewer.role)
                for code, kind in core.CATEGORIES.items() if viewer.role in kind.chain}
    for code, at in at_level.items():
        of_kind = Deviation.category == code
        groups["mine"].append(and_(of_kind, Deviation.level == at))
        groups["below"].append(and_(of_kind, Deviation.level < at))
        groups["above"].append(and_(of_kind, Deviation.level > at))
    counts = dict.fromkeys(groups, 0)
    for code, level, n in session.execute(
            select(Deviation.category, Deviation.level, func.count())
            .where(*scope).group_by(Deviation.category, Deviation.level)):
        if code in at_level:
            at = at_level[code]
            counts["mine" if level == at else "below" if level < at else "above"] += n
    found = {name: list(session.scalars(select(Deviation).where(*scope, or_(*clauses))
                                        .order_by(Deviation.due_at).limit(BOARD_ROWS)))
             if clauses and counts[name] else [] for name, clauses in groups.items()}
    mine_reported = Deviation.reporter_id == viewer.id
    reported = session.scalars(select(Deviation).where(mine_reported)
                               .order_by(Deviation.reported_at.desc())
                               .limit(REPORTED_ROWS)).all()
    counts["reported"] = session.scalar(select(func.count()).select_from(Deviation)
                                        .where(mine_reported))
    return Board(found["mine"], found["below"], found["above"], list(reported), counts)


def deviation_for(session: Session, viewer: User, deviation_id: int) -> Deviation | None:
    """One case as the viewer may read it (None when they may not: not found); the read is
    audited."""
    row = session.get(Deviation, deviation_id)
    if row is None or not may_read(viewer, row):
        return None
    audit_log.record(session, viewer.email, "read_deviation", f"deviation:{row.id}",
                     row.category)
    return row


def may_read(viewer: User, row: Deviation) -> bool:
    """The reporter, and the roles on the case's chain in its scope; besides them those who
    follow the work up (the school evaluator, the auditor) read a case — unless it is
    sensitive (degrading treatment, concern for a child): then no one else."""
    if row.reporter_id is not None and row.reporter_id == viewer.id:
        return True
    kind = core.CATEGORIES[row.category]
    if viewer.role in kind.chain:
        return _in_scope(viewer, row)
    return not kind.sensitive and viewer.role in FOLLOW_UP


def may_act(viewer: User, row: Deviation) -> bool:
    """Only the case's current owner moves an open case (a level above takes it by
    escalation); a closed case may be reopened by anyone on its chain in scope."""
    if not _in_scope(viewer, row):
        return False
    if row.state == core.CLOSED:
        return viewer.role in core.CATEGORIES[row.category].chain
    return owner_role(row) == viewer.role


def act_on(session: Session, actor: User, row: Deviation, action: str, text: str,
           now: datetime) -> Deviation:
    """Record the owner's step (or a comment) on the case; refused steps change nothing."""
    text = text.strip()[:LONGEST_TEXT]
    if action not in ACTIONS or not may_act(actor, row):
        raise NotAllowed(DEVIATION_REFUSED)
    if action in ("cause", "act", "close", "comment", "question") and not text:
        raise NotAllowed(STEP_NEEDS_TEXT)
    case = case_of(row)
    try:
        case = {
            "start": lambda c: core.start(c, now),
            "cause": core.record_cause,
            "act": core.act,
            "follow_up": lambda c: core.follow_up(c, now),
            "close": lambda c: core.close(c, evidence=True),
            "reopen": lambda c: core.reopen(c, now),
            "comment": lambda c: c,
            "question": lambda c: c,
        }[action](case)
    except core.Refused:
        raise NotAllowed(DEVIATION_REFUSED) from None
    _store(row, case)
    if action == "close":
        row.outcome = text
    _event(session, row, action, actor, text, now)
    audit_log.record(session, actor.email, f"deviation_{action}", f"deviation:{row.id}", "",
                     at=now)
    return row


def sweep(session: Session, now: datetime) -> int:
    """Escalate every open case past its deadline one level up (those at the top of their
    chain stay there, shown overdue), each recorded as an event and in the audit log; how
    many. Set-based — one statement per kind and level — so a sweep over a hundred thousand
    open cases takes a moment. Runs on its own in the portal, and as a command."""
    # two sweeps at once (several portal workers) never escalate a case twice: PostgreSQL
    # locks the rows, skipping those another sweep holds; SQLite has one writer at a time
    below_top = or_(*(and_(Deviation.category == code, Deviation.level < core.top_level(code))
                      for code in core.CATEGORIES))
    due = session.execute(select(Deviation.id, Deviation.category, Deviation.level,
                                 Deviation.state, Deviation.school_id, Deviation.title)
                          .where(Deviation.state != core.CLOSED, Deviation.due_at <= now,
                                 below_top)
                          .order_by(Deviation.id).with_for_update(skip_locked=True)).all()
    if not due:
        return 0
    new_due = core.escalated_due(now)
    groups: dict[tuple[str, int], list[int]] = {}
    for key, category, level, *_rest in due:
        groups.setdefault((category, level), []).append(key)
    for (category, level), keys in groups.items():
        for start in range(0, len(keys), _CHUNK):
            session.execute(update(Deviation).where(Deviation.id.in_(keys[start:start + _CHUNK]))
                            .values(level=core.level_above(category, level), due_at=new_due,
                                    escalations=Deviation.escalations + 1))
    session.execute(insert(DeviationEvent), [
        {"deviation_id": key, "at": now, "kind": "escalate", "actor_id": None,
         "text": "overdue", "state": state, "level": core.level_above(category, level)}
        for key, category, level, state, *_rest in due])
    audit_log.record(session, "escalation sweep", "escalate_deviations", "deviations",
                     f"{len(due)} escalated: ids {audit_log.id_ranges(k for k, *_ in due)}",
                     at=now)
    tell_escalated(session, [(key, category, core.level_above(category, level), school, title)
                             for key, category, level, _state, school, title in due], now)
    session.expire_all()
    return len(due)


def sweep_now(make_session, now: datetime) -> int:
    """One sweep in its own transaction (the portal's background task and the command)."""
    with make_session.begin() as session:
        writes(session)
        return sweep(session, now)


def by_receipt(session: Session, receipt: str) -> Deviation | None:
    """The case an anonymous receipt code follows (codes are typed: case and dashes ignored)."""
    digest = typed_digest(receipt)
    if digest is None:
        return None
    return session.scalars(select(Deviation).where(Deviation.receipt_sha256 == digest)).first()


def answer_by_receipt(session: Session, row: Deviation, text: str, now: datetime) -> None:
    """The anonymous reporter answers the investigator (nothing identifying kept)."""
    text = text.strip()[:LONGEST_TEXT]
    if not text:
        raise NotAllowed(STEP_NEEDS_TEXT)
    _event(session, row, "answer", None, text, now)


def _in_scope(viewer: User, row: Deviation) -> bool:
    """A principal sees their own school's cases; the levels above see every school."""
    return viewer.role not in SCHOOL_BOUND or (row.school_id is not None
                                               and row.school_id == viewer.school_id)


def _store(row: Deviation, case: core.Case) -> None:
    row.state, row.level, row.due_at = case.state, case.level, case.due_at
    row.reported_at, row.escalations = case.reported_at, case.escalations
    row.cause_found, row.actions, row.evidence = case.cause, case.actions, case.evidence


def _event(session: Session, row: Deviation, kind: str, actor: User | None, text: str,
           now: datetime) -> None:
    session.add(DeviationEvent(deviation_id=row.id, at=now, kind=kind,
                               actor_id=actor.id if actor else None, text=text,
                               state=row.state, level=row.level))


def pseudonym(who: str, key: bytes) -> str | None:
    """A keyed hash of a person named in a report (a personnummer in its one form, else the
    name case-folded), so the same person is recognised across cases without being stored."""
    who = " ".join(who.split())
    if not who:
        return None
    canonical = canonical_personnummer(who) or who.casefold()
    return hmac.new(key or b"huvudman", canonical.encode(), hashlib.sha256).hexdigest()


def _kind(reporter: User | None) -> str:
    if reporter is None:
        return "anonymous"
    return "guardian" if reporter.role == "guardian" else "staff"


#: What an anonymous reporter sees of a case's history (questions to them, their answers,
#: and how it ended — never who did what).
SHARED_WITH_REPORTER = ("report", "question", "answer", "close")


def shared_with_reporter(row: Deviation) -> list[DeviationEvent]:
    """The events an anonymous reporter may read."""
    return [e for e in row.events if e.kind in SHARED_WITH_REPORTER]
