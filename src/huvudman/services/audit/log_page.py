"""The audit log as auditors read it: the latest entries (filtered by action or actor), whether
the hash chain still holds — and the read itself is logged."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from huvudman.store import audit_log
from huvudman.store.models import AuditEntry, User

SHOWN = 300


@dataclass(frozen=True)
class AuditLogView:
    """What the audit page shows."""

    entries: list[AuditEntry]
    checked: int
    broken: audit_log.Broken | None
    actions: list[str]


def read_audit_log(session: Session, reader: User, action: str = "", actor: str = ""
                   ) -> AuditLogView:
    """The latest `SHOWN` entries, newest first, and the chain check; audited."""
    checked, broken = audit_log.verify(session)
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(SHOWN)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    entries = list(session.scalars(query))
    actions = list(session.scalars(select(AuditEntry.action).distinct()
                                   .order_by(AuditEntry.action)))
    audit_log.record(session, reader.email, "read_audit_log", "audit_log",
                     f"action={action or '*'} actor={actor or '*'}")
    return AuditLogView(entries, checked, broken, actions)
