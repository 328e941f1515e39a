"""The organisation and its chain of command: the municipality, its administration and its
schools, with who holds each post now and who held it before. The account's role is the post
held now (one role table, `governance.roles`); every change of it ends one post and starts the
next, so the history is never overwritten."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from huvudman.governance.deviations import SCHOOL_CHAIN
from huvudman.governance.roles import SCHOOL_BOUND, STAFF_ROLES
from huvudman.store.models import AdviserAssignment, Post, School, User

#: The administration's posts above the schools, top first, then those who follow up.
ADMINISTRATION = (*reversed(SCHOOL_CHAIN[1:]), "school_evaluator", "placement_officer",
                  "auditor", "administrator")


def hold(session: Session, user: User, at: datetime, recorded_by: str) -> Post | None:
    """Record that `user` holds the post of their account's role (at their school) from `at`,
    ending the post they held; nothing when it is the post they hold already."""
    current = session.scalars(select(Post).where(Post.user_id == user.id,
                                                 Post.ended_at.is_(None))).first()
    if current is not None and (current.role, current.school_id) == (user.role, user.school_id):
        return None
    session.execute(update(Post).where(Post.user_id == user.id, Post.ended_at.is_(None))
                    .values(ended_at=at))
    if user.role not in STAFF_ROLES:
        return None
    post = Post(user_id=user.id, role=user.role, school_id=user.school_id, started_at=at,
                recorded_by=recorded_by)
    session.add(post)
    return post


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a post, and since (and until) when."""

    name: str
    email: str
    role: str
    school_id: str | None
    since: datetime
    until: datetime | None


@dataclass(frozen=True)
class SchoolPosts:
    """A school's place in the chain: its principal(s) now, its staff who report, its adviser."""

    school: School
    principals: list[Holder]
    staff: int
    adviser: str | None


@dataclass(frozen=True)
class Organisation:
    """The chain of command now, and the posts people have left."""

    administration: list[tuple[str, list[Holder]]]
    schools: list[SchoolPosts]
    history: list[Holder]


def organisation(session: Session) -> Organisation:
    """The municipality's administration and schools with their post holders, and the history
    of ended posts (newest first)."""
    rows = session.execute(select(Post, User.name, User.email)
                           .join(User, User.id == Post.user_id)
                           .order_by(Post.started_at, User.name)).all()
    holders = [Holder(name, email, p.role, p.school_id, p.started_at, p.ended_at)
               for p, name, email in rows]
    now = [h for h in holders if h.until is None]
    administration = [(role, [h for h in now if h.role == role]) for role in ADMINISTRATION]
    advisers = dict(session.execute(
        select(AdviserAssignment.school_id, User.name)
        .join(User, User.id == AdviserAssignment.adviser_id)
        .where(AdviserAssignment.ended_at.is_(None))).all())
    schools = []
    for school in session.scalars(select(School).order_by(School.name)):
        here = [h for h in now if h.school_id == school.school_id]
        schools.append(SchoolPosts(school, [h for h in here if h.role == "principal"],
                                   sum(1 for h in here if h.role in SCHOOL_BOUND
                                       and h.role != "principal"),
                                   advisers.get(school.school_id)))
    history = sorted((h for h in holders if h.until is not None), key=lambda h: h.until,
                     reverse=True)
    return Organisation(administration, schools, history)
