"""`huvudman retention`: remove what the records plan says is no longer to be kept, and log
what was removed (kind, how many, which ids) in the audit log. Without `--apply` it only shows
what is due."""

from __future__ import annotations

import getpass
import shutil
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from huvudman.governance.retention import PlanError, Rule, due_before, plan
from huvudman.services.database_work import on_database
from huvudman.store import audit_log
from huvudman.store.database import sessions
from huvudman.store.models import (
    CorrectionMove,
    Feedback,
    Notice,
    Placement,
    PlacementRun,
    Reminder,
    WebSession,
)

_CHUNK = 500


@dataclass(frozen=True)
class Due:
    """The records of one kind due for removal."""

    rule: Rule
    before: datetime
    ids: tuple[int, ...]
    folders: tuple[str, ...] = ()


def due_records(session: Session, rules: tuple[Rule, ...], now: datetime) -> list[Due]:
    """What each rule finds due at `now` (nothing is removed)."""
    out = []
    for rule in rules:
        before = due_before(rule, now)
        ids, folders = _finders[rule.kind](session, before), ()
        if rule.kind == "draft_run" and ids:
            folders = tuple(str(Path(d).parent) for d in session.scalars(
                select(PlacementRun.run_dir).where(PlacementRun.id.in_(ids))) if d)
        out.append(Due(rule, before, tuple(ids), folders))
    return out


def remove(session: Session, found: list[Due], actor: str, now: datetime) -> list[str]:
    """Delete the records found and log each kind removed; the run folders to delete once the
    transaction has committed (a folder is never removed while its rows might stay)."""
    for due in found:
        if not due.ids:
            continue
        for start in range(0, len(due.ids), _CHUNK):
            chunk = due.ids[start:start + _CHUNK]
            for statement in _deleters[due.rule.kind](chunk):
                session.execute(statement)
        audit_log.record(session, actor, "retention_removed", f"records:{due.rule.kind}",
                         f"{len(due.ids)} removed ({due.rule.days} days from "
                         f"{due.rule.counted_from}, before {due.before.date().isoformat()}): "
                         f"ids {audit_log.id_ranges(due.ids)}", at=now)
    return [folder for due in found for folder in due.folders]


def run_retention(console: Console, plan_file: Path | None, apply: bool) -> int:
    """Show (or with `apply`, remove and log) what is due in $DATABASE_URL; 0 done, 2 the plan
    or the database cannot be read (nothing removed)."""
    try:
        rules = plan(_read_plan(plan_file) if plan_file else None)
    except (OSError, tomllib.TOMLDecodeError, PlanError) as err:
        console.print(f"[bold red]error:[/] the records plan {plan_file}: {err}",
                      highlight=False)
        return 2
    now = datetime.now(UTC)

    def apply_plan(engine) -> tuple[list[Due], list[str]]:
        with sessions(engine).begin() as session:
            found = due_records(session, rules, now)
            return found, (remove(session, found, f"retention ({getpass.getuser()})", now)
                           if apply else [])

    done = on_database(console, apply_plan, "nothing was removed")
    if done is None:
        return 2
    found, folders = done
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    table = Table("kind", "kept (days)", "counted from", "due before",
                  "removed" if apply else "due", box=None)
    for due in found:
        table.add_row(due.rule.kind, str(due.rule.days), due.rule.counted_from.replace("_", " "),
                      due.before.date().isoformat(), f"{len(due.ids):,}")
    console.print(table)
    total = sum(len(d.ids) for d in found)
    console.print(f"{total:,} records removed and logged in the audit log" if apply else
                  f"{total:,} records due; nothing removed (add --apply to remove them)",
                  highlight=False)
    return 0


def _read_plan(path: Path) -> dict:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if set(data) - {"retention"} or not isinstance(data.get("retention", {}), dict):
        raise PlanError("expected one table [retention] of kind = days")
    return data.get("retention", {})


def _ids(session: Session, column, where) -> list[int]:
    return list(session.scalars(select(column).where(where).order_by(column)))


def _draft_runs(session: Session, before: datetime) -> list[int]:
    published = select(PlacementRun.round).where(PlacementRun.published_at.is_not(None),
                                                 PlacementRun.published_at < before)
    return _ids(session, PlacementRun.id, and_(PlacementRun.published_at.is_(None),
                                               PlacementRun.round.in_(published)))


_finders = {
    "web_session": lambda s, before: _ids(s, WebSession.id, or_(
        and_(WebSession.ended_at.is_not(None), WebSession.ended_at < before),
        WebSession.expires_at < before)),
    "reminder": lambda s, before: _ids(s, Reminder.id, Reminder.sent_at < before),
    "notice": lambda s, before: _ids(s, Notice.id, and_(Notice.ends_at.is_not(None),
                                                        Notice.ends_at < before)),
    "feedback": lambda s, before: _ids(s, Feedback.id, and_(Feedback.answered_at.is_not(None),
                                                            Feedback.answered_at < before)),
    "draft_run": _draft_runs,
}
_deleters = {
    "web_session": lambda ids: [delete(WebSession).where(WebSession.id.in_(ids))],
    "reminder": lambda ids: [delete(Reminder).where(Reminder.id.in_(ids))],
    "notice": lambda ids: [delete(Notice).where(Notice.id.in_(ids))],
    "feedback": lambda ids: [delete(Feedback).where(Feedback.id.in_(ids))],
    "draft_run": lambda ids: [delete(Placement).where(Placement.run_id.in_(ids)),
                              delete(CorrectionMove).where(CorrectionMove.run_id.in_(ids)),
                              delete(PlacementRun).where(PlacementRun.id.in_(ids))],
}
