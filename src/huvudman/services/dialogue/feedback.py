"""Feedback and complaints at work — the complaint routine of skollagen 4 kap. 8 §: anyone
writes (signed in, anonymously with a receipt code, or by e-mail), gets a receipt at once, an
acknowledgement and an answer within the times; the sweep reminds the handlers the day before
and escalates a missed deadline to the education director; the answer is read by the sender
and, with the sender's consent, published without who sent it; a message that shows a
deficiency becomes a deviation in one step, linked both ways.

The rules and deadlines are `dialogue.feedback`; this module stores, mails, redacts for readers
without a need to know, and audits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from huvudman.dialogue import feedback as core
from huvudman.dialogue.redaction import redact
from huvudman.governance.roles import PLACERS, needs_names_in_feedback
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import deviation_cases
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.services.records.receipts import new_receipt, receipt_digest, typed_digest
from huvudman.store import audit_log
from huvudman.store.database import writes
from huvudman.store.models import Child, Deviation, Feedback, User
from huvudman.store.times import as_utc
from huvudman.words.catalogs import translations
from huvudman.words.dialogue import DEVIATION_TITLE, FEEDBACK_MAIL, FEEDBACK_REFUSALS, MISSED
from huvudman.words.formatting import last_day
from huvudman.words.governance import mail_in

LONGEST = 5_000
#: Who answers feedback (reads it with names); who is told when a deadline is missed.
HANDLERS = PLACERS
ESCALATE_TO = ("education_director",)


@dataclass(frozen=True)
class Sent:
    """A message received, and — for one sent without an account — its receipt code."""

    feedback: Feedback
    receipt: str | None


def _refused(code: str) -> NotAllowed:
    return NotAllowed(FEEDBACK_REFUSALS[code])


def submit(session: Session, sender: User | None, text: str, kind: str, category: str,
           lang: str, consent: bool, now: datetime, child: Child | None = None,
           channel: str = "form", reply_to: str = "",
           times: core.Times = core.DEFAULT_TIMES
           ) -> Sent:
    """Receive a message: its deadlines set, a receipt code when sent without an account, the
    sender told by mail (when there is an address), the handlers told; audited."""
    text = text.strip()[:LONGEST]
    if not text:
        raise _refused("text_needed")
    if kind not in core.KINDS or category not in core.CATEGORIES or channel not in core.CHANNELS:
        raise _refused("unknown_kind")
    deadlines = core.due(now, times)
    receipt = new_receipt() if sender is None else None
    item = Feedback(user_id=sender.id if sender else None, child_id=child.id if child else None,
                    text=text, received_at=now, kind=kind, category=category, channel=channel,
                    lang=lang[:8], reply_to=reply_to.strip()[:320] or None,
                    receipt_sha256=receipt_digest(receipt) if receipt else None,
                    state=core.RECEIVED, acknowledge_by=deadlines.acknowledge,
                    answer_by=deadlines.answer, remind_at=deadlines.remind, consent=consent)
    session.add(item)
    session.flush()
    _tell_sender(session, item, "received", now)
    audit_log.record(session, sender.email if sender else channel, "send_feedback",
                     f"feedback:{item.id}", f"{kind}, {category}", at=now)
    return Sent(item, receipt)


def _address(session: Session, item: Feedback) -> tuple[str, str] | None:
    """Where the sender is told (address, language): their account, else the reply address."""
    if item.user_id is not None:
        user = session.get(User, item.user_id)
        return (user.email, user.locale) if user else None
    return (item.reply_to, item.lang) if item.reply_to else None


def _values(item: Feedback, **more) -> dict[str, str]:
    return {"number": str(item.id), "acknowledge": last_day(as_utc(item.acknowledge_by)),
            "answer": last_day(as_utc(item.answer_by)), **more}


def _tell_sender(session: Session, item: Feedback, key: str, now: datetime, **more) -> None:
    to = _address(session, item)
    link = portal_link("/feedback/follow" if item.user_id is None else "/me/feedback")
    if to is not None:
        subject, body = mail_in(to[1], FEEDBACK_MAIL[key], link=link, **_values(item, **more))
        queue(session, to[0], subject, body, f"feedback_{key}", f"feedback:{item.id}", now)
    if key == "received":
        for person in session.scalars(select(User).where(User.role.in_(HANDLERS))):
            subject, body = mail_in(person.locale, FEEDBACK_MAIL["new"],
                                    link=portal_link(f"/staff/feedback/{item.id}"),
                                    **_values(item))
            queue(session, person.email, subject, body, "feedback_new", f"feedback:{item.id}",
                  now)


def by_receipt(session: Session, typed: str) -> Feedback | None:
    """The message a receipt code follows (typed in any case, with or without dashes)."""
    digest = typed_digest(typed)
    if digest is None:
        return None
    return session.scalars(select(Feedback).where(Feedback.receipt_sha256 == digest)).first()


def sent_by(session: Session, user: User) -> list[Feedback]:
    """What a signed-in person sent, the newest first."""
    return list(session.scalars(select(Feedback).where(Feedback.user_id == user.id)
                                .order_by(Feedback.received_at.desc())))


@dataclass(frozen=True)
class FeedbackView:
    """A message as a member of staff may read it (names marked out for readers without a need
    to know who wrote)."""

    item: Feedback
    text: str
    sender: str
    overdue: bool


def _names_in(session: Session, item: Feedback) -> list[str]:
    """The names and numbers the database knows of a message's sender and child."""
    sender = session.get(User, item.user_id) if item.user_id else None
    child = session.get(Child, item.child_id) if item.child_id else None
    return [sender.name if sender else "", sender.email.split("@")[0] if sender else "",
            (item.reply_to or "").split("@")[0], child.name if child else "",
            (child.personnummer or "") if child else ""]


def _view(session: Session, reader: User, item: Feedback, now: datetime) -> FeedbackView:
    named = needs_names_in_feedback(reader.role)
    sender = session.get(User, item.user_id) if item.user_id else None
    who = (sender.name if sender else (item.reply_to or "")) if named else ""
    return FeedbackView(item, item.text if named else marked_out(session, item), who,
                        item.state != core.ANSWERED and as_utc(item.answer_by) <= now)


def feedback_list(session: Session, reader: User, now: datetime) -> list[FeedbackView]:
    """Open messages (the earliest answer date first), then the last answered; names marked
    out for readers without a need to know; the read is audited."""
    open_rows = session.scalars(select(Feedback).where(Feedback.state != core.ANSWERED)
                                .order_by(Feedback.answer_by, Feedback.id)).all()
    answered = session.scalars(select(Feedback).where(Feedback.state == core.ANSWERED)
                               .order_by(Feedback.answered_at.desc()).limit(50)).all()
    views = [_view(session, reader, item, now) for item in [*open_rows, *answered]]
    audit_log.record(session, reader.email, "read_feedback", "feedback",
                     f"{len(open_rows)} open, "
                     f"{'with' if needs_names_in_feedback(reader.role) else 'without'} names",
                     at=now)
    return views


def feedback_for(session: Session, reader: User, feedback_id: int, now: datetime
                 ) -> FeedbackView | None:
    """One message as the reader may read it; the read is audited."""
    item = session.get(Feedback, feedback_id)
    if item is None:
        return None
    audit_log.record(session, reader.email, "read_feedback", f"feedback:{item.id}", at=now)
    return _view(session, reader, item, now)


def _handled(session: Session, staff: User, feedback_id: int) -> Feedback:
    item = session.get(Feedback, feedback_id)
    if item is None or staff.role not in HANDLERS:
        raise _refused("not_now")
    return item


def marked_out(session: Session, item: Feedback) -> str:
    """A message's text with the names and numbers the database knows of its sender and child,
    and any personnummer, e-mail address or phone number, marked out: what those without a
    need to know read, the draft of a published question, and a passage of the material."""
    return redact(item.text, _names_in(session, item))


def acknowledge(session: Session, staff: User, feedback_id: int, now: datetime) -> Feedback:
    """Confirm to the sender that the message is being handled, and by whom."""
    item = _handled(session, staff, feedback_id)
    try:
        item.state = core.acknowledge(item.state)
    except core.Refused as err:
        raise _refused(err.code) from None
    item.acknowledged_at = now
    _tell_sender(session, item, "acknowledged", now, who=staff.name)
    audit_log.record(session, staff.email, "acknowledge_feedback", f"feedback:{item.id}",
                     at=now)
    return item


def answer(session: Session, staff: User, feedback_id: int, text: str, publish: bool,
           now: datetime, public_question: str = "") -> Feedback:
    """Answer the sender; with their consent (and the handler's choice) the question — as the
    handler wrote it for everyone, names, numbers and addresses marked out again — and the
    answer are published."""
    item = _handled(session, staff, feedback_id)
    try:
        item.state = core.answer(item.state, text)
    except core.Refused as err:
        raise _refused(err.code) from None
    item.answer, item.answered_at, item.answered_by = text.strip()[:LONGEST], now, staff.id
    item.acknowledged_at = item.acknowledged_at or now
    if publish and core.may_publish(item.state, item.consent):
        question = public_question.strip()[:LONGEST] or marked_out(session, item)
        item.public_question = redact(question, _names_in(session, item))
        item.published_at = now
    _tell_sender(session, item, "answered", now, who=staff.name, answer=item.answer)
    audit_log.record(session, staff.email, "answer_feedback", f"feedback:{item.id}",
                     "published" if item.published_at else "", at=now)
    return item


def to_deviation(session: Session, staff: User, feedback_id: int, category: str,
                 severity: int, school_id: str, now: datetime, pseudonym_key: bytes = b""
                 ) -> Deviation:
    """A message that shows a deficiency becomes a deviation in one step, linked both ways
    (the feedback names the case; the case's description names the feedback)."""
    item = _handled(session, staff, feedback_id)
    if item.deviation_id is not None:
        raise _refused("not_now")
    made = deviation_cases.report_deviation(
        session, staff, category, severity, school_id,
        translations(staff.locale).gettext(DEVIATION_TITLE) % {"number": item.id},
        f"[feedback:{item.id}] {item.text}", now,
        pseudonym_key=pseudonym_key)
    item.deviation_id = made.deviation.id
    audit_log.record(session, staff.email, "feedback_to_deviation", f"feedback:{item.id}",
                     f"deviation {made.deviation.id}", at=now)
    return made.deviation


def feedback_of_deviation(session: Session, deviation_id: int) -> int | None:
    """The feedback a deviation came from (its number), if it did."""
    return session.scalar(select(Feedback.id).where(Feedback.deviation_id == deviation_id))


def published(session: Session, limit: int = 100) -> list[Feedback]:
    """Answered questions published for everyone, the newest first."""
    return list(session.scalars(select(Feedback).where(Feedback.published_at.is_not(None))
                                .order_by(Feedback.published_at.desc()).limit(limit)))


def sweep(session: Session, now: datetime) -> tuple[int, int]:
    """Remind the handlers of what is due tomorrow and escalate what missed a deadline, each
    once per message; (reminded, escalated). Rows are locked against a second sweep."""
    rows = session.scalars(select(Feedback).where(
        Feedback.state != core.ANSWERED,
        or_(Feedback.reminded_at.is_(None), Feedback.escalated_for.is_(None),
            Feedback.escalated_for != core.ANSWER))
        .with_for_update(skip_locked=True)).all()
    reminded = escalated = 0
    for item in rows:
        deadlines = core.Due(as_utc(item.acknowledge_by), as_utc(item.answer_by),
                             as_utc(item.remind_at))
        step = core.sweep_step(item.state, deadlines, now, item.reminded_at is not None,
                               item.escalated_for)
        if step is None:
            continue
        roles = HANDLERS if step == core.REMIND else ESCALATE_TO
        missed = core.missed(item.state, deadlines, now) or core.ANSWER
        for person in session.scalars(select(User).where(User.role.in_(roles))):
            subject, body = mail_in(person.locale, FEEDBACK_MAIL[step],
                                    link=portal_link(f"/staff/feedback/{item.id}"),
                                    missed=translations(person.locale).gettext(MISSED[missed]),
                                    **_values(item))
            queue(session, person.email, subject, body, f"feedback_{step}",
                  f"feedback:{item.id}", now)
        if step == core.REMIND:
            item.reminded_at, reminded = now, reminded + 1
        else:
            item.escalated_at, item.escalated_for, escalated = now, missed, escalated + 1
    if reminded or escalated:
        audit_log.record(session, "feedback sweep", "feedback_deadlines", "feedback",
                         f"{reminded} reminded, {escalated} escalated", at=now)
    return reminded, escalated


def sweep_now(make_session, now: datetime) -> tuple[int, int]:
    """One feedback sweep in its own transaction (the portal's background task, the command)."""
    with make_session.begin() as session:
        writes(session)
        return sweep(session, now)


def receive_email(session: Session, raw: bytes, now: datetime) -> Sent:
    """A message that came in by e-mail (a mail server pipes it to `huvudman feedback
    receive`): its text, and its sender's address to answer to — kept as a reply address,
    not an account."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    _name, address = parseaddr(str(message.get("From", "")))
    body = message.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    subject = str(message.get("Subject", "")).strip()
    content = f"{subject}\n\n{text}".strip() if subject else text
    lang = str(message.get("Content-Language", "sv")).split(",")[0].strip() or "sv"
    return submit(session, None, content, "opinion", "other", lang, False, now,
                  channel="email", reply_to=address if "@" in address else "")
