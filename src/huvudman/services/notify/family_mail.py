"""Telling families by mail, each guardian in their own language: the receipt of a saved list,
the other guardian's turn, reminders before the deadline (which a guardian may turn off), the
decision published, the appeal received. Every message is queued once (what it is about is its
key) in the transaction of the event it tells, and sent by the portal's background work or
`huvudman outbox send`."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.services.families import applications as families
from huvudman.services.notify.outbox import Message, portal_link, queue_once
from huvudman.services.rounds.portal_rounds import Sender
from huvudman.store import audit_log
from huvudman.store.database import writes
from huvudman.store.models import (
    Appeal,
    Child,
    CorrectionMove,
    Guardianship,
    Outbox,
    Placement,
    PlacementRun,
    User,
)
from huvudman.words.catalogs import translations
from huvudman.words.family_mail import FAMILY_MAIL, LIST_STATES
from huvudman.words.formatting import local_time

#: Automatic reminders: this many days before the deadline.
REMINDER_DAYS = (7, 1)


def _signature(sender: Sender) -> str:
    return f"{sender.municipality}\n{sender.office}, {sender.phone}, {sender.email}"


def _message(user: User, kind: str, key: str, ref: str, sender: Sender, **values) -> Message:
    """One guardian's message of `kind` in their language."""
    t = translations(user.locale).gettext
    template = FAMILY_MAIL[kind]
    values = {"name": user.name, "sender": _signature(sender), **values}
    return Message(user.email, t(template["subject"]) % values, t(template["body"]) % values,
                   f"family_{kind}", ref, key)


def _state(user: User, status: families.Status) -> str:
    t = translations(user.locale).gettext
    if status.complete:
        return t(LIST_STATES["complete"])
    if not status.confirmed_by:
        return t(LIST_STATES["none"])
    return t(LIST_STATES["waiting"]) % {"names": ", ".join(status.waiting_for)}


def list_saved(session: Session, saver: User, child: Child, round_name: str,
               deadline: datetime, sender: Sender, now: datetime) -> int:
    """After a guardian saved (or approved) a list: their receipt, and each guardian who has
    not confirmed this list is asked to. Once per guardian and list."""
    app = families.application_for(session, child, round_name)
    if app is None or not app.choices:
        return 0
    status = families.status(app, child)
    listed = families.fingerprint([c.school_id for c in app.choices])
    link = portal_link(f"/children/{child.id}")
    ref = f"child:{child.child_id}"
    out = [_message(saver, "receipt", f"receipt:{child.id}:{saver.id}:{listed}", ref, sender,
                    child=child.name, when=local_time(now), state=_state(saver, status),
                    deadline=local_time(deadline), link=link)]
    out += [_message(g, "your_turn", f"turn:{child.id}:{g.id}:{listed}", ref, sender,
                     child=child.name, other=saver.name, deadline=local_time(deadline),
                     link=link)
            for g in child.guardians if g.id in status.waiting_ids and g.id != saver.id]
    return queue_once(session, out, now)


def unsubscribe_link(user: User) -> str:
    """The link in a reminder that turns reminders off (a random token kept with the user,
    made with their first reminder)."""
    if user.unsubscribe_token is None:
        user.unsubscribe_token = secrets.token_urlsafe(24)
    return portal_link(f"/reminders/off/{user.unsubscribe_token}")


def knows_token(session: Session, token: str) -> bool:
    """Whether a reminder link's token belongs to someone."""
    return bool(token) and session.scalar(
        select(User.id).where(User.unsubscribe_token == token)) is not None


def reminders_off(session: Session, token: str, now: datetime) -> User | None:
    """Turn reminders off for the guardian whose link this is (None: no such link)."""
    user = session.scalars(select(User).where(User.unsubscribe_token == token)).first() \
        if token else None
    if user is not None:
        set_reminders(session, user, True, now)
    return user


def set_reminders(session: Session, user: User, off: bool, now: datetime) -> None:
    """Turn a guardian's reminders off or back on (audited when it changes)."""
    if user.reminders_off != off:
        user.reminders_off = off
        audit_log.record(session, user.email, "reminders_off" if off else "reminders_on",
                         f"user:{user.id}", "", at=now)


def remind(session: Session, round_name: str, deadline: datetime, sender: Sender,
           now: datetime, batch: str, items: list[families.Incomplete] | None = None) -> int:
    """Remind every guardian still to confirm a list (or to make one), unless they turned
    reminders off; `batch` names the reminder (one per guardian, child and batch); `items`,
    the children still to confirm, when the caller has read them already."""
    items = families.unfinished(session, round_name) if items is None else items
    waiting = {uid for item in items for uid in item.status.waiting_ids}
    people = {u.id: u for u in _users(session, waiting)} if waiting else {}
    names = dict(session.execute(select(Child.id, Child.name)
                                 .where(Child.id.in_([i.child_key for i in items]))).all()) \
        if items else {}
    out = []
    for item in items:
        for uid in item.status.waiting_ids:
            user = people.get(uid)
            if user is None or user.reminders_off:
                continue
            out.append(_message(
                user, "reminder", f"reminder:{round_name}:{batch}:{item.child_key}:{uid}",
                f"child:{item.child_id}", sender, child=names.get(item.child_key, ""),
                state=_state(user, item.status), deadline=local_time(deadline),
                link=portal_link(f"/children/{item.child_key}"),
                unsubscribe=unsubscribe_link(user)))
    return queue_once(session, out, now)


def reminder_batch(deadline: datetime, now: datetime) -> str | None:
    """The automatic reminder due now ("7d", "1d": REMINDER_DAYS before the deadline, the
    nearest first), or None outside those days."""
    due = [days for days in REMINDER_DAYS if deadline - timedelta(days=days) <= now < deadline]
    return f"{min(due)}d" if due else None


def remind_before_deadline(session: Session, round_name: str, deadline: datetime,
                           sender: Sender, now: datetime) -> int:
    """The automatic reminders, each sent once, whenever the background work first runs
    within REMINDER_DAYS of the deadline."""
    batch = reminder_batch(deadline, now)
    return remind(session, round_name, deadline, sender, now, batch) if batch else 0


def remind_now(make_session, round_name: str, deadline: datetime, sender: Sender,
               now: datetime) -> int:
    """The background work's turn: queue the automatic reminders that are due, in their own
    transaction (none opened on the days nothing is due)."""
    if reminder_batch(deadline, now) is None:
        return 0
    with make_session.begin() as session:
        writes(session)
        return remind_before_deadline(session, round_name, deadline, sender, now)


def decisions_published(session: Session, run: PlacementRun, sender: Sender,
                        now: datetime) -> int:
    """Tell every guardian of a child the run decides (a correction: the children it moves)
    that the decision is in the portal."""
    if run.corrects is not None:
        keys = select(CorrectionMove.child_id).where(CorrectionMove.run_id == run.id)
    else:
        keys = select(Placement.child_id).where(Placement.run_id == run.id)
    pairs = session.execute(select(Guardianship.child_id, Guardianship.user_id)
                            .where(Guardianship.child_id.in_(keys))).all()
    people = {u.id: u for u in _users(session, {uid for _c, uid in pairs})}
    children = dict(session.execute(select(Child.id, Child.name)
                                    .where(Child.id.in_({c for c, _u in pairs}))).all())
    out = [_message(people[uid], "decision", f"decision:{run.id}:{key}:{uid}", f"run:{run.id}",
                    sender, child=children[key], link=portal_link(f"/children/{key}/decision"))
           for key, uid in pairs]
    return queue_once(session, out, now)


def appeal_received(session: Session, appeal: Appeal, child: Child, sender: Sender,
                    now: datetime) -> int:
    """Acknowledge an appeal to every guardian of the child."""
    out = [_message(g, "appeal_received", f"appeal:{appeal.id}:{g.id}", f"appeal:{appeal.id}",
                    sender, child=child.name, when=local_time(now),
                    link=portal_link(f"/children/{child.id}/decision"))
           for g in child.guardians]
    return queue_once(session, out, now)


def sent_to(session: Session, user: User, limit: int = 10) -> list[Outbox]:
    """The latest mail the portal wrote to this person (shown on their page too: a message
    lost on the way is still read here)."""
    return list(session.scalars(select(Outbox).where(Outbox.to_address == user.email)
                                .order_by(Outbox.id.desc()).limit(limit)))


def _users(session: Session, ids: Iterable[int]) -> list[User]:
    ids = list(ids)
    found: list[User] = []
    for k in range(0, len(ids), 500):
        found += session.scalars(select(User).where(User.id.in_(ids[k:k + 500]))).all()
    return found
