"""The audit log for auditors and the administrator: the latest entries, and whether the
hash chain still holds."""

from __future__ import annotations

from fastapi import APIRouter, Request

from huvudman.portal.deps import DB, require_user
from huvudman.portal.pages import render
from huvudman.portal.roles import roles_for
from huvudman.services.audit.log_page import SHOWN, read_audit_log

router = APIRouter()


@router.get("/staff/audit")
def audit_page(request: Request, session: DB):
    user = require_user(request, session, *roles_for("audit"))
    action = request.query_params.get("action", "").strip()
    actor = request.query_params.get("actor", "").strip().lower()
    view = read_audit_log(session, user, action, actor)
    return render(request, session, "audit.html", entries=view.entries, checked=view.checked,
                  broken=view.broken, actions=view.actions, action=action, actor=actor,
                  shown=SHOWN)
