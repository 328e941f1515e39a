"""Everything the portal's database holds about one person (GDPR article 15): a guardian with
their children, or a child; as JSON a person can keep and a program can read.

A guardian asks for their own from the portal; an officer answering a written request uses
`huvudman person-export`. Either way the export itself is written in the audit log. Secrets
(password hashes, session tokens) are described, never copied."""

from __future__ import annotations

import getpass
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from sqlalchemy import or_, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from huvudman.governance.retention import ARCHIVED, DEFAULT_RULES
from huvudman.services.accounts.sign_in import canonical_personnummer
from huvudman.store import audit_log
from huvudman.store.database import database_url, make_engine, sessions, writes
from huvudman.store.models import (
    Appeal,
    Application,
    AuditEntry,
    Child,
    Feedback,
    Placement,
    PlacementRun,
    Reminder,
    SpecialReason,
    User,
    WebSession,
)


class PersonNotFound(LookupError):
    """No guardian, staff member or child with that personnummer or e-mail address."""


def find_person(session: Session, who: str) -> User | Child:
    """The user (by e-mail address or personnummer) or child (by personnummer or id)."""
    number = canonical_personnummer(who)
    if number is not None:
        found = session.scalars(select(User).where(User.personnummer == number)).first() \
            or session.scalars(select(Child).where(Child.personnummer == number)).first()
    else:
        found = session.scalars(select(User).where(User.email == who.strip().lower())).first() \
            or session.scalars(select(Child).where(Child.child_id == who.strip())).first()
    if found is None:
        raise PersonNotFound(who)
    return found


def person_record(session: Session, person: User | Child, reader: str,
                  now: datetime) -> dict[str, Any]:
    """The person's records as plain data, and an audit entry saying who exported them."""
    if isinstance(person, User):
        children = list(person.children)
        record: dict[str, Any] = {"person": _user(session, person), "children": []}
    else:
        children = [person]
        record = {"person": None, "children": []}
    by = person.id if isinstance(person, User) else None
    record["children"] = [_child(session, c, by) for c in children]
    subjects = [f"child:{c.child_id}" for c in children]
    actor = person.email if isinstance(person, User) else None
    if actor:
        subjects.append(f"user:{actor}")
    record["audit_log"] = [
        {"at": _time(e.at), "by": e.actor, "action": e.action, "subject": e.subject,
         "detail": e.detail}
        for e in session.scalars(select(AuditEntry).where(or_(
            AuditEntry.subject.in_(subjects), AuditEntry.actor == (actor or "")))
            .order_by(AuditEntry.id))]
    record["retention_days"] = {r.kind: r.days for r in DEFAULT_RULES}
    record["kept_as_archive_records"] = list(ARCHIVED)
    record["exported_at"] = _time(now)
    subject = f"user:{actor}" if actor else f"child:{person.child_id}"
    audit_log.record(session, reader, "export_person", subject,
                     f"{len(children)} child(ren), {len(record['audit_log'])} log entries",
                     at=now)
    return record


def export_person(console: Console, who: str, out: Path) -> int:
    """`huvudman person-export`: write one person's records to `out` (never overwritten);
    0 written, 1 no such person, 2 it could not be made."""
    if out.exists():
        console.print(f"[bold red]error:[/] {out} exists already; nothing was written")
        return 2
    engine = make_engine(database_url())
    try:
        with sessions(engine).begin() as session:
            writes(session)
            person = find_person(session, who)
            record = person_record(session, person, f"person export ({getpass.getuser()})",
                                   datetime.now(UTC))
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(to_json(record), encoding="utf-8")
    except PersonNotFound:
        console.print(f"[bold red]not found:[/] no guardian, staff member or child is "
                      f"registered as {who!r}; nothing was written", highlight=False)
        return 1
    except (SQLAlchemyError, OSError) as err:
        console.print(f"[bold red]error:[/] {str(err).splitlines()[0]}; nothing was written",
                      highlight=False)
        out.unlink(missing_ok=True)
        return 2
    finally:
        engine.dispose()
    console.print(f"written to {out}: {len(record['children'])} child(ren), "
                  f"{len(record['audit_log'])} audit log entries; the export is logged",
                  highlight=False)
    return 0


def to_json(record: dict[str, Any]) -> str:
    """The export as readable JSON (UTF-8, indented)."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _user(session: Session, user: User) -> dict[str, Any]:
    own_feedback = session.scalars(select(Feedback).where(Feedback.user_id == user.id,
                                                          Feedback.child_id.is_(None)))
    return {
        "name": user.name, "email": user.email, "personnummer": user.personnummer,
        "role": user.role, "school_id": user.school_id, "language": user.locale,
        "password": "set (stored only as a one-way hash)" if user.password_hash else "none",
        "sign_ins": [{"from": _time(w.created_at), "until": _time(w.ended_at or w.expires_at)}
                     for w in session.scalars(select(WebSession).where(
                         WebSession.user_id == user.id).order_by(WebSession.id))],
        "feedback": [_feedback(f) for f in own_feedback],
    }


def _feedback(f: Feedback) -> dict[str, Any]:
    return {"received_at": _time(f.received_at), "kind": f.kind, "category": f.category,
            "text": f.text, "answer_due": _time(f.answer_by), "answered_at": _time(f.answered_at),
            "answer": f.answer, "may_be_published": f.consent}


def _child(session: Session, child: Child, by: int | None) -> dict[str, Any]:
    """One child's records; `by` (a guardian's export) keeps out what another guardian wrote."""
    names = {g.id: g.name for g in child.guardians}
    feedback = select(Feedback).where(Feedback.child_id == child.id)
    if by is not None:
        feedback = feedback.where(Feedback.user_id == by)
    applications = session.scalars(select(Application).where(Application.child_id == child.id)
                                   .order_by(Application.round))
    placements = session.execute(
        select(Placement, PlacementRun).join(PlacementRun, PlacementRun.id == Placement.run_id)
        .where(Placement.child_id == child.id).order_by(PlacementRun.id))
    return {
        "child_id": child.child_id, "name": child.name, "personnummer": child.personnummer,
        "home": {"lat": child.lat, "lon": child.lon}, "district": child.district,
        "grade": child.grade, "protected_identity": child.protected,
        "guardians": [g.name for g in child.guardians],
        "sibling_schools": [s.school_id for s in child.sibling_schools],
        "special_reasons": [
            {"school_id": r.school_id, "category": r.category, "note": r.note,
             "decided_at": _time(r.decided_at)}
            for r in session.scalars(select(SpecialReason).where(
                SpecialReason.child_id == child.id))],
        "applications": [
            {"round": a.round, "updated_at": _time(a.updated_at),
             "choices": [c.school_id for c in a.choices],
             "confirmed_by": [{"guardian": names.get(c.user_id, ""), "at": _time(c.confirmed_at)}
                              for c in a.confirmations]}
            for a in applications],
        "placements": [
            {"round": run.round, "run": run.id, "published": _time(run.published_at),
             "school_id": p.override_school_id or p.school_id, "rule": p.rule,
             "choice_rank": p.choice_rank, "walking_m": p.walking_m,
             "changed_by_hand_because": p.override_reason,
             "decision_first_read": _time(p.notified_at)}
            for p, run in placements],
        "appeals": [
            {"number": a.id, "way": a.route, "came_by": a.channel, "text": a.text,
             "received_on": a.received_on.isoformat(),
             "time_counted_from": a.starts_on.isoformat(), "state": a.state,
             "outcome": a.outcome, "forwarded_on": a.forwarded_on and a.forwarded_on.isoformat(),
             "ruled_on": a.ruled_on and a.ruled_on.isoformat()}
            for a in session.scalars(select(Appeal).where(Appeal.child_id == child.id)
                                     .order_by(Appeal.id))],
        "reminders": [{"round": r.round, "sent_at": _time(r.sent_at)} for r in session.scalars(
            select(Reminder).where(Reminder.child_id == child.id))],
        "feedback": [_feedback(f) for f in session.scalars(feedback)],
    }
