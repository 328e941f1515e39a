"""`huvudman backup` and `huvudman restore`: the portal's database to one file and back,
each checked — the audit log's chain intact and every table's rows counted — before it is
called done."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from huvudman.store import audit_log
from huvudman.store.backup import BackupError, back_up, backup_engine, restore, table_counts
from huvudman.store.database import database_url, make_engine, sessions


def back_up_database(console: Console, out: Path) -> int:
    """Back up $DATABASE_URL into the file `out` and check the copy; 0 done, 1 the copy's
    audit chain does not hold, 2 it could not be made."""
    engine = make_engine(database_url())
    try:
        counts = back_up(engine, out)
        copy = backup_engine(out)
        checked = _chain(copy)
        copy.dispose()
    except (BackupError, SQLAlchemyError, OSError) as err:
        return _failed(console, "backup", err)
    finally:
        engine.dispose()
    _print_counts(console, counts)
    if checked is not None:
        console.print(f"[bold red]the backup's audit log does not hold:[/] {checked}")
        return 1
    console.print(f"backup written to {out}: {sum(counts.values()):,} rows, the audit log's "
                  f"chain intact ({counts.get('audit_log', 0):,} entries)", highlight=False)
    return 0


def restore_database(console: Console, source: Path) -> int:
    """Restore the backup `source` into $DATABASE_URL (an empty database) and check it: every
    table as many rows as the backup, the audit chain intact; 0 done, 1 a check failed (a
    backup whose own audit chain does not hold is not restored at all), 2 it could not be
    restored (nothing was written)."""
    engine = make_engine(database_url())
    try:
        copy = backup_engine(source)
        expected = table_counts(copy)
        tampered = _chain(copy)
        copy.dispose()
        if tampered is not None:
            console.print(f"[bold red]not restored:[/] the backup's audit log does not hold "
                          f"({tampered}); nothing was changed", highlight=False)
            return 1
        counts = restore(engine, source)
        broken = _chain(engine)
    except (BackupError, SQLAlchemyError, OSError) as err:
        return _failed(console, "restore", err)
    finally:
        engine.dispose()
    _print_counts(console, counts, expected)
    differ = [t for t in expected if counts.get(t) != expected[t]]
    if differ or broken is not None:
        console.print(f"[bold red]restored, but the checks fail:[/] "
                      f"{', '.join(differ) or broken}", highlight=False)
        return 1
    console.print(f"restored {sum(counts.values()):,} rows from {source}; every table as in "
                  "the backup, the audit log's chain intact", highlight=False)
    return 0


def _chain(engine: Engine) -> str | None:
    """Why the audit chain in `engine`'s database does not hold, or None."""
    with sessions(engine)() as session:
        _, broken = audit_log.verify(session)
    return None if broken is None else f"entry {broken.entry_id}: {broken.reason}"


def _print_counts(console: Console, counts: dict[str, int],
                  expected: dict[str, int] | None = None) -> None:
    table = Table("table", "rows", *(("in the backup",) if expected else ()), box=None)
    for name, n in counts.items():
        table.add_row(name, f"{n:,}", *((f"{expected.get(name, 0):,}",) if expected else ()))
    console.print(table)


def _failed(console: Console, what: str, err: Exception) -> int:
    reason = str(err).splitlines()[0] if str(err) else err.__class__.__name__
    console.print(f"[bold red]error:[/] the {what} could not be made: {reason}", highlight=False)
    console.print("nothing was changed", style="dim")
    return 2
