"""Backups of the portal's database as one SQLite file, and restoring one into an empty database.

A backup is a single SQLite file whatever the database is: SQLite is copied page by page with
its online backup API (the portal may go on writing), PostgreSQL table by table inside one
repeatable-read transaction (one consistent snapshot). Either restores into SQLite or
PostgreSQL, so a backup is also the way between the two. Times are kept in UTC both ways.
A backup or restore killed halfway leaves nothing that looks whole: the file is written beside
its name and renamed at the end, and a restore is one transaction."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, insert, inspect, select, text

from huvudman.store.database import current_revision, upgrade
from huvudman.store.models import Base

#: Rows copied per statement.
_BATCH = 5_000


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why."""


def back_up(engine: Engine, target: Path) -> dict[str, int]:
    """Copy the whole database into a new SQLite file at `target`; the rows of each table."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already; a backup never overwrites a file")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if engine.dialect.name == "sqlite":
        _sqlite_online_copy(engine, partial)
    else:
        _logical_copy(engine, partial)
    counts = table_counts(_file_engine(partial))
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return counts


def restore(engine: Engine, source: Path) -> dict[str, int]:
    """Copy a backup into `engine`'s database, which must hold no rows (its schema is brought
    to the newest revision; an older backup is migrated on a copy first); the rows of each
    table restored."""
    source = Path(source)
    if not _is_backup(source):
        raise BackupError(f"{source} is not a huvudman backup (a SQLite file with a schema "
                          "revision)")
    upgrade(engine)
    held = {name: n for name, n in table_counts(engine).items() if n}
    if held:
        raise BackupError("the database is not empty (" + ", ".join(
            f"{name}: {n}" for name, n in sorted(held.items())) + "); restore into a new one")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "backup.db"
        shutil.copyfile(source, copy)
        backup = _file_engine(copy)
        upgrade(backup)  # a backup from an older version gets the newer schema
        with backup.connect() as src, engine.begin() as dst:
            for table in Base.metadata.sorted_tables:
                for rows in _batches(src, table):
                    dst.execute(insert(table), rows)
            if engine.dialect.name == "postgresql":
                _reset_sequences(dst)
        backup.dispose()
    return table_counts(engine)


def table_counts(engine: Engine) -> dict[str, int]:
    """The number of rows of each of the portal's tables."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        return {t.name: connection.scalar(select(func.count()).select_from(t))
                for t in Base.metadata.sorted_tables if t.name in present}


def backup_engine(path: Path) -> Engine:
    """An engine reading a backup file (to verify what it holds)."""
    if not _is_backup(Path(path)):
        raise BackupError(f"{path} is not a huvudman backup")
    return _file_engine(Path(path))


def _file_engine(path: Path) -> Engine:
    return create_engine(f"sqlite:///{path}")


def _is_backup(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            return connection.execute("SELECT version_num FROM alembic_version").fetchone() \
                is not None
    except sqlite3.DatabaseError:
        return False


def _sqlite_online_copy(engine: Engine, partial: Path) -> None:
    """SQLite's online backup: a consistent copy while others go on writing."""
    source = sqlite3.connect(engine.url.database)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()


def _logical_copy(engine: Engine, partial: Path) -> None:
    """Every table, row by row, from one repeatable-read snapshot into a SQLite file with the
    same schema revision."""
    revision = current_revision(engine)
    if revision is None:
        raise BackupError("the database has no schema yet: nothing to back up")
    out = _file_engine(partial)
    upgrade(out, revision)
    snapshot = engine.connect().execution_options(isolation_level="REPEATABLE READ")
    with snapshot as src, src.begin(), out.begin() as dst:
        src.execute(text("SET TRANSACTION READ ONLY"))
        for table in Base.metadata.sorted_tables:
            for rows in _batches(src, table):
                dst.execute(insert(table), rows)
    out.dispose()


def _batches(connection, table) -> Iterator[list[dict]]:
    """The table's rows in batches, with every time in UTC."""
    result = connection.execute(select(table).order_by(*table.primary_key.columns))
    while rows := result.mappings().fetchmany(_BATCH):
        yield [{k: _utc(v) for k, v in row.items()} for row in rows]


def _utc(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return value


def _reset_sequences(connection) -> None:
    """Let PostgreSQL's id sequences continue after the restored rows."""
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].autoincrement in (True, "auto") and \
                key[0].type.python_type is int:
            sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                         {"t": table.name, "c": key[0].name})
            if sequence:
                connection.execute(text(
                    f"SELECT setval('{sequence}', COALESCE((SELECT MAX({key[0].name}) "
                    f"FROM {table.name}), 0) + 1, false)"))
