"""The store on SQLite and PostgreSQL: migrations both ways, models, the append-only audit log."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError

from huvudman import store
from huvudman.store import audit_log
from huvudman.store.database import current_revision, downgrade, make_engine, sessions, upgrade
from huvudman.store.models import (
    Application,
    AuditEntry,
    Base,
    Child,
    Choice,
    Confirmation,
    School,
    User,
)

TABLES = {"school", "child", "app_user", "guardianship", "application", "choice",
          "confirmation", "notice", "feedback", "audit_log", "placement_run", "placement",
          "round_setting", "reminder"}
MIGRATIONS = Path(store.__file__).with_name("migrations") / "versions"


def test_migrations_upgrade_from_empty_and_downgrade_to_nothing(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    newest = max(p.name.split("_")[0] for p in MIGRATIONS.glob("0*.py"))
    assert current_revision(engine) == newest
    assert set(inspect(engine).get_table_names()) >= TABLES
    with engine.connect() as conn:  # the models and the migrated schema agree
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert differences == [], differences
    downgrade(engine)
    assert current_revision(engine) is None
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)  # and up again
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_a_family_and_its_confirmed_application(engine) -> None:
    make = sessions(engine)
    now = datetime(2027, 1, 15, 9, 30, tzinfo=UTC)
    with make.begin() as s:
        s.add_all([School(school_id="S1", name="Norra", lat=57.7, lon=11.9, capacity=30,
                          district="N"),
                   School(school_id="S2", name="Södra", lat=57.6, lon=11.9, capacity=20,
                          district="S")])
        child = Child(child_id="b1", personnummer="20210101-0007", name="Alva", lat=57.65,
                      lon=11.95, district="N", grade="F", protected=False)
        anna = User(email="anna@example.se", name="Anna", role="guardian", locale="sv")
        bo = User(email="bo@example.se", name="Bo", role="guardian", locale="en")
        child.guardians = [anna, bo]
        s.add(child)
        s.flush()
        app = Application(child_id=child.id, round="2027", updated_at=now,
                          choices=[Choice(rank=1, school_id="S2"), Choice(rank=2, school_id="S1")])
        s.add(app)
        s.flush()
        app.confirmations.append(Confirmation(user_id=anna.id, choices_sha256="x" * 64,
                                              confirmed_at=now))
    with make() as s:
        child = s.scalars(select(Child).where(Child.child_id == "b1")).one()
        assert sorted(g.name for g in child.guardians) == ["Anna", "Bo"]
        app = s.scalars(select(Application)).one()
        assert [c.school_id for c in app.choices] == ["S2", "S1"]
        assert len(app.confirmations) == 1
    with pytest.raises(IntegrityError), make.begin() as s:  # one application per round
        s.add(Application(child_id=child.id, round="2027", updated_at=now))
    with pytest.raises(IntegrityError), make.begin() as s:  # a choice must name a school
        s.add(Choice(application_id=app.id, rank=3, school_id="NOPE"))


def test_the_audit_log_chains_and_refuses_changes(engine) -> None:
    make = sessions(engine)
    with make.begin() as s:
        for k in range(5):
            audit_log.record(s, "officer@example.se", "read_child", f"child:b{k}",
                             "placement review")
    with make() as s:
        n, broken = audit_log.verify(s)
        assert (n, broken) == (5, None)
    with pytest.raises(DatabaseError), make.begin() as s:
        s.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE id = 3"))
    with pytest.raises(DatabaseError), make.begin() as s:
        s.execute(text("DELETE FROM audit_log WHERE id = 2"))
    with make() as s:
        assert s.get(AuditEntry, 3).actor == "officer@example.se"


def test_verify_names_the_first_broken_entry(engine) -> None:
    """Even with the database's guard removed by someone with full rights, the chain shows it."""
    make = sessions(engine)
    with make.begin() as s:
        for k in range(4):
            audit_log.record(s, "officer@example.se", "read_child", f"child:b{k}")
    _drop_guard(engine)
    with make.begin() as s:
        s.execute(text("UPDATE audit_log SET subject = 'child:zzz' WHERE id = 3"))
    with make() as s:
        _, broken = audit_log.verify(s)
        assert broken is not None and broken.entry_id == 3 and "changed" in broken.reason
    with make.begin() as s:
        s.execute(text("DELETE FROM audit_log WHERE id = 2"))
    with make() as s:
        _, broken = audit_log.verify(s)
        assert broken is not None and broken.entry_id == 2 and "missing" in broken.reason


def _drop_guard(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER audit_log_no_update ON audit_log"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))


def test_audit_verify_command(engine, db_url: str) -> None:
    import subprocess
    import sys

    def verify() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "huvudman", "audit", "verify"],
                              capture_output=True, text=True,
                              env={"DATABASE_URL": db_url, "COLUMNS": "200"})

    make = sessions(engine)
    with make.begin() as s:
        for k in range(3):
            audit_log.record(s, "officer@example.se", "read_child", f"child:b{k}")
    proc = verify()
    assert proc.returncode == 0 and "intact: 3 entries" in proc.stderr
    _drop_guard(engine)
    with make.begin() as s:
        s.execute(text("UPDATE audit_log SET detail = 'x' WHERE id = 2"))
    proc = verify()
    assert proc.returncode == 1 and "broken at entry 2" in proc.stderr


def test_checkpoints_outside_the_database_catch_a_log_cut_short_or_rewritten(
        engine, db_url: str, tmp_path: Path) -> None:
    """The chain alone passes a log whose newest entries were deleted, or one rewritten whole
    with every hash recomputed; a checkpoint kept outside the database catches both."""
    import subprocess
    import sys

    def hv(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "huvudman", "audit", *args],
                              capture_output=True, text=True,
                              env={"DATABASE_URL": db_url, "COLUMNS": "200"})

    kept = tmp_path / "elsewhere" / "audit-checkpoints.txt"
    make = sessions(engine)
    with make.begin() as s:
        for k in range(4):
            audit_log.record(s, "officer@example.se", "read_child", f"child:b{k}")
    assert hv("checkpoint", "--out", str(kept)).returncode == 0
    ok = hv("verify", "--checkpoints", str(kept))
    assert ok.returncode == 0 and "all 1 checkpoints hold" in ok.stderr
    _drop_guard(engine)
    with make.begin() as s:  # the newest two entries deleted: the chain still holds
        s.execute(text("DELETE FROM audit_log WHERE id > 2"))
    assert hv("verify").returncode == 0
    cut = hv("verify", "--checkpoints", str(kept))
    assert cut.returncode == 1 and "entries were removed" in cut.stderr
    with make.begin() as s:  # rewritten whole, every hash recomputed: the chain holds again
        s.execute(text("DELETE FROM audit_log"))
        for k in range(4):
            audit_log.record(s, "someone@else.se", "read_child", f"child:b{k}")
    assert hv("verify").returncode == 0
    rewritten = hv("verify", "--checkpoints", str(kept))
    assert rewritten.returncode == 1 and "was rewritten" in rewritten.stderr
