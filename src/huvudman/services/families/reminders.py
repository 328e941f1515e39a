"""Asking and reminding the guardian who has not confirmed: a list counts only when every
guardian confirmed it, so the one still to confirm sees who is waiting for them, and staff can
remind everyone still missing before the deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from huvudman.services.families import applications as families
from huvudman.services.notify import family_mail
from huvudman.services.rounds.portal_rounds import Sender
from huvudman.store import audit_log
from huvudman.store.models import Child, Reminder, User


@dataclass(frozen=True)
class Waiting:
    """A child whose list waits for this guardian."""

    child: Child
    chosen_by: list[str]  # the guardians who confirmed the list as it is
    reminded_at: datetime | None  # the latest reminder from staff


def waiting_for_me(session: Session, guardian: User, round_name: str,
                   statuses: list[tuple[Child, families.Status]] | None = None) -> list[Waiting]:
    """The guardian's children whose list another guardian confirmed and they have not
    (`statuses`: the children's statuses when the caller has them already)."""
    if statuses is None:
        statuses = [(c, families.status(families.application_for(session, c, round_name), c))
                    for c in families.children_of(session, guardian)]
    out = []
    for child, st in statuses:
        if st.complete or guardian.id not in st.waiting_ids:
            continue
        reminded = session.scalars(select(Reminder.sent_at).where(
            Reminder.user_id == guardian.id, Reminder.child_id == child.id,
            Reminder.round == round_name).order_by(Reminder.sent_at.desc())).first()
        if st.confirmed_by or reminded is not None:
            out.append(Waiting(child, st.confirmed_by, reminded))
    return out


def remind_waiting(session: Session, staff: User, round_name: str, now: datetime,
                   deadline: datetime | None = None, sender: Sender | None = None) -> int:
    """Remind every guardian still to confirm a list (or to make one) on their page and, with
    `sender`, by mail (unless they turned reminders off); returns how many reminders were
    sent. Audited."""
    items = families.incomplete_applications(session, staff, round_name)
    rows = [{"user_id": guardian, "child_id": item.child_key, "round": round_name,
             "sent_at": now, "sent_by": staff.id}
            for item in items for guardian in item.status.waiting_ids]
    if rows:
        session.execute(insert(Reminder), rows)
    sent = len(rows)
    if sender is not None and deadline is not None:
        family_mail.remind(session, round_name, deadline, sender, now,
                           f"staff-{now.isoformat(timespec='seconds')}", items)
    audit_log.record(session, staff.email, "send_reminders", f"round:{round_name}",
                     f"{sent} reminders")
    return sent
