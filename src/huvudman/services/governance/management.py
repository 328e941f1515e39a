"""Management teams at work: threads between the levels of the chain of command, and each
team's monthly meeting with its agenda generated from what is overdue, escalated or new since
the team last met, and the decisions and action items it records.

The agenda's rules are `governance.agenda`; this module gathers the matters a viewer's board
holds (their school's, for a principal), keeps sensitive cases to their kind and school, and
stores and audits."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.governance import agenda as core
from huvudman.governance import deviations as cases_core
from huvudman.governance import inspections as inspections_core
from huvudman.governance import support as support_core
from huvudman.governance.roles import SCHOOL_BOUND
from huvudman.services.families.applications import NotAllowed
from huvudman.services.governance import deviation_cases, inspections, pupil_support
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.services.registers.schools import school_names
from huvudman.store import audit_log
from huvudman.store.models import (
    DeviationEvent,
    ManagementMeeting,
    ManagementThread,
    MeetingItem,
    School,
    SchoolFlag,
    SupportMeasure,
    ThreadMessage,
    User,
)
from huvudman.store.times import as_utc
from huvudman.words.catalogs import translations
from huvudman.words.governance import (
    AGENDA_TEXT,
    SUPPORT_REFUSALS,
    THREAD_MAIL,
    category_words,
    mail_in,
)
from huvudman.words.messages import STEP_NEEDS_TEXT, UNKNOWN_SCHOOL
from huvudman.workdays import swedish_date

LONGEST = 5_000


def _refused() -> NotAllowed:
    return NotAllowed(SUPPORT_REFUSALS["not_now"])


# ---- threads between levels ----------------------------------------------------------------

def may_read_thread(viewer: User, thread: ManagementThread) -> bool:
    """The two levels and every level above the lower (a principal: their school's only)."""
    if viewer.id == thread.created_by:
        return True
    if not core.sees_thread(viewer.role, thread.from_role, thread.to_role):
        return False
    return viewer.role not in SCHOOL_BOUND or viewer.school_id == thread.school_id


def open_thread(session: Session, author: User, to_role: str, school_id: str, subject: str,
                text: str, now: datetime) -> ManagementThread:
    """Raise a matter with the level above or below; its holders are told by mail."""
    if to_role not in core.thread_levels(author.role):
        raise _refused()
    if not subject.strip() or not text.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    school = author.school_id if author.role in SCHOOL_BOUND else (school_id.strip() or None)
    if school is not None and session.get(School, school) is None:
        raise NotAllowed(UNKNOWN_SCHOOL)
    if to_role in SCHOOL_BOUND and school is None:
        raise NotAllowed(UNKNOWN_SCHOOL)  # which school's principal
    thread = ManagementThread(from_role=author.role, to_role=to_role, school_id=school,
                              subject=subject.strip()[:200], created_by=author.id,
                              created_at=now)
    session.add(thread)
    session.flush()
    session.add(ThreadMessage(thread_id=thread.id, author_id=author.id, at=now,
                              text=text.strip()[:LONGEST]))
    holders = select(User).where(User.role == to_role)
    if to_role in SCHOOL_BOUND:
        holders = holders.where(User.school_id == school)
    for person in session.scalars(holders):
        mail = mail_in(person.locale, THREAD_MAIL, subject=thread.subject, who=author.name,
                       link=portal_link(f"/staff/management/threads/{thread.id}"))
        queue(session, person.email, *mail, "thread", f"thread:{thread.id}", now)
    audit_log.record(session, author.email, "open_thread", f"thread:{thread.id}",
                     f"{author.role} → {to_role}", at=now)
    return thread


def thread_for(session: Session, viewer: User, thread_id: int) -> ManagementThread | None:
    """One thread, if the viewer may read it."""
    thread = session.get(ManagementThread, thread_id)
    return thread if thread is not None and may_read_thread(viewer, thread) else None


def answer_thread(session: Session, author: User, thread_id: int, text: str, close: bool,
                  now: datetime) -> ManagementThread:
    """Write in a thread (any level that reads it), and close it if the matter is settled."""
    thread = thread_for(session, author, thread_id)
    if thread is None or thread.closed_at is not None:
        raise _refused()
    if text.strip():
        session.add(ThreadMessage(thread_id=thread.id, author_id=author.id, at=now,
                                  text=text.strip()[:LONGEST]))
    elif not close:
        raise NotAllowed(STEP_NEEDS_TEXT)
    if close:
        thread.closed_at = now
    audit_log.record(session, author.email, "close_thread" if close else "answer_thread",
                     f"thread:{thread.id}", at=now)
    return thread


def threads_for(session: Session, viewer: User) -> list[ManagementThread]:
    """The threads a viewer reads, open ones first, the newest first."""
    query = select(ManagementThread).order_by(ManagementThread.created_at.desc())
    if viewer.role in SCHOOL_BOUND:
        query = query.where(ManagementThread.school_id == viewer.school_id)
    rows = [t for t in session.scalars(query) if may_read_thread(viewer, t)]
    return sorted(rows, key=lambda t: t.closed_at is not None)


# ---- the matters on a board ----------------------------------------------------------------

def matters_for(session: Session, viewer: User, now: datetime, lang: str = "sv"
                ) -> list[core.Matter]:
    """Every open matter at the viewer's level or below (their school's, for a principal): in
    the viewer's language, sensitive cases by their kind and school only."""
    t = translations(lang).gettext
    names = school_names(session)
    today = swedish_date(now)
    board = deviation_cases.board(session, viewer)
    rows = [*board.mine, *board.below]
    escalated = dict(session.execute(
        select(DeviationEvent.deviation_id, func.max(DeviationEvent.at))
        .where(DeviationEvent.kind == "escalate",
               DeviationEvent.deviation_id.in_([r.id for r in rows]))
        .group_by(DeviationEvent.deviation_id)).all()) if rows else {}
    out = [core.Matter(
        "deviation", f"deviation:{r.id}",
        category_words(r.category, lang)[0] if cases_core.CATEGORIES[r.category].sensitive
        else r.title, names.get(r.school_id), as_utc(r.reported_at),
        cases_core.overdue(deviation_cases.case_of(r), now),
        as_utc(escalated[r.id]) if r.id in escalated else None) for r in rows]
    for view in inspections.countdown(session, viewer, today):
        for f in view.findings:
            if f.status in (inspections_core.OVERDUE, inspections_core.DUE_SOON):
                out.append(core.Matter(
                    "finding", f"finding:{f.finding.id}",
                    t(AGENDA_TEXT["finding"]) % {"reference": view.decision.reference,
                                                 "day": f.finding.report_by.isoformat()},
                    view.school, as_utc(view.decision.registered_at),
                    f.status == inspections_core.OVERDUE))
    measures = select(SupportMeasure).where(SupportMeasure.state.in_(
        (support_core.PROPOSED, support_core.DECIDED)))
    if viewer.role in SCHOOL_BOUND:
        measures = measures.where(SupportMeasure.school_id == viewer.school_id)
    for m in session.scalars(measures):
        late = support_core.follow_up_late(m.state, m.ends_on, today)
        if m.state == support_core.PROPOSED or late:
            out.append(core.Matter("measure", f"measure:{m.id}", m.title,
                                   names.get(m.school_id), as_utc(m.proposed_at), late))
    for row in pupil_support.times_by_school(session, viewer, now):
        if row.times.late:
            out.append(core.Matter(
                "pupils", f"pupils:{row.school_id}",
                t(AGENDA_TEXT["pupils"]) % {"n": row.times.late_investigations,
                                            "m": row.times.late_decisions},
                row.school, now, overdue=True))
    flags = select(SchoolFlag)
    if viewer.role in SCHOOL_BOUND:
        flags = flags.where(SchoolFlag.school_id == viewer.school_id)
    for flag in session.scalars(flags):
        out.append(core.Matter("flag", f"flag:{flag.school_id}:{flag.period}",
                               t(AGENDA_TEXT["flag"]) % {"score": flag.score},
                               names.get(flag.school_id), as_utc(flag.flagged_at)))
    for thread in threads_for(session, viewer):
        if thread.closed_at is None:
            out.append(core.Matter("thread", f"thread:{thread.id}", thread.subject,
                                   names.get(thread.school_id), as_utc(thread.created_at)))
    for meeting_item, held_on in _open_actions(session, viewer):
        out.append(core.Matter("action", f"action:{meeting_item.id}", meeting_item.text,
                               None, _start_of(held_on),
                               core.action_overdue(meeting_item.due_on, None, today)))
    return out


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


# ---- meetings --------------------------------------------------------------------------------

def _team_scope(viewer: User):
    query = select(ManagementMeeting).where(ManagementMeeting.level == viewer.role)
    if viewer.role in SCHOOL_BOUND:
        query = query.where(ManagementMeeting.school_id == viewer.school_id)
    return query


def _open_actions(session: Session, viewer: User):
    if viewer.role not in core.TEAMS:
        return []
    return session.execute(
        select(MeetingItem, ManagementMeeting.held_on)
        .join(ManagementMeeting, ManagementMeeting.id == MeetingItem.meeting_id)
        .where(MeetingItem.kind == core.ACTION, MeetingItem.done_on.is_(None),
               ManagementMeeting.id.in_(_team_scope(viewer).with_only_columns(
                   ManagementMeeting.id)))).all()


def may_read_meeting(viewer: User, meeting: ManagementMeeting) -> bool:
    """The team's own level and every level above it (a principal: their school's)."""
    if not core.sees_thread(viewer.role, meeting.level, meeting.level):
        return False
    return viewer.role not in SCHOOL_BOUND or viewer.school_id == meeting.school_id


def meetings_for(session: Session, viewer: User) -> list[ManagementMeeting]:
    """The viewer's team's meetings, the newest first."""
    if viewer.role not in core.TEAMS:
        return []
    return list(session.scalars(_team_scope(viewer).order_by(
        ManagementMeeting.held_on.desc(), ManagementMeeting.id.desc())))


def meeting_for(session: Session, viewer: User, meeting_id: int) -> ManagementMeeting | None:
    """One meeting, if the viewer may read it."""
    meeting = session.get(ManagementMeeting, meeting_id)
    return meeting if meeting is not None and may_read_meeting(viewer, meeting) else None


def prepare_meeting(session: Session, chair: User, held_on: date, now: datetime,
                    lang: str = "sv") -> ManagementMeeting:
    """The team's next meeting with its agenda generated from the chair's board: what is
    overdue, escalated or new since the last meeting (kept as it was, for the record)."""
    if chair.role not in core.TEAMS:
        raise _refused()
    last = session.scalars(_team_scope(chair).order_by(
        ManagementMeeting.created_at.desc()).limit(1)).first()
    since = as_utc(last.created_at) if last is not None else None
    meeting = ManagementMeeting(level=chair.role, school_id=chair.school_id
                                if chair.role in SCHOOL_BOUND else None, held_on=held_on,
                                since=since, created_by=chair.id, created_at=now)
    session.add(meeting)
    session.flush()
    sections = core.agenda(matters_for(session, chair, now, lang), since)
    session.add_all(MeetingItem(meeting_id=meeting.id, kind=section, ref=m.ref,
                                text=m.title + (f" — {m.school}" if m.school else ""))
                    for section, rows in sections.items() for m in rows)
    audit_log.record(session, chair.email, "prepare_meeting", f"meeting:{meeting.id}",
                     f"{chair.role}: " + ", ".join(f"{s} {len(r)}"
                                                   for s, r in sections.items()), at=now)
    return meeting


def record_item(session: Session, chair: User, meeting_id: int, kind: str, text: str,
                owner_role: str, due_on: date | None, now: datetime) -> MeetingItem:
    """A decision or an action item (with its owner and date) recorded at a meeting of the
    chair's own team."""
    meeting = meeting_for(session, chair, meeting_id)
    if meeting is None or meeting.level != chair.role or kind not in (core.DECISION,
                                                                       core.ACTION):
        raise _refused()
    if not text.strip():
        raise NotAllowed(STEP_NEEDS_TEXT)
    if kind == core.ACTION and (due_on is None or owner_role not in core.TEAMS):
        raise NotAllowed(STEP_NEEDS_TEXT)
    item = MeetingItem(meeting_id=meeting.id, kind=kind, text=text.strip()[:LONGEST],
                       owner_role=owner_role if kind == core.ACTION else None,
                       due_on=due_on if kind == core.ACTION else None)
    session.add(item)
    session.flush()
    audit_log.record(session, chair.email, f"meeting_{kind}", f"meeting:{meeting.id}",
                     f"item {item.id}", at=now)
    return item


def complete_action(session: Session, member: User, item_id: int, now: datetime
                    ) -> MeetingItem:
    """An action item done (by a member of the team that recorded it)."""
    item = session.get(MeetingItem, item_id)
    meeting = session.get(ManagementMeeting, item.meeting_id) if item else None
    if (item is None or item.kind != core.ACTION or item.done_on is not None
            or meeting is None or meeting.level != member.role
            or not may_read_meeting(member, meeting)):
        raise _refused()
    item.done_on = swedish_date(now)
    audit_log.record(session, member.email, "action_done", f"meeting:{meeting.id}",
                     f"item {item.id}", at=now)
    return item


def authors(session: Session, thread: ManagementThread) -> dict[int, tuple[str, str]]:
    """Who wrote in a thread: user id → (name, role)."""
    ids = {m.author_id for m in thread.messages}
    return {u.id: (u.name, u.role) for u in session.scalars(select(User).where(
        User.id.in_(ids)))} if ids else {}
