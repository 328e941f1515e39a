"""Disruption notices (störningsinformation): staff publish them, every page shows them as a
banner while they are in force, and ending one takes it down at once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import Notice, User
from huvudman.store.times import as_utc
from huvudman.words.messages import NOTICE_ENDS_BEFORE_START, NOTICE_NEEDS_TEXT

TITLE_MAX = 200
BODY_MAX = 2000


def publish_notice(session: Session, user: User, title: str, body: str, starts_at: datetime,
                   ends_at: datetime | None) -> Notice:
    """A new notice in force from `starts_at` until `ends_at` (or until it is ended)."""
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise NotAllowed(NOTICE_NEEDS_TEXT)
    if ends_at is not None and ends_at <= starts_at:
        raise NotAllowed(NOTICE_ENDS_BEFORE_START)
    notice = Notice(title=title[:TITLE_MAX], body=body[:BODY_MAX], starts_at=starts_at,
                    ends_at=ends_at, created_by=user.id)
    session.add(notice)
    session.flush()
    audit_log.record(session, user.email, "publish_notice", f"notice:{notice.id}", title)
    return notice


def end_notice(session: Session, user: User, notice_id: int, now: datetime) -> Notice | None:
    """Take a notice down now (None when there is no such notice)."""
    notice = session.get(Notice, notice_id)
    if notice is None:
        return None
    if notice.ends_at is None or as_utc(notice.ends_at) > now:
        notice.ends_at = max(now, as_utc(notice.starts_at))
        audit_log.record(session, user.email, "end_notice", f"notice:{notice.id}", notice.title)
    return notice


def all_notices(session: Session) -> list[Notice]:
    """Every notice, the newest first."""
    return list(session.scalars(select(Notice).order_by(Notice.starts_at.desc(),
                                                        Notice.id.desc())))


def notice_state(notice: Notice, now: datetime) -> str:
    """"coming", "shown" or "ended" at `now`."""
    if notice.ends_at is not None and as_utc(notice.ends_at) <= now:
        return "ended"
    return "coming" if as_utc(notice.starts_at) > now else "shown"
