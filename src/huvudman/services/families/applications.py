"""Families and their applications: what a guardian may see and do, and what staff see of it.

Every query here is scoped: a guardian reaches only the children they are guardian of (anything
else is "not found", never "forbidden", so ids cannot be probed); staff reads of personal data
are written to the audit log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from huvudman.store import audit_log, rows
from huvudman.store.models import (
    Application,
    Child,
    Choice,
    Confirmation,
    Guardianship,
    School,
    User,
)
from huvudman.words.messages import NOT_OPEN_YET, NOTHING_TO_DISAGREE
from huvudman.workdays import swedish_date


class NotAllowed(Exception):
    """The action is not open to this person now (e.g. after the deadline)."""


class ListMistake(NotAllowed):
    """A list that cannot be saved as typed: `code` "twice" (a school listed twice) or
    "unknown" (not a school of the register), naming the school."""

    def __init__(self, code: str, school_id: str) -> None:
        super().__init__(f"{code}: {school_id}")
        self.code = code
        self.school_id = school_id


def list_mistake(school_ids: list[str], known: set[str]) -> ListMistake | None:
    """The first mistake of a typed list, if any: a school listed twice, or one not in
    `known`."""
    seen: set[str] = set()
    for school_id in school_ids:
        if school_id not in known:
            return ListMistake("unknown", school_id)
        if school_id in seen:
            return ListMistake("twice", school_id)
        seen.add(school_id)
    return None


def children_of(session: Session, guardian: User) -> list[Child]:
    """The children a guardian may see."""
    return list(session.scalars(select(Child).join(Child.guardians)
                                .where(User.id == guardian.id).order_by(Child.name)))


def child_of(session: Session, guardian: User, child_key: int) -> Child | None:
    """One child, only when `guardian` is its guardian (None otherwise)."""
    return session.scalars(select(Child).join(Child.guardians)
                           .where(User.id == guardian.id, Child.id == child_key)
                           .options(selectinload(Child.guardians))).first()


def application_for(session: Session, child: Child, round_name: str) -> Application | None:
    """The child's application in a round, with its choices and confirmations."""
    return session.scalars(select(Application)
                           .where(Application.child_id == child.id,
                                  Application.round == round_name)
                           .options(joinedload(Application.choices),
                                    joinedload(Application.confirmations))).unique().first()


def picked(listed: list[str], school_id: str, longest: int) -> list[str]:
    """The list being built with a school picked from the nearby schools put last (once;
    a full list stays as it is)."""
    if not school_id or school_id in listed or len(listed) >= longest:
        return list(listed)
    return [*listed, school_id]


def fingerprint(school_ids: list[str]) -> str:
    """What a confirmation confirms: exactly this ranked list."""
    return hashlib.sha256(";".join(school_ids).encode()).hexdigest()


def choosing(now: datetime, opens: date | None, deadline: datetime) -> bool:
    """Whether families may rank schools now: from the day choosing opens (Swedish time)
    until the deadline."""
    return (opens is None or swedish_date(now) >= opens) and now <= deadline


def save_choices(session: Session, guardian: User, child: Child, round_name: str,
                 school_ids: list[str], now: datetime, deadline: datetime,
                 opens: date | None = None) -> Application:
    """Rank the child's schools (between the day choosing opens and the deadline). Saving is
    this guardian's confirmation; a changed list needs every other guardian to confirm
    again."""
    if opens is not None and swedish_date(now) < opens:
        raise NotAllowed(NOT_OPEN_YET)
    if now > deadline:
        raise NotAllowed("the deadline has passed")
    if not school_ids:
        raise NotAllowed("choose at least one school")
    mistake = list_mistake(school_ids, set(session.scalars(
        select(School.school_id).where(School.school_id.in_(school_ids)))))
    if mistake is not None:
        raise mistake
    app = application_for(session, child, round_name)
    if app is None:
        app = Application(child_id=child.id, round=round_name, updated_at=now)
        session.add(app)
    digest = fingerprint(school_ids)
    changed = [c.school_id for c in app.choices] != school_ids
    if changed:
        app.choices = [Choice(rank=k, school_id=s) for k, s in enumerate(school_ids, start=1)]
        app.confirmations = []
        app.updated_at = now
    # what was submitted and when, for any later dispute about it
    audit_log.record(session, guardian.email, "save_choices" if changed else "confirm_choices",
                     f"child:{child.child_id}", f"round {round_name}: {';'.join(school_ids)}",
                     at=now)
    session.flush()
    app.confirmations = [c for c in app.confirmations if c.user_id != guardian.id]
    # every column set: a confirmation replacing this guardian's earlier one (a
    # disagreement too) is written as an update of that row
    app.confirmations.append(Confirmation(user_id=guardian.id, choices_sha256=digest,
                                          confirmed_at=now, disagrees=False, note=""))
    session.flush()
    return app


@dataclass(frozen=True)
class Status:
    """Where an application stands."""

    complete: bool
    confirmed_by: list[str]
    waiting_for: list[str]
    waiting_ids: tuple[int, ...] = ()  # the user ids of `waiting_for`
    # the guardians who said they do not agree with the list, with why: (name, note)
    disagreeing: tuple[tuple[str, str], ...] = ()


def confirmed_by(school_ids: list[str], confirmations: list[tuple[int, str]]) -> set[int]:
    """The guardians (user ids) whose confirmation, as (user id, fingerprint), is of exactly
    this list: an application counts when they are all its child's guardians (one rule, for
    the guardians' pages and for the placement run alike). A disagreement is kept under its
    own mark, so it never counts as a confirmation."""
    digest = fingerprint(school_ids)
    return {user for user, confirmed in confirmations if confirmed == digest}


#: The mark a disagreement's fingerprint carries (never a list's fingerprint).
DISAGREES = "disagrees:"


def disagree(session: Session, guardian: User, child: Child, round_name: str, note: str,
             now: datetime, deadline: datetime) -> Application:
    """The guardian does not agree with the list the other guardian saved, and may say why:
    the application does not count; both guardians and the officers see the disagreement
    (audited). Saving or approving a list later replaces it."""
    if now > deadline:
        raise NotAllowed("the deadline has passed")
    app = application_for(session, child, round_name)
    if app is None or not app.choices:
        raise NotAllowed(NOTHING_TO_DISAGREE)
    digest = fingerprint([c.school_id for c in app.choices])
    app.confirmations = [c for c in app.confirmations if c.user_id != guardian.id]
    session.flush()
    app.confirmations.append(Confirmation(user_id=guardian.id,
                                          choices_sha256=(DISAGREES + digest)[:64],
                                          confirmed_at=now, disagrees=True,
                                          note=note.strip()[:500]))
    audit_log.record(session, guardian.email, "disagree_choices", f"child:{child.child_id}",
                     f"round {round_name}", at=now)
    session.flush()
    return app


def status(app: Application | None, child: Child) -> Status:
    """Complete when every guardian confirmed the list as it is now."""
    listed = [c.school_id for c in app.choices] if app is not None else []
    given = [(c.user_id, c.choices_sha256, c.disagrees, c.note)
             for c in app.confirmations] if app is not None and listed else []
    return standing(listed, given, [(g.id, g.name) for g in child.guardians])


def standing(listed: list[str], given: list[tuple[int, str, bool, str]],
             people: list[tuple[int, str]]) -> Status:
    """Where a list stands with the child's guardians (user id, name): who confirmed it as it
    is, who is still awaited, who said they do not agree — from the confirmations given as
    (user id, fingerprint, disagrees, note). One rule for the guardians' pages and the
    officers' list alike."""
    done = confirmed_by(listed, [(u, f) for u, f, _d, _n in given]) if listed else set()
    names = dict(people)
    return Status(bool(listed) and all(uid in done for uid, _n in people),
                  [n for uid, n in people if uid in done],
                  [n for uid, n in people if uid not in done],
                  tuple(uid for uid, _n in people if uid not in done),
                  tuple((names[u], note) for u, _f, against, note in given
                        if against and u in names))


def list_did_not_count(session: Session, child: Child, round_name: str) -> bool:
    """Whether the child's guardians saved a list of schools that never counted (not every
    guardian confirmed it): the family's decision then says so, instead of "you chose no
    school"."""
    app = application_for(session, child, round_name)
    return app is not None and bool(app.choices) and not status(app, child).complete


@dataclass(frozen=True)
class Incomplete:
    """A child whose application does not count yet, as staff list it."""

    child_key: int
    child_id: str
    protected: bool
    status: Status


def incomplete_applications(session: Session, staff: User, round_name: str
                            ) -> list[Incomplete]:
    """Children whose application does not count yet, by child id (staff view; the read is
    audited)."""
    out = unfinished(session, round_name)
    audit_log.record(session, staff.email, "read_applications",
                     f"round:{round_name}", f"{len(out)} incomplete applications listed")
    return out


def unfinished(session: Session, round_name: str) -> list[Incomplete]:
    """Children whose application does not count yet, by child id, for the system's own work
    (reminders by mail); staff read them through `incomplete_applications`. Plain rows, one
    query per table: a round has thousands of children."""
    in_round = Application.round == round_name
    guardians = rows.grouped(session, select(Guardianship.child_id, User.id, User.name)
                             .join(User, User.id == Guardianship.user_id)
                             .order_by(Guardianship.child_id, User.name))
    app_of = dict(session.execute(select(Application.child_id, Application.id)
                                  .where(in_round)).all())
    choices = rows.grouped(session, select(Choice.application_id, Choice.school_id)
                           .join(Application).where(in_round)
                           .order_by(Choice.application_id, Choice.rank))
    confirmations = rows.grouped(session, select(
        Confirmation.application_id, Confirmation.user_id, Confirmation.choices_sha256,
        Confirmation.disagrees, Confirmation.note).join(Application).where(in_round))
    waiting: dict[int, Status] = {}
    for key, people in guardians.items():
        app = app_of.get(key, -1)
        listed = choices.get(app, [])
        found = standing(listed, confirmations.get(app, []), people)
        if not found.complete:
            waiting[key] = found
    children = session.execute(select(Child.id, Child.child_id, Child.protected)
                               .where(Child.id.in_(select(Guardianship.child_id)))
                               .order_by(Child.child_id))
    return [Incomplete(key, cid, protected, waiting[key]) for key, cid, protected in children
            if key in waiting]
