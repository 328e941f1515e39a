"""Retention (gallring): the records plan's rules, and `huvudman retention` removing exactly what
is due — logged in the audit log — and nothing a decision rests on, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from helpers import hv
from huvudman.governance.retention import DEFAULT_RULES, PlanError, due_before, plan
from huvudman.store import audit_log
from huvudman.store.database import sessions
from huvudman.store.models import (
    AuditEntry,
    Child,
    Feedback,
    Notice,
    Placement,
    PlacementRun,
    Reminder,
    School,
    User,
    WebSession,
)

NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=3000)
RECENT = NOW - timedelta(days=2)


def test_a_plan_changes_days_and_refuses_what_it_cannot_mean() -> None:
    rules = {r.kind: r for r in plan({"feedback": 365, "web_session": 0})}
    assert rules["feedback"].days == 365 and rules["web_session"].days == 0
    assert rules["reminder"].days == 365  # the default where the plan is silent
    for bad, says in (({"audit_log": 10}, "unknown kind"), ({"feedback": -1}, "whole number"),
                      ({"feedback": True}, "whole number"), ({"feedback": 1.5}, "whole number"),
                      ({"feedback": 10**6}, "whole number")):
        with pytest.raises(PlanError, match=says):
            plan(bad)
    rule = DEFAULT_RULES[0]
    assert due_before(rule, NOW) == NOW - timedelta(days=rule.days)
    assert audit_log.id_ranges((9, 1, 2, 3, 7, 10)) == "1-3, 7, 9-10"


def _fill(engine, tmp_path: Path) -> dict[str, int]:
    """One old and one recent record of every kind; a published round with a draft run."""
    with sessions(engine).begin() as s:
        s.add(School(school_id="S1", name="Ängskolan", lat=57.7, lon=11.9, capacity=10))
        child = Child(child_id="b1", name="Alva", lat=57.7, lon=11.9)
        user = User(email="anna@example.se", name="Anna", role="guardian")
        s.add_all([child, user])
        s.flush()
        for when in (OLD, RECENT):
            s.add(WebSession(token_sha256=f"{when.timestamp():064.0f}"[-64:], user_id=user.id,
                             created_at=when, expires_at=when + timedelta(hours=8)))
            s.add(Reminder(user_id=user.id, child_id=child.id, round="2020", sent_at=when,
                           sent_by=user.id))
            s.add(Notice(title="Driftstörning", body="…", starts_at=when, ends_at=when,
                         created_by=user.id))
            s.add(Feedback(user_id=user.id, child_id=child.id, text="Tack", received_at=when,
                           acknowledge_by=when, answer_by=when, remind_at=when,
                           state="answered", answered_at=when))
        s.add(Feedback(user_id=user.id, child_id=child.id, text="Obesvarad", received_at=OLD,
                       acknowledge_by=OLD, answer_by=OLD, remind_at=OLD))  # never answered
        folders = {}
        for name, published in (("published", OLD), ("draft", None), ("recent-draft", None)):
            folder = tmp_path / "runs" / name / "record"
            folder.mkdir(parents=True)
            run = PlacementRun(round="2020" if name != "recent-draft" else "2026",
                               created_at=OLD, created_by=user.id, seed=1,
                               run_dir=str(folder), audit_passed=True, published_at=published)
            s.add(run)
            s.flush()
            s.add(Placement(run_id=run.id, child_id=child.id, school_id="S1"))
            folders[name] = run.id
        s.add(PlacementRun(round="2026", created_at=RECENT, created_by=user.id, seed=1,
                           run_dir="", audit_passed=True, published_at=RECENT))
        audit_log.record(s, "officer@example.se", "read_child", "child:b1")
    return folders


def test_retention_shows_then_removes_exactly_what_is_due(engine, db_url, tmp_path) -> None:
    runs = _fill(engine, tmp_path)
    env = {"DATABASE_URL": db_url}
    shown = hv("retention", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "5 records due; nothing removed" in shown.stderr  # the old one of each kind
    make = sessions(engine)
    with make() as s:
        assert s.scalar(select(func.count()).select_from(Feedback)) == 3

    plan_file = tmp_path / "plan.toml"
    plan_file.write_text("[retention]\nreminder = 100000\n", encoding="utf-8")
    refused = hv("retention", "--plan", plan_file, "--apply", env=env)
    assert refused.returncode == 2 and "reminder: days must be" in refused.stderr

    plan_file.write_text("[retention]\nreminder = 10000\n", encoding="utf-8")  # keep them
    done = hv("retention", "--plan", plan_file, "--apply", env=env)
    assert done.returncode == 0, done.stderr
    assert "4 records removed and logged" in done.stderr
    with make() as s:
        assert s.scalar(select(func.count()).select_from(WebSession)) == 1
        assert s.scalar(select(func.count()).select_from(Reminder)) == 2
        assert s.scalar(select(func.count()).select_from(Notice)) == 1
        assert sorted(s.scalars(select(Feedback.text))) == ["Obesvarad", "Tack"]
        kept_runs = set(s.scalars(select(PlacementRun.id)))
        assert runs["draft"] not in kept_runs
        assert {runs["published"], runs["recent-draft"]} <= kept_runs
        assert s.scalar(select(func.count()).select_from(Placement)) == 2  # decisions kept
        assert s.scalar(select(func.count()).select_from(Child)) == 1
        logged = s.scalars(select(AuditEntry.subject).where(
            AuditEntry.action == "retention_removed").order_by(AuditEntry.id)).all()
        assert logged == ["records:web_session", "records:notice", "records:feedback",
                          "records:draft_run"]
        assert audit_log.verify(s)[1] is None
    assert not (tmp_path / "runs" / "draft").exists()
    assert (tmp_path / "runs" / "published" / "record").is_dir()
    again = hv("retention", "--plan", plan_file, env=env)
    assert "0 records due" in again.stderr
