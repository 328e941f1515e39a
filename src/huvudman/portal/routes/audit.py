"""The audit log for auditors and the administrator: the latest entries, and whether the
hash chain still holds."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.store import audit_log
from huvudman.store.models import AuditEntry

router = APIRouter()
SHOWN = 300


@router.get("/staff/audit")
def audit_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("audit"))
    action = request.query_params.get("action", "").strip()
    actor = request.query_params.get("actor", "").strip().lower()
    checked, broken = audit_log.verify(session)
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(SHOWN)
    if action:
        query = query.where(AuditEntry.action == action)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    entries = session.scalars(query).all()
    actions = session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    audit_log.record(session, user.email, "read_audit_log", "audit_log",
                     f"action={action or '*'} actor={actor or '*'}")
    return render(request, session, "audit.html", entries=entries, checked=checked,
                  broken=broken, actions=list(actions), action=action, actor=actor, shown=SHOWN)
