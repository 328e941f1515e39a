"""Families and their applications: what a guardian may see and do, and what staff see of it.

Every query here is scoped: a guardian reaches only the children they are guardian of (anything
else is "not found", never "forbidden", so ids cannot be probed); staff reads of personal data
are written to the audit log.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from huvudman.store import audit_log
from huvudman.store.models import Application, Child, Choice, Confirmation, School, User


class NotAllowed(Exception):
    """The action is not open to this person now (e.g. after the deadline)."""


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


def applications_in(session: Session, round_name: str) -> dict[int, Application]:
    """Every application of a round with its choices and confirmations, by child (one query
    per table, whatever the number of children)."""
    return {a.child_id: a for a in session.scalars(
        select(Application).where(Application.round == round_name)
        .options(selectinload(Application.choices), selectinload(Application.confirmations)))}


def fingerprint(school_ids: list[str]) -> str:
    """What a confirmation confirms: exactly this ranked list."""
    return hashlib.sha256(";".join(school_ids).encode()).hexdigest()


def save_choices(session: Session, guardian: User, child: Child, round_name: str,
                 school_ids: list[str], now: datetime, deadline: datetime) -> Application:
    """Rank the child's schools (before the deadline). Saving is this guardian's confirmation;
    a changed list needs every other guardian to confirm again."""
    if now > deadline:
        raise NotAllowed("the deadline has passed")
    if not school_ids:
        raise NotAllowed("choose at least one school")
    if len(set(school_ids)) != len(school_ids):
        raise NotAllowed("a school is listed twice")
    known = set(session.scalars(select(School.school_id).where(School.school_id.in_(school_ids))))
    if known != set(school_ids):
        raise NotAllowed("unknown school")
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
    app.confirmations.append(Confirmation(user_id=guardian.id, choices_sha256=digest,
                                          confirmed_at=now))
    session.flush()
    return app


@dataclass(frozen=True)
class Status:
    """Where an application stands."""

    complete: bool
    confirmed_by: list[str]
    waiting_for: list[str]
    waiting_ids: tuple[int, ...] = ()  # the user ids of `waiting_for`


def confirmed_by(school_ids: list[str], confirmations: list[tuple[int, str]]) -> set[int]:
    """The guardians (user ids) whose confirmation, as (user id, fingerprint), is of exactly
    this list: an application counts when they are all its child's guardians (one rule, for
    the guardians' pages and for the placement run alike)."""
    digest = fingerprint(school_ids)
    return {user for user, confirmed in confirmations if confirmed == digest}


def status(app: Application | None, child: Child) -> Status:
    """Complete when every guardian confirmed the list as it is now."""
    if app is None or not app.choices:
        return Status(False, [], [g.name for g in child.guardians],
                      tuple(g.id for g in child.guardians))
    done = confirmed_by([c.school_id for c in app.choices],
                        [(c.user_id, c.choices_sha256) for c in app.confirmations])
    confirmed = [g.name for g in child.guardians if g.id in done]
    waiting = [g for g in child.guardians if g.id not in done]
    return Status(not waiting, confirmed, [g.name for g in waiting], tuple(g.id for g in waiting))


def incomplete_applications(session: Session, staff: User, round_name: str
                            ) -> list[tuple[Child, Status]]:
    """Children whose application does not count yet (staff view; the read is audited)."""
    children = session.scalars(select(Child).options(selectinload(Child.guardians))
                               .where(Child.guardians.any()).order_by(Child.child_id)).all()
    apps = applications_in(session, round_name)
    out = [(c, status(apps.get(c.id), c)) for c in children]
    out = [(c, s) for c, s in out if not s.complete]
    audit_log.record(session, staff.email, "read_applications",
                     f"round:{round_name}", f"{len(out)} incomplete applications listed")
    return out
