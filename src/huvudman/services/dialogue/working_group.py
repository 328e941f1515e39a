"""The dialogue's working group (guardians, politicians, a principal, managers, officers):
members, meetings with their agenda and a calendar invitation (iCalendar) for each, minutes,
and the proposals, decisions and action items each linked to one of the themes."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress
from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.dialogue.themes import THEMES
from huvudman.governance.roles import DIALOGUE_CODERS
from huvudman.services.families.applications import NotAllowed
from huvudman.services.notify.outbox import portal_link, queue
from huvudman.store import audit_log
from huvudman.store.models import GroupItem, GroupMeeting, GroupMember, User
from huvudman.words.dialogue import FEEDBACK_REFUSALS, INVITATION_MAIL
from huvudman.words.formatting import local_time
from huvudman.words.governance import mail_in

#: Who a member of the group is.
MEMBER_KINDS = ("guardian", "politician", "principal", "manager", "officer")
#: What a meeting records.
ITEM_KINDS = ("proposal", "decision", "action")
#: Who keeps the group's record (the administration's analysis team).
KEEPERS = DIALOGUE_CODERS
STOCKHOLM = ZoneInfo("Europe/Stockholm")
LONGEST = 10_000


def _refused(code: str = "not_now") -> NotAllowed:
    return NotAllowed(FEEDBACK_REFUSALS[code])


def _keeper(user: User) -> None:
    if user.role not in KEEPERS:
        raise _refused()


def members(session: Session) -> list[GroupMember]:
    """The members, by kind and name."""
    return list(session.scalars(select(GroupMember).order_by(GroupMember.kind,
                                                             GroupMember.name)))


def add_member(session: Session, keeper: User, name: str, kind: str, email: str,
               now: datetime) -> GroupMember:
    """A new member; audited."""
    _keeper(keeper)
    if not name.strip() or kind not in MEMBER_KINDS or (email.strip() and "@" not in email):
        raise _refused("text_needed")
    member = GroupMember(name=name.strip()[:200], kind=kind, email=email.strip()[:320],
                         added_at=now)
    session.add(member)
    session.flush()
    audit_log.record(session, keeper.email, "add_group_member", f"group_member:{member.id}",
                     kind, at=now)
    return member


def meetings(session: Session) -> list[GroupMeeting]:
    """Every meeting, the earliest first."""
    return list(session.scalars(select(GroupMeeting).order_by(GroupMeeting.starts_at)))


def plan_meeting(session: Session, keeper: User, starts: str, minutes_long: int, place: str,
                 agenda: str, now: datetime, secret: str) -> GroupMeeting:
    """A meeting (its start typed as 2026-11-18 18:00, Swedish time); every member with an
    address gets the invitation by mail, with the link to its calendar file; audited."""
    _keeper(keeper)
    try:
        local = datetime.strptime(starts.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=STOCKHOLM)
    except ValueError:
        raise _refused("text_needed") from None
    if not 2000 <= local.year <= 2100:  # a typing error, and beyond what a clock can shift
        raise _refused("text_needed")
    if not place.strip() or not agenda.strip() or not 15 <= minutes_long <= 480:
        raise _refused("text_needed")
    meeting = GroupMeeting(starts_at=local.astimezone(ZoneInfo("UTC")),
                           minutes_long=minutes_long, place=place.strip()[:300],
                           agenda=agenda.strip()[:LONGEST], created_by=keeper.id)
    session.add(meeting)
    session.flush()
    for member in members(session):
        if member.email:
            subject, body = mail_in("sv", INVITATION_MAIL, when=local_time(meeting.starts_at),
                                    place=meeting.place, agenda=meeting.agenda,
                                    link=portal_link(
                                        f"/invitations/{meeting.id}.ics?key="
                                        f"{invitation_key(meeting.id, secret)}"))
            queue(session, member.email, subject, body, "group_invitation",
                  f"group_meeting:{meeting.id}", now)
    audit_log.record(session, keeper.email, "plan_group_meeting",
                     f"group_meeting:{meeting.id}", at=now)
    return meeting


def meeting_for(session: Session, viewer: User, meeting_id: int) -> GroupMeeting | None:
    """One meeting, for those who keep the group's record."""
    return session.get(GroupMeeting, meeting_id) if viewer.role in KEEPERS else None


def write_minutes(session: Session, keeper: User, meeting_id: int, minutes: str,
                  now: datetime) -> GroupMeeting:
    """The meeting's minutes (replacing a draft); audited."""
    _keeper(keeper)
    meeting = session.get(GroupMeeting, meeting_id)
    if meeting is None:
        raise _refused()
    meeting.minutes = minutes.strip()[:LONGEST]
    audit_log.record(session, keeper.email, "group_minutes", f"group_meeting:{meeting.id}",
                     at=now)
    return meeting


def record_item(session: Session, keeper: User, meeting_id: int, kind: str, theme: str,
                text: str, owner_id: str, due_on: date | None, now: datetime) -> GroupItem:
    """A proposal, decision or action item linked to a theme (an action: its owner and date)."""
    _keeper(keeper)
    meeting = session.get(GroupMeeting, meeting_id)
    if meeting is None or kind not in ITEM_KINDS or theme not in THEMES:
        raise _refused()
    owner = session.get(GroupMember, int(owner_id)) if owner_id.isdecimal() and \
        len(owner_id) < 10 else None
    if not text.strip() or (kind == "action" and (owner is None or due_on is None)):
        raise _refused("text_needed")
    item = GroupItem(meeting_id=meeting.id, kind=kind, theme=theme, text=text.strip()[:LONGEST],
                     owner_id=owner.id if owner and kind == "action" else None,
                     due_on=due_on if kind == "action" else None)
    session.add(item)
    session.flush()
    audit_log.record(session, keeper.email, f"group_{kind}", f"group_meeting:{meeting.id}",
                     theme, at=now)
    return item


def invitation_key(meeting_id: int, secret: str) -> str:
    """The key in a meeting's calendar link: only those sent the link open it."""
    return hmac.new(secret.encode(), f"group-meeting:{meeting_id}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def meeting_by_key(session: Session, meeting_id: int, key: str, secret: str
                   ) -> GroupMeeting | None:
    """The meeting a calendar link names, if its key is right."""
    if not hmac.compare_digest(key.encode(), invitation_key(meeting_id, secret).encode()):
        return None
    return session.get(GroupMeeting, meeting_id)


def invitation(meeting: GroupMeeting, organizer: str, title: str) -> bytes:
    """The meeting as an iCalendar file (RFC 5545) to add to any calendar (no one's name or
    address in it: the link may be passed on)."""
    calendar = Calendar()
    calendar.add("prodid", "-//huvudman//dialogue//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    start = meeting.starts_at if meeting.starts_at.tzinfo else meeting.starts_at.replace(
        tzinfo=ZoneInfo("UTC"))
    event.add("uid", f"group-meeting-{meeting.id}@huvudman")
    event.add("dtstamp", start)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.minutes_long))
    event.add("summary", title)
    event.add("location", meeting.place)
    event.add("description", meeting.agenda)
    event["organizer"] = vCalAddress(f"MAILTO:{organizer}")
    calendar.add_component(event)
    return calendar.to_ical()
