"""`huvudman backup` and `restore`, run as an operator would: a database with the demo
municipality (and an audit log) backed up while it is in use, restored into an empty SQLite or
PostgreSQL database; every table comes back with its rows, the audit chain intact, and the
portal goes on from there."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from helpers import hv
from huvudman.services.demo.portal_seed import seed_demo
from huvudman.store import audit_log
from huvudman.store.backup import table_counts
from huvudman.store.database import make_engine, sessions
from huvudman.store.models import Child, PlacementRun


@pytest.fixture
def filled(engine, db_url, tmp_path):
    """A database with the demo municipality, placed and with staff reads in its audit log."""
    with sessions(engine).begin() as s:
        seed_demo(s, tmp_path / "demo", children=120, schools=5, seed=3)
        for k in range(5):
            audit_log.record(s, "officer@example.se", "read_child", f"child:b{k}")
    return engine, db_url


@pytest.mark.parametrize("into", ["sqlite", "postgresql"])
def test_a_backup_restores_every_row_with_its_audit_chain(filled, new_database, tmp_path,
                                                          into) -> None:
    engine, db_url = filled
    before = table_counts(engine)
    backup = tmp_path / "kept" / "huvudman-backup.db"
    backup.parent.mkdir()
    made = hv("backup", "--out", backup, env={"DATABASE_URL": db_url})
    assert made.returncode == 0, made.stderr
    assert "audit log's chain intact (" in made.stderr and backup.is_file()
    assert not list(backup.parent.glob("*.partial"))
    again = hv("backup", "--out", backup, env={"DATABASE_URL": db_url})
    assert again.returncode == 2 and "never overwrites" in again.stderr

    target = new_database(into)
    done = hv("restore", "--from", backup, env={"DATABASE_URL": target})
    assert done.returncode == 0, done.stderr
    assert "every table as in the backup, the audit log's chain intact" in done.stderr
    restored = make_engine(target)
    assert table_counts(restored) == before
    assert before["child"] > 0 and before["audit_log"] >= 5 and before["guardianship"] > 0
    with sessions(restored).begin() as s:
        assert audit_log.verify(s)[1] is None
        # the same people, and new rows continue after the restored ones
        assert sorted(s.scalars(select(Child.child_id))) == sorted(
            sessions(engine)().scalars(select(Child.child_id)))
        entry = audit_log.record(s, "officer@example.se", "read_child", "child:after")
        assert entry.id == before["audit_log"] + 1
        s.add(PlacementRun(round="2028", created_at=entry.at, created_by=1, seed=1,
                           run_dir="", audit_passed=True, rules="x"))
        s.flush()
    restored.dispose()

    refused = hv("restore", "--from", backup, env={"DATABASE_URL": target})
    assert refused.returncode == 2 and "not empty" in refused.stderr
    assert "nothing was changed" in refused.stderr


def test_a_tampered_or_foreign_file_is_not_restored(filled, new_database, tmp_path) -> None:
    _engine, db_url = filled
    backup = tmp_path / "backup.db"
    assert hv("backup", "--out", backup, env={"DATABASE_URL": db_url}).returncode == 0
    with sqlite3.connect(backup) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute("UPDATE audit_log SET detail = 'rewritten' WHERE id = 2")
    target = new_database("sqlite")
    tampered = hv("restore", "--from", backup, env={"DATABASE_URL": target})
    assert tampered.returncode == 1 and "entry 2" in tampered.stderr
    checked = make_engine(target)
    assert not any(table_counts(checked).values())
    checked.dispose()
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database", encoding="utf-8")
    refused = hv("restore", "--from", foreign, env={"DATABASE_URL": target})
    assert refused.returncode == 2 and "not a huvudman backup" in refused.stderr


def test_a_restore_killed_halfway_leaves_the_database_empty(filled, new_database, tmp_path,
                                                            monkeypatch) -> None:
    """One transaction: a failure on the last table leaves no table half-filled, and the
    next attempt restores everything."""
    from huvudman.store import backup as backups

    engine, _db_url = filled
    kept = tmp_path / "backup.db"
    backups.back_up(engine, kept)
    target = make_engine(new_database("sqlite"))
    real = backups._batches
    last = backups.Base.metadata.sorted_tables[-1].name

    def dies_at_the_last_table(connection, table):
        if table.name == last:
            raise SystemExit("killed")
        return real(connection, table)

    monkeypatch.setattr(backups, "_batches", dies_at_the_last_table)
    with pytest.raises(SystemExit):
        backups.restore(target, kept)
    assert not any(table_counts(target).values())
    monkeypatch.setattr(backups, "_batches", real)
    assert backups.restore(target, kept) == table_counts(engine)
    with target.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM audit_log")) >= 5
    target.dispose()


def test_a_backup_killed_halfway_leaves_no_file_that_looks_whole(filled, tmp_path,
                                                                 monkeypatch) -> None:
    from huvudman.store import backup as backups

    engine, _ = filled
    out = tmp_path / "backup.db"

    def killed(*_args):
        raise SystemExit("killed")

    monkeypatch.setattr(backups, "table_counts", killed)
    with pytest.raises(SystemExit):
        backups.back_up(engine, out)
    assert not out.exists()
    monkeypatch.undo()
    assert backups.back_up(engine, out) == table_counts(engine)
    assert Path(out).is_file()
